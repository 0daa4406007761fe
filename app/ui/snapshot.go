package ui

import (
	"fmt"
	"hash/fnv"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// The inbox's snapshot: the first screen of the inbox that a reload
// opens from the device, painted by the page (the bridge's snapshot.js)
// before app.wasm has loaded, and replaced by the app's render of the
// same inbox. It is the page's root element as the app rendered the
// inbox it opened from the device at start, which is what the next
// start renders first, as long as nothing it shows has changed.
//
// So the app keeps it only while that holds, and forgets it when the
// state a reload opens changes: another account shown (show), the
// first screen's rows, their order, the inbox's counts or the language
// changed (refreshRows, setLanguage), sign out and every other close of
// the mailbox, an account removed or the device's copy cleared (the
// accounts panel). A start that opens no account drops the painted one.
// The next start from the device writes it again.

// snapshotKey is the snapshot's localStorage key (snapshot.js reads it).
const snapshotKey = "poppy.snapshot"

// snapshotRows is how many of the inbox's first rows the digest covers:
// more than any screen shows.
const snapshotRows = 100

// snapState is the snapshot this tab wrote.
type snapState struct {
	// digest is snapshotDigest when the snapshot was written; "" when
	// there is none.
	digest string
}

// saveSnapshot keeps the inbox that the start opened from the device,
// as it is rendered, once the render is in the page.
func (s *Shell) saveSnapshot(ctx app.Context) {
	mb, key := s.mbox, s.acct.Key
	ctx.Defer(func(app.Context) {
		if s.mbox != mb || mb == nil {
			return
		}
		snapshotScript("save", key)
		s.snap.digest = s.snapshotDigest()
	})
}

// forgetSnapshot forgets the stored snapshot (of any account).
func (s *Shell) forgetSnapshot(ctx app.Context) {
	s.snap.digest = ""
	forgetSnapshot(ctx)
}

func forgetSnapshot(ctx app.Context) {
	snapshotScript("forget")
	if ctx == nil {
		return // not mounted: nothing was written by this tab, and the script forgot
	}
	ctx.LocalStorage().Del(snapshotKey) // also without the page's script
}

// dropSnapshot forgets the snapshot and takes the painted one away: the
// start opened no account.
func (s *Shell) dropSnapshot(ctx app.Context) {
	s.forgetSnapshot(ctx)
	snapshotScript("drop")
}

// checkSnapshot forgets the snapshot once what it shows has changed.
func (s *Shell) checkSnapshot() {
	if s.snap.digest != "" && s.snapshotDigest() != s.snap.digest {
		s.forgetSnapshot(s.ctx)
	}
}

// snapshotDigest sums what the snapshot of the open inbox shows: the
// account, the language, the counts, the order, and the rows of its
// first screen as a start arranges them (no search, no selection).
func (s *Shell) snapshotDigest() string {
	h := fnv.New64a()
	fmt.Fprintln(h, s.acct.Key, i18n.Current().Tag(), len(s.rows), s.unread(), s.order.set)
	for _, r := range s.rows[:min(len(s.rows), snapshotRows)] {
		fmt.Fprintln(h, r.UID, r.FromName, r.FromAddr, r.Subject, r.Date.Unix(), r.Size,
			r.Read, r.PendingDelete, r.LocalOnly, r.HasAttachment, r.NoHeaders, convClass(s.order.marks, r.UID))
	}
	return string(h.Sum(nil))
}
