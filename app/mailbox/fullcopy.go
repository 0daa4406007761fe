package mailbox

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/store"
)

// ErrBudget: the full copy reached the account's storage budget and
// stopped. Nothing was evicted for it, and nothing is removed from the
// server for it.
var ErrBudget = errors.New("mailbox: the full copy stopped: it reached the storage budget set for this account (raise the budget, or free space)")

// CopyOptions configure FullCopy. A nil *CopyOptions, and every zero
// field, means the default noted beside it.
type CopyOptions struct {
	// Window bounds the RETRs pipelined at once; default 64. A window
	// also holds at most WindowBytes of message (at least one message).
	// Each window costs a round trip, and a window is held in memory
	// while the next one arrives: 2×WindowBytes at most. Natively larger
	// windows are faster (256: 2,000 messages of 20 KB over a 50 ms RTT
	// with store.Mem in 1.1–1.3 s instead of 2.1–2.8 s); in Chromium
	// they were slower (14.5 s instead of 10.3 s, one run each), and the
	// browser is what runs it.
	Window int
	// WindowBytes bounds the bytes of a window; default 4 MiB.
	WindowBytes int64
	// Budget caps the bytes of this account's kept copies (those only on
	// this device included); 0 means none but the device's quota.
	Budget int64
	// Progress, if set, is told after each message kept, on FullCopy's
	// goroutine.
	Progress func(CopyProgress)
	// Attempts is how many sessions in a row may drop before FullCopy
	// gives up; default 3.
	Attempts int
}

// CopyProgress is how far a full copy is.
type CopyProgress struct {
	Messages, TotalMessages int   // messages of the server's listing kept so far
	Bytes, TotalBytes       int64 // and their bytes
	// Left estimates the time to go from the rate so far; 0 if unknown.
	Left time.Duration
	// OnlyHere counts copies whose message the server no longer has.
	OnlyHere int
	// Unverified counts copies kept that failed verification.
	Unverified int
	Done       bool
}

func (o *CopyOptions) withDefaults() CopyOptions {
	var r CopyOptions
	if o != nil {
		r = *o
	}
	if r.Window <= 0 {
		r.Window = 64
	}
	if r.WindowBytes <= 0 {
		r.WindowBytes = 4 << 20
	}
	if r.Attempts <= 0 {
		r.Attempts = 3
	}
	return r
}

// FullCopy keeps a verified copy of every message on the server in keep
// (store.Keeping.PutKept), fetching those not yet kept with pipelined
// RETR in bounded windows, oldest first. What is kept already is not
// fetched again, so calling it again after a reload or a lost connection
// resumes; a dropped session is reopened up to Attempts times. It takes
// the session for one window at a time, so reading a message waits at
// most one window. Copies whose message the server no longer lists are
// marked "only on this device" and are never evicted.
//
// It stops with ErrBudget at the budget, and with the Store's quota
// error (store.IsQuota) when the device is full: either way nothing is
// removed from the server, and what was kept stays. It does network
// I/O: never call it on the UI goroutine.
func (m *Mailbox) FullCopy(ctx context.Context, keep store.Keeping, opts *CopyOptions) (CopyProgress, error) {
	o := opts.withDefaults()
	ctx, cancel := m.bound(ctx)
	defer cancel()
	var pr CopyProgress
	start := time.Now()
	var fetched int64
	report := func() {
		if fetched > 0 {
			left := pr.TotalBytes - pr.Bytes
			pr.Left = time.Duration(float64(time.Since(start)) * float64(left) / float64(fetched))
		}
		if o.Progress != nil {
			o.Progress(pr)
		}
	}
	drops, idle := 0, 0
	for {
		todo, used, err := m.copyPlan(ctx, keep, &pr)
		if err != nil {
			return pr, err
		}
		if len(todo) == 0 {
			pr.Done, pr.Left = true, 0
			report()
			return pr, nil
		}
		report()
		verified, written, err := m.copyAll(ctx, keep, todo, o, used, func(size int64, verified bool) {
			fetched += size
			if verified {
				pr.Messages++
				pr.Bytes += size
			} else {
				pr.Unverified++
			}
			report()
		})
		switch {
		case err == nil && written > 0 && verified == 0:
			// Every copy written failed its check: stop rather than
			// fetch them again forever.
			return pr, store.ErrNotVerified
		case err == nil && written == 0:
			// The listing changed under the plan: plan again, a few
			// times at most.
			if idle++; idle > 3 {
				return pr, errors.New("mailbox: the full copy made no progress: the server's listing keeps changing; try again later")
			}
		case err == nil:
			drops, idle = 0, 0
		case errors.Is(err, ErrBudget) || store.IsQuota(err) || ctx.Err() != nil:
			return pr, err
		default:
			var p *Problem
			if !errors.As(err, &p) || p.Kind != KindDropped {
				return pr, err
			}
			if drops++; drops >= o.Attempts {
				return pr, err
			}
		}
	}
}

