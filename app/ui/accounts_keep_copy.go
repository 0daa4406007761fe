package ui

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// keeper runs the full copy of one open mailbox and holds its progress.
// Its fields are guarded by mu: the copy reports from its own goroutine.
type keeper struct {
	db store.DB
	mb *mailbox.Mailbox

	mu         sync.Mutex
	running    bool
	progress   mailbox.CopyProgress
	stopped    string // why the last copy stopped early, or ""
	persistent bool
	painted    time.Time // when progress last asked for a repaint
	listener   func()    // the panel's re-render while it is open
}

// keepers holds the keeper of each open mailbox; UI goroutine only.
var keepers = map[*mailbox.Mailbox]*keeper{}

func keeperFor(db store.DB, mb *mailbox.Mailbox) *keeper {
	k := keepers[mb]
	if k == nil {
		for old := range keepers {
			delete(keepers, old) // one open mailbox at a time
		}
		k = &keeper{db: db, mb: mb}
		keepers[mb] = k
	}
	return k
}

// startKeeping is called when a mailbox opens: it lists what the device
// keeps only for it, and resumes the full copy if the account has it
// on, then runs the account's retention policy.
func (s *Shell) startKeeping(mb *mailbox.Mailbox) {
	if s.db == nil || mb == nil {
		return
	}
	k := keeperFor(s.db, mb)
	db, key := s.db, s.acct.Key
	storagePersist(false, func(p bool) {
		k.mu.Lock()
		k.persistent = p
		k.mu.Unlock()
	})
	// Nothing of this is on the inbox's first paint: the kept-only rows
	// are rare, and the copy and the policy are background work. Started
	// before the paint, it would read the device and draw the list again
	// on the only thread the page paints with.
	painted := paintGate()
	go func() {
		<-painted
		_ = mb.LoadKept(context.Background())
		ks, err := db.KeepSettings(context.Background(), key)
		switch {
		case err != nil || !mb.SignedIn():
		case ks.FullCopy:
			k.copy(ks) // then the policy
		case ks.Retention.Policy != store.RetainLeave:
			k.mu.Lock()
			persistent := k.persistent
			k.mu.Unlock()
			_, _ = mb.ApplyRetention(context.Background(), db, ks.Retention, persistent)
		}
	}()
}

// copy runs a full copy to its end (or its stop), then the retention
// policy; it returns at once if one runs already.
func (k *keeper) copy(ks store.KeepSettings) {
	k.mu.Lock()
	if k.running {
		k.mu.Unlock()
		return
	}
	k.running, k.stopped = true, ""
	k.mu.Unlock()
	k.notify()
	pr, err := k.mb.FullCopy(context.Background(), k.db, &mailbox.CopyOptions{
		Budget: ks.Budget,
		Progress: func(p mailbox.CopyProgress) {
			// The panel repaints at most ten times a second: a repaint per
			// message would cost the copy more than its writes.
			k.mu.Lock()
			k.progress = p
			due := time.Since(k.painted) >= 100*time.Millisecond
			if due {
				k.painted = time.Now()
			}
			k.mu.Unlock()
			if due {
				k.notify()
			}
		},
	})
	k.mu.Lock()
	k.running, k.progress = false, pr
	switch {
	case errors.Is(err, mailbox.ErrBudget):
		k.stopped = i18n.T("Stopped: the copy reached the storage budget for this account. Nothing was removed from the server.")
	case store.IsQuota(err):
		k.stopped = i18n.T("Stopped: this device has no space left. Nothing was removed from the server.")
	case err != nil:
		k.stopped = i18n.T("Stopped: {0}. It resumes when the account opens again.", err)
	}
	persistent := k.persistent
	k.mu.Unlock()
	if err == nil && ks.Retention.Policy != store.RetainLeave {
		_, _ = k.mb.ApplyRetention(context.Background(), k.db, ks.Retention, persistent)
	}
	k.notify()
}

func (k *keeper) notify() {
	archiveKick() // write what was kept to the folder archive
	k.mu.Lock()
	f := k.listener
	k.mu.Unlock()
	if f != nil {
		f()
	}
}

// progressText is what #copy-progress says.
func (k *keeper) progressText(on bool) string {
	k.mu.Lock()
	defer k.mu.Unlock()
	p := k.progress
	switch {
	case k.stopped != "":
		return k.stopped
	case !on && !k.running:
		return i18n.T("Messages are downloaded when you open them.")
	case p.Done && !k.running:
		s := i18n.N("Done: all {0} messages on the server are kept on this device ({1}).", p.TotalMessages, formatSize(p.Bytes))
		if p.OnlyHere > 0 {
			s += " " + i18n.N("{0} more exist only on this device.", p.OnlyHere)
		}
		return s
	case p.TotalMessages == 0:
		return i18n.T("Starting the copy…")
	}
	s := i18n.N("Copying: {1} of {0} messages, {2} of {3}", p.TotalMessages, p.Messages, formatSize(p.Bytes), formatSize(p.TotalBytes))
	if p.Left > 0 {
		s += i18n.T(", about {0} left", p.Left.Round(time.Second).String())
	}
	return s + "."
}
