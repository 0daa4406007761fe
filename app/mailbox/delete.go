package mailbox

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/poppymail/poppy/pop3"
)

// batch is the messages of one Delete call.
type batch struct {
	uids     []string
	deadline time.Time
	timer    stopper
	due      bool       // its timer has fired; guarded by Mailbox.mu
	state    batchState // guarded by Mailbox.mu
}

type batchState int

const (
	batchPending    batchState = iota // in the undo window, or waiting for the op lock
	batchCommitting                   // DELE may be on the wire: too late to undo
	batchDone
	batchUndone
)

func dropDone(bs []*batch) []*batch {
	return slices.DeleteFunc(bs, func(b *batch) bool { return b.state == batchDone || b.state == batchUndone })
}

// Delete removes the rows uids from the list at once and deletes the
// messages on the server after Options.UndoWindow, unless undo is called
// first. It does not wait for the network, so the UI goroutine may call it.
//
// The commit sends DELE for each message, by its number in the session
// open then (resolved from its UIDL), then QUIT, which is when a POP3
// server deletes; then a new session is opened, whose listing also checks
// the result. EventDeleted reports what the server confirmed. If the
// server refuses, the connection drops before QUIT is answered, or the
// deletion cannot be confirmed, the rows come back and EventDeleteFailed
// says why: a row may come back for a message that is in fact gone (it
// leaves at the next session), but a message is never reported deleted
// while the server still has it. Messages another program deleted
// meanwhile count as deleted.
//
// undo reports whether it was in time: it is until the commit has taken
// the session (at the end of the undo window, or later if the session was
// busy). Unknown UIDs, and rows already being deleted, are ignored.
func (m *Mailbox) Delete(uids ...string) (undo func() bool) {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return func() bool { return false }
	}
	var took []string
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil && !e.hidden {
			e.hidden = true
			took = append(took, uid)
		}
	}
	if len(took) == 0 {
		m.mu.Unlock()
		return func() bool { return false }
	}
	b := &batch{uids: took, deadline: time.Now().Add(m.opts.UndoWindow)}
	b.timer = m.opts.undoTimer(m.opts.UndoWindow, func() { m.windowEnded(b) })
	m.pending = append(m.pending, b)
	m.view = nil
	m.mu.Unlock()
	m.ev.emit(Event{Kind: EventListChanged})
	return func() bool { return m.undo(b) }
}

func (m *Mailbox) undo(b *batch) bool {
	m.mu.Lock()
	if b.state != batchPending {
		m.mu.Unlock()
		return false
	}
	b.state = batchUndone
	b.timer.Stop()
	m.pending = dropDone(m.pending)
	m.unhideLocked(b.uids)
	m.mu.Unlock()
	m.ev.emit(Event{Kind: EventListChanged})
	return true
}

func (m *Mailbox) unhideLocked(uids []string) {
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil {
			e.hidden = false
		}
	}
	m.view = nil
}

// Flush commits every deletion still in its undo window now, and returns
// when the server has answered (for "sign out": Close alone would cancel
// them). Its error is a *Problem; the events are those of Delete.
func (m *Mailbox) Flush(ctx context.Context) error {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	return m.commitDue(ctx, true)
}

// windowEnded runs when b's undo window ends. Its own timer marks the
// batch due, so the commit does not depend on the clock agreeing with the
// timer; other batches whose deadline has passed go along with it.
func (m *Mailbox) windowEnded(b *batch) {
	m.mu.Lock()
	b.due = true
	m.mu.Unlock()
	m.commitLater()
}

// commitLater commits the batches that are due.
func (m *Mailbox) commitLater() {
	if !m.track() {
		return
	}
	defer m.bg.Done()
	ctx, cancel := context.WithTimeout(m.life, m.opts.Timeout)
	defer cancel()
	m.commitDue(ctx, false)
}

// commitDue commits the batches whose undo window has ended (all of them
// if all is set), together. A batch stays undoable until the op lock is
// ours, since until then nothing has been sent.
func (m *Mailbox) commitDue(ctx context.Context, all bool) error {
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer m.release()
	m.mu.Lock()
	var due []*batch
	var uids []string
	now := time.Now()
	for _, b := range m.pending {
		if b.state == batchPending && (all || b.due || !now.Before(b.deadline)) {
			b.state = batchCommitting
			b.timer.Stop()
			due = append(due, b)
			uids = append(uids, b.uids...)
		}
	}
	m.mu.Unlock()
	if len(due) == 0 {
		return nil
	}
	err := m.commit(ctx, uids)
	m.mu.Lock()
	for _, b := range due {
		b.state = batchDone
	}
	m.pending = dropDone(m.pending)
	m.mu.Unlock()
	return err
}