// copyAll copies todo window by window. The device writes window k while
// the server sends window k+1, so neither waits for the other; a window
// is written in one batch (store.Keeping.PutKeptMany). It returns how
// many copies were written and how many of those verified, and the
// first error of the device, else of the server.
func (m *Mailbox) copyAll(ctx context.Context, keep store.Keeping, todo []copyItem, o CopyOptions, used int64, kept func(size int64, verified bool)) (verified, written int, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	windows := make(chan []fetchedMsg, 1)
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

// copyItem is a message to copy.
type copyItem struct {
	uid       string
	firstSeen time.Time
}

// copyPlan lists what is left to copy, oldest first, and fills pr's
// totals; used is the bytes of every copy of the account.
func (m *Mailbox) copyPlan(ctx context.Context, keep store.Keeping, pr *CopyProgress) ([]copyItem, int64, error) {
	if err := m.acquire(ctx); err != nil {
		return nil, 0, err
	}
	defer m.release()
	s, err := m.session(ctx)
	if err != nil {
		return nil, 0, err
	}
	if !s.hasUIDs {
		return nil, 0, ErrRetentionNoUIDL
	}
	kept, err := keptMap(ctx, keep, m.key)
	if err != nil {
		return nil, 0, storeProblem(err)
	}
	if err := m.settleKept(ctx, keep, s, kept); err != nil {
		return nil, 0, storeProblem(err)
	}
	var todo []copyItem
	var used int64
	*pr = CopyProgress{Unverified: pr.Unverified}
	for _, k := range kept {
		used += k.Size
		if k.OnlyHere() {
			pr.OnlyHere++
		}
	}
	for _, sm := range serverListing(s) {
		pr.TotalMessages++
		pr.TotalBytes += sm.Size
		k, ok := kept[sm.UID]
		if ok && k.Verified && k.Size == sm.Size {
			pr.Messages++
			pr.Bytes += sm.Size
			continue
		}
		// An unverified copy is fetched again: the new one replaces it.
		if ok {
			used -= k.Size
		}
		todo = append(todo, copyItem{uid: sm.UID, firstSeen: k.FirstSeen})
	}
	return todo, used, nil
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
	var bytes int64
	i := 0
	for ; i < len(todo); i++ {
		n, ok := s.num[todo[i].uid]
		if !ok {
			continue
		}
		if len(nums) > 0 && (len(nums) >= o.Window || bytes+s.size[n] > o.WindowBytes) {
			break
		}
		nums = append(nums, n)
		byNum[n] = todo[i]
		bytes += s.size[n]
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
		raw, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		msgs = append(msgs, fetchedMsg{it: byNum[n], listSize: s.size[n], raw: raw})
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
	k.Row = toHeader(parseSummary(raw, dec))
	h, _, _ := mailhdr.Read(raw)
	if d, ok := mailhdr.ParseDate(h.Get("Date")); ok {
		k.Date = d
	}
	return k
}
