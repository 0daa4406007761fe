package mailbox

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/poppymail/poppy/app/archive/mbox"
	"github.com/poppymail/poppy/app/store"
)

// ExportMbox writes every message of the list (LocalOnly rows included)
// to w as an mboxrd archive (RFC 4155, package mbox), oldest first, and
// returns how many it wrote. A message comes from its kept copy, else
// the cache, else the server (Fetch): so it may do network I/O, and must
// not run on the UI goroutine. The envelope sender is the From address.
func (m *Mailbox) ExportMbox(ctx context.Context, w io.Writer) (int, error) {
	mw := mbox.NewWriter(w)
	return m.EachMessage(ctx, func(r Summary, raw []byte) error {
		return mw.WriteMessage(r.FromAddr, r.Date, bytes.NewReader(raw))
	})
}

// PreviewRetention returns what ApplyRetention with p would remove now,
// and what it would hold back, without removing anything: for the
// accounts panel to show before a policy change takes effect. It opens a
// session if none is open.
func (m *Mailbox) PreviewRetention(ctx context.Context, keep store.Keeping, p store.Retention, persistent bool) (Plan, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		return Plan{}, err
	}
	defer m.release()
	s, err := m.session(ctx)
	if err != nil {
		return Plan{}, err
	}
	if !s.hasUIDs {
		return Plan{}, ErrRetentionNoUIDL
	}
	kept, err := keptMap(ctx, keep, m.key)
	if err != nil {
		return Plan{}, storeProblem(err)
	}
	return PlanRetention(p, serverListing(s), Device{Kept: kept, Persistent: persistent, Now: time.Now(), Dated: m.rowDates()}), nil
}
