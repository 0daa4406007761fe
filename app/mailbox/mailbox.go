package mailbox

import (
	"context"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/store"
)

// Mailbox is one account's inbox: the rows the person sees, the open POP3
// session behind them, deletions waiting for their undo window, and read
// marks. See the package documentation for which methods may be called
// from the UI goroutine.
type Mailbox struct {
	dial Dialer
	acct Account
	key  string // acct.Key(), for the Store
	opts Options
	dec  *mailhdr.Decoder
	ev   events
	st   storeWriter

	// life ends at Close; every network operation is bound to it.
	life   context.Context
	cancel context.CancelFunc
	// bg counts background goroutines (timers, keepalive, reconnect) so
	// Close can wait for them.
	bg sync.WaitGroup

	// op is held by whoever talks to the server: one operation at a time,
	// so that a commit's DELE and QUIT can never interleave with a
	// reconnect, and a message number is never used in another session
	// than the one it was resolved in. A channel so that waiting can give
	// up with a context.
	op chan struct{}

	// mu guards the fields below. It is never held during I/O, and never
	// while waiting for op, so the UI goroutine never waits on the
	// network.
	mu          sync.Mutex
	closed      bool
	sess        *session
	gen         int               // sessions opened so far; names IDs without UIDL
	entries     map[string]*entry // by Summary.UID
	view        []Summary         // visible rows, sorted; nil when it must be rebuilt
	hasUIDL     bool
	told        bool // a session has said whether the server has UIDL
	noTop       bool // the server refused TOP: do not ask again
	read        map[string]bool
	cacheLoaded bool               // LoadCache has run
	listing     store.Listing      // the last full listing, for inventory's quick check
	localOnly   map[string]Summary // rows kept only on this device, by UID (keep_rows.go)
	pending     []*batch
	problem     *Problem // the last unresolved problem, nil once a session opens

	keepalive    bool // the keepalive goroutine runs
	reconnecting bool // the reconnect goroutine runs
	lastClose    time.Time
	loginDelay   time.Duration // from the LOGIN-DELAY capability

	here hereState // deleting on this device only (deletehere.go)
}

// entry is a row together with what the list needs to know about it.
type entry struct {
	Summary
	hidden bool // deleted by the person, waiting for or in its commit
	// queued: deleted while offline, kept in the Store until a session
	// can commit it; shown as Summary.PendingDelete.
	queued bool
}

// New returns a Mailbox for acct that reaches the server through dial. It
// does not connect: call Sync (from a goroutine other than the UI's).
func New(dial Dialer, acct Account, opts *Options) *Mailbox {
	o := opts.withDefaults()
	life, cancel := context.WithCancel(context.Background())
	m := &Mailbox{
		dial:    dial,
		acct:    acct,
		key:     acct.Key(),
		opts:    o,
		dec:     newDecoder(o.CharsetReader),
		life:    life,
		cancel:  cancel,
		op:      make(chan struct{}, 1),
		entries: make(map[string]*entry),
		read:    make(map[string]bool),
	}
	m.ev.q.do = o.OnChange
	m.st.init(m)
	return m
}

// Messages returns the visible rows, newest first (by Date, then by
// message number). Messages deleted and waiting for their commit are left
// out. It does not wait for the network.
//
// The slice is shared: every caller until the next change gets the same
// one, so read it and never write to its rows (appending is safe: it has
// no spare capacity). The Mailbox never changes a slice it returned; a
// change makes a new one. Copying 10,000 rows for each caller cost a
// revisit in Chromium about 30 ms, most of it the collector's.
func (m *Mailbox) Messages() []Summary {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.view == nil {
		m.view = make([]Summary, 0, len(m.entries))
		for _, e := range m.entries {
			if !e.hidden && m.shownLocked(e.UID) {
				e.PendingDelete = e.queued
				m.view = append(m.view, e.Summary)
			}
		}
		m.view = m.appendLocalOnlyLocked(m.view)
		sortNewestFirst(m.view)
	}
	return m.view[:len(m.view):len(m.view)]
}

// Lookup returns the row of uid, including one waiting for its deletion.
func (m *Mailbox) Lookup(uid string) (Summary, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[uid]
	if !ok {
		return Summary{}, false
	}
	return e.Summary, true
}

// HasUIDL reports whether the server identifies messages across sessions
// (UIDL). When it does not, every session lists the whole mailbox again,
// read marks are not kept, and a deletion can only be committed in the
// session it was made in: the UI should say so. Before the first session
// it reports true.
func (m *Mailbox) HasUIDL() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.hasUIDL || !m.told
}

// SetPassword gives the Mailbox the password for its next session: a
// Mailbox made without one (to show the Store's copy at start, before
// the person signs in) never dials. "" signs out: the open session, if
// any, is kept until it ends, but no new one is opened.
func (m *Mailbox) SetPassword(password string) {
	m.mu.Lock()
	m.acct.Password = password
	m.mu.Unlock()
}

// SignedIn reports whether the Mailbox has a password (or a Login).
func (m *Mailbox) SignedIn() bool { return m.account().signedIn() }

func (m *Mailbox) account() Account {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.acct
}

// Connected reports whether a session is open.
func (m *Mailbox) Connected() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sess != nil
}

// Problem returns the last problem not yet resolved by a new session, or
// nil: what a status bar shows.
func (m *Mailbox) Problem() *Problem {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.problem
}

// Close ends the session without QUIT, stops every background goroutine,
// and cancels deletions still in their undo window: they were not
// committed, so the messages stay on the server (use Flush first to commit
// them). It waits for background goroutines, which end promptly since
// their network calls are cancelled, and for Store writes already queued,
// which are not: with a slow Store, call it off the UI goroutine.
func (m *Mailbox) Close() error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	for _, b := range m.pending {
		b.timer.Stop()
		b.state = batchUndone
	}
	m.pending = nil
	s := m.sess
	m.sess = nil
	m.mu.Unlock()

	m.cancel()
	if s != nil {
		s.c.Close()
	}
	m.bg.Wait()
	m.st.close()
	m.ev.stop()
	return nil
}

// track registers a background goroutine; false after Close.
func (m *Mailbox) track() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return false
	}
	m.bg.Add(1)
	return true
}

// bound returns ctx, also cancelled by Close.
func (m *Mailbox) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(m.life, cancel)
	return ctx, func() { stop(); cancel() }
}

// acquire takes the op lock.
func (m *Mailbox) acquire(ctx context.Context) error {
	select {
	case m.op <- struct{}{}:
	case <-ctx.Done():
		if m.life.Err() != nil {
			return closedProblem()
		}
		return classify(context.Cause(ctx), phaseSession)
	}
	m.mu.Lock()
	closed := m.closed
	m.mu.Unlock()
	if closed {
		<-m.op
		return closedProblem()
	}
	return nil
}

func (m *Mailbox) release() { <-m.op }

// current returns the open session, or nil.
func (m *Mailbox) current() *session {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.sess
}

// changed marks the view stale and tells the UI; mu must not be held.
func (m *Mailbox) changed() {
	m.mu.Lock()
	m.view = nil
	m.mu.Unlock()
	m.ev.emit(Event{Kind: EventListChanged})
}

// report records p as the current problem and tells the UI.
func (m *Mailbox) report(p *Problem) {
	if p == nil || p.Kind == KindCanceled || p.Kind == KindClosed {
		return
	}
	m.mu.Lock()
	m.problem = p
	m.mu.Unlock()
	m.ev.emit(Event{Kind: EventProblem, Problem: p})
}

// sleep waits for d or until ctx ends; false if ctx ended.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
