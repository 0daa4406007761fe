package mailbox

import (
	"context"
	"errors"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// ErrBudget: the full copy reached the account's storage budget and
// stopped. Nothing was evicted for it, and nothing is removed from the
// server for it.
var ErrBudget = errors.New("mailbox: the full copy stopped: it reached the storage budget set for this account (raise the budget, or free space)")

// CopyOptions configure FullCopy. A nil *CopyOptions, and every zero
// field, means the default noted beside it.
type CopyOptions struct {
	// Window bounds the RETRs pipelined at once; default 256. A window
	// also holds at most WindowBytes of message (at least one message),
	// which bounds it first for messages over 16 KB. Each window costs a
	// round trip and three transactions on the device (the strict write,
	// the read-back, the marks), and a window is held in memory while
	// the next two arrive: 3×WindowBytes at most. Natively larger
	// windows are faster (256: 2,000 messages of 20 KB over a 50 ms RTT
	// with store.Mem in 1.1–1.3 s instead of 2.1–2.8 s); in Chromium the
	// copy is bound by the browser's CPU (about 9 s of it for 40 MB on
	// the shared bench machine, app/internal/benchreport -only-keep),
	// which a window of 64 or 256 changes by less than the runs vary.
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
		r.Window = 256
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