// commit deletes uids on the server: DELE each, QUIT, then a new session,
// which also verifies a QUIT whose outcome is unknown. This and nothing
// else in the package sends DELE or QUIT. The op lock is held.
func (m *Mailbox) commit(ctx context.Context, uids []string) error {
	s := m.current()
	if s == nil {
		if _, err := m.open(ctx, nil); err != nil {
			return m.deleteLater(uids, classify(err, phaseSession))
		}
		if s = m.current(); s == nil {
			return m.deleteFailed(uids, closedProblem())
		}
	}
	var nums []int
	var targets, gone, stale []string
	for {
		nums, targets, gone, stale = nil, nil, nil, nil
		for _, uid := range uids {
			switch n, ok := s.num[uid]; {
			case ok:
				nums, targets = append(nums, n), append(targets, uid)
			case s.hasUIDs:
				gone = append(gone, uid) // deleted by someone else: done
			default:
				stale = append(stale, uid)
			}
		}
		// DELE takes numbers: in a session whose listing came from the
		// Store, each one is checked against the server first.
		sure, err := m.confirm(ctx, s, nums)
		if err != nil {
			p := classify(err, phaseSession)
			m.sessionLost(s, p, true)
			return m.deleteLater(uids, p)
		}
		if sure {
			break
		}
		if s = m.current(); s == nil {
			return m.deleteLater(uids, closedProblem())
		}
	}
	var firstErr error
	if len(stale) > 0 {
		firstErr = m.deleteFailed(stale, staleProblem(stale[0]))
	}
	if len(nums) == 0 {
		m.deleted(gone)
		return firstErr
	}

	if err := s.c.DeleMany(ctx, nums); err != nil {
		if !allRefusals(err) {
			// The session ended before QUIT: the server deletes nothing.
			p := classify(err, phaseSession)
			m.sessionLost(s, p, true)
			m.deleted(gone)
			return errors.Join(firstErr, m.deleteLater(targets, p))
		}
		// Some DELE got -ERR: those stay; the others go ahead.
		refused := refusedNumbers(err)
		var ok []string
		var no []string
		for i, n := range nums {
			if refused[n] {
				no = append(no, targets[i])
			} else {
				ok = append(ok, targets[i])
			}
		}
		firstErr = errors.Join(firstErr, m.deleteFailed(no, classify(err, phaseSession)))
		targets = ok
		if len(targets) == 0 {
			m.deleted(gone)
			return firstErr
		}
	}

	qerr := s.c.Quit(ctx)
	m.mu.Lock()
	if m.sess == s {
		m.sess = nil
	}
	m.lastClose = time.Now()
	m.mu.Unlock()

	// The new session is also the check: with UIDL, whatever it still
	// lists was not deleted, whatever QUIT said.
	_, oerr := m.open(ctx, nil)
	m.mu.Lock()
	verified := oerr == nil && s.hasUIDs && m.sess != nil && m.sess.hasUIDs
	var done, still []string
	for _, uid := range targets {
		if verified && m.sess.num[uid] != 0 {
			still = append(still, uid)
		} else {
			done = append(done, uid)
		}
	}
	m.mu.Unlock()

	switch {
	case verified:
		m.deleted(append(gone, done...))
		if len(still) > 0 {
			firstErr = errors.Join(firstErr, m.deleteFailed(still, commitProblem(qerr, true)))
		}
	case qerr == nil:
		m.deleted(append(gone, targets...))
	default:
		m.deleted(gone)
		firstErr = errors.Join(firstErr, m.deleteFailed(targets, commitProblem(qerr, false)))
	}
	if oerr != nil {
		firstErr = errors.Join(firstErr, oerr)
	}
	return firstErr
}

// deleted removes rows the server no longer has and reports them.
func (m *Mailbox) deleted(uids []string) {
	if len(uids) == 0 {
		return
	}
	m.mu.Lock()
	for _, uid := range uids {
		delete(m.entries, uid)
		delete(m.read, uid)
	}
	m.view = nil
	persist := m.hasUIDL
	m.mu.Unlock()
	if persist {
		m.st.forget(uids)
	}
	m.ev.emit(Event{Kind: EventDeleted, UIDs: uids})
	m.ev.emit(Event{Kind: EventListChanged})
}

// deleteFailed brings rows back and reports why they were not deleted.
func (m *Mailbox) deleteFailed(uids []string, p *Problem) *Problem {
	if len(uids) == 0 {
		return nil
	}
	m.mu.Lock()
	m.unhideLocked(uids)
	var unqueue []string
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil && e.queued {
			e.queued = false
			unqueue = append(unqueue, uid)
		}
	}
	m.problem = p
	m.mu.Unlock()
	if len(unqueue) > 0 {
		m.st.unqueue(unqueue)
	}
	m.ev.emit(Event{Kind: EventDeleteFailed, UIDs: uids, Problem: p})
	m.ev.emit(Event{Kind: EventListChanged})
	return p
}

// commitProblem explains a QUIT that failed or went unanswered (qerr), or
// that succeeded while the next session still listed the messages (qerr
// nil, verified).
func commitProblem(qerr error, verified bool) *Problem {
	p := &Problem{Kind: KindCommit, Verified: verified, Err: qerr, Detail: "QUIT answered +OK, but the next session still lists the messages"}
	if qerr != nil {
		p.Detail = qerr.Error()
	}
	var pe *pop3.Error
	if errors.As(qerr, &pe) {
		p.Code, p.ServerText, p.Detail = pe.Code, pe.Text, serverWords(pe)
	}
	return p
}

// allRefusals reports whether err joins only -ERR refusals of single
// messages (pop3.ItemError wrapping pop3.Error), so the session lives on.
func allRefusals(err error) bool {
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var ie *pop3.ItemError
		if !errors.As(e, &ie) || !alive(ie.Err) {
			return false
		}
	}
	return len(errs) > 0
}

func refusedNumbers(err error) map[int]bool {
	out := map[int]bool{}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			var ie *pop3.ItemError
			if errors.As(e, &ie) {
				out[ie.Msg] = true
			}
		}
	}
	return out
}
