package mailbox

import (
	"bytes"
	"context"
	"io"
	"time"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/store"
)

// The windows of a full copy: fetched by pipelined RETR, one window per
// hold of the session, and written to the device in one batch each.

// copyAll copies todo window by window. The device writes window k while
// the server sends window k+1, so neither waits for the other; a window
// is written in one batch (store.Keeping.PutKeptMany). It returns how
// many copies were written and how many of those verified, and the
// first error of the device, else of the server.
func (m *Mailbox) copyAll(ctx context.Context, keep store.Keeping, todo []copyItem, o CopyOptions, used int64, kept func(size int64, verified bool)) (verified, written int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	windows := make(chan []fetchedMsg, 2)
	werr := make(chan error, 1)
	go func() {
		var err error
		for w := range windows {
			if err != nil {
				continue // drain: the fetcher stops at the cancel
			}
			var v, n int
			v, n, err = m.keepWindow(ctx, keep, w, o, &used, kept)
			verified, written = verified+v, written+n
			if err != nil {
				cancel()
			}
		}
		werr <- err
	}()
	var ferr error
	for len(todo) > 0 && ctx.Err() == nil {
		var w []fetchedMsg
		var rest []copyItem
		w, rest, ferr = m.copyWindow(ctx, todo, o)
		if ferr != nil {
			break
		}
		if len(rest) == len(todo) {
			break // nothing resolvable now: the next plan decides
		}
		todo = rest
		if len(w) > 0 {
			windows <- w
		}
	}
	close(windows)
	if err := <-werr; err != nil {
		return verified, written, err
	}
	return verified, written, ferr
}

// fetchedMsg is a message of a window, read whole.
type fetchedMsg struct {
	it       copyItem
	listSize int64
	raw      []byte
}

// copyWindow fetches the first window of todo, holding the session for
// that window only, and returns its messages and what is left of todo
// (the messages the session no longer lists are dropped: the next plan
// sees them).
func (m *Mailbox) copyWindow(ctx context.Context, todo []copyItem, o CopyOptions) ([]fetchedMsg, []copyItem, error) {
	if err := m.acquire(ctx); err != nil {
		return nil, todo, err
	}
	defer m.release()
	s, err := m.session(ctx)
	if err != nil {
		return nil, todo, err
	}
	var nums []int
	byNum := map[int]copyItem{}
	var size int64 // of the window
	i := 0
	for ; i < len(todo); i++ {
		n, ok := s.num[todo[i].uid]
		if !ok {
			continue
		}
		if len(nums) > 0 && (len(nums) >= o.Window || size+s.size[n] > o.WindowBytes) {
			break
		}
		nums = append(nums, n)
		byNum[n] = todo[i]
		size += s.size[n]
	}
	if len(nums) == 0 {
		return nil, todo[i:], nil
	}
	sure, err := m.confirm(ctx, s, nums)
	if err != nil {
		p := classify(err, phaseSession)
		m.sessionLost(s, p, false)
		return nil, todo, p
	}
	if !sure {
		return nil, todo, nil // relisted: plan again
	}
	var msgs []fetchedMsg
	// The window is read whole before it is written, so the store never
	// holds up the server's replies.
	err = s.c.RetrMany(ctx, nums, func(n int, body io.Reader, err error) error {
		if err != nil {
			return nil // refused (-ERR): left for the next plan
		}
		// Read into a buffer of the listed size: io.ReadAll would grow
		// its own from 512 bytes, copying each message about twice more
		// and leaving the copies to the collector, on the thread that
		// also receives and writes the copy.
		buf := bytes.NewBuffer(make([]byte, 0, max(s.size[n], 0)+bytes.MinRead))
		if _, err := buf.ReadFrom(body); err != nil {
			return err
		}
		msgs = append(msgs, fetchedMsg{it: byNum[n], listSize: s.size[n], raw: buf.Bytes()})
		return nil
	})
	s.lastUsed = time.Now()
	if err != nil && !alive(err) {
		p := classify(err, phaseSession)
		m.sessionLost(s, p, false)
		return nil, todo, p
	}
	return msgs, todo[i:], nil
}

// keepWindow writes a window's messages to keep in one batch, within the
// budget, calling kept for each; it returns how many were verified.
func (m *Mailbox) keepWindow(ctx context.Context, keep store.Keeping, w []fetchedMsg, o CopyOptions, used *int64, kept func(size int64, verified bool)) (verified, written int, err error) {
	var budgetErr error
	ks := make([]store.Kept, 0, len(w))
	raws := make([][]byte, 0, len(w))
	total := *used
	for _, f := range w {
		size := int64(len(f.raw))
		if o.Budget > 0 && total+size > o.Budget {
			budgetErr = ErrBudget
			break
		}
		total += size
		k := keptRecord(f.raw, m.dec)
		k.UID, k.ListSize, k.FirstSeen = f.it.uid, f.listSize, f.it.firstSeen
		k.Row.UID, k.Row.Size = f.it.uid, f.listSize
		if k.FirstSeen.IsZero() {
			k.FirstSeen = time.Now()
		}
		ks, raws = append(ks, k), append(raws, f.raw)
	}
	if len(ks) == 0 {
		return 0, 0, budgetErr
	}
	got, err := keep.PutKeptMany(ctx, m.key, ks, raws)
	if err != nil {
		return 0, 0, err
	}
	for i, k := range got {
		*used += int64(len(raws[i]))
		if k.Verified {
			verified++
		}
		kept(int64(len(raws[i])), k.Verified)
	}
	return verified, len(got), budgetErr
}

// keptRecord makes the record of a message from its bytes: its row, and
// its Date header alone (not Received: the retention policy says "by the
// Date header").
func keptRecord(raw []byte, dec *mailhdr.Decoder) store.Kept {
	var k store.Kept
	h, _, _ := mailhdr.Read(raw) // once, for the row and the Date
	k.Row = toHeader(summaryOf(h, dec))
	if d, ok := mailhdr.ParseDate(h.Get("Date")); ok {
		k.Date = d
	}
	return k
}
