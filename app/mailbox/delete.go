package mailbox

import (
	"context"
	"errors"
	"slices"
	"time"
)

// batch is the messages of one Delete call.
type batch struct {
	uids []string // rows the server lists
	// local are LocalOnly rows, whose copies are dropped from the
	// device; hideOnly says uids are hidden on the device, not deleted
	// on the server (deletehere.go). Such a batch never waits for the
	// network.
	local    []string
	hideOnly bool
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
		if e := m.entries[uid]; e != nil && !e.hidden && m.shownLocked(uid) {
			e.hidden = true
			took = append(took, uid)
		}
	}
	local := m.takeLocalLocked(uids)
	if len(took) == 0 && len(local) == 0 {
		m.mu.Unlock()
		return func() bool { return false }
	}
	// What stays on the device goes in a batch of its own, which never
	// waits for the server; what the server deletes in another.
	var bs []*batch
	if m.here.only {
		bs = append(bs, m.newBatchLocked(&batch{uids: took, local: local, hideOnly: true}))
	} else {
		if len(local) > 0 {
			bs = append(bs, m.newBatchLocked(&batch{local: local, hideOnly: true}))
		}
		if len(took) > 0 {
			bs = append(bs, m.newBatchLocked(&batch{uids: took}))
		}
	}
	m.view = nil
	m.mu.Unlock()
	m.ev.emit(Event{Kind: EventListChanged})
	return func() bool {
		ok := true
		for _, b := range bs {
			ok = m.undo(b) && ok
		}
		return ok
	}
}

// newBatchLocked starts b's undo window; mu must be held.
func (m *Mailbox) newBatchLocked(b *batch) *batch {
	b.deadline = time.Now().Add(m.opts.UndoWindow)
	b.timer = m.opts.undoTimer(m.opts.UndoWindow, func() { m.windowEnded(b) })
	m.pending = append(m.pending, b)
	return b
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
	for _, uid := range b.local {
		delete(m.here.dropping, uid)
	}
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
	herr := m.commitDueHere(all)
	err := m.commitDueServer(ctx, all)
	if herr == nil {
		return err // a *Problem, as Flush promises
	}
	return errors.Join(herr, err)
}

// commitDueHere carries out the due batches that stay on the device
// (batch.hideOnly), without the op lock: they send nothing.
func (m *Mailbox) commitDueHere(all bool) error {
	m.mu.Lock()
	var due []*batch
	now := time.Now()
	for _, b := range m.pending {
		if b.hideOnly && b.state == batchPending && (all || b.due || !now.Before(b.deadline)) {
			b.state = batchCommitting
			b.timer.Stop()
			due = append(due, b)
		}
	}
	m.mu.Unlock()
	var err error
	for _, b := range due {
		// The store's own context: a device write is not cut short by
		// the session's deadline.
		err = errors.Join(err, m.commitHere(m.life, b.uids, b.local))
	}
	if len(due) > 0 {
		m.mu.Lock()
		for _, b := range due {
			b.state = batchDone
		}
		m.pending = dropDone(m.pending)
		m.mu.Unlock()
	}
	return err
}

// commitDueServer commits the due batches that the server deletes.
func (m *Mailbox) commitDueServer(ctx context.Context, all bool) error {
	m.mu.Lock()
	waiting := false
	for _, b := range m.pending {
		waiting = waiting || !b.hideOnly && b.state == batchPending
	}
	m.mu.Unlock()
	if !waiting {
		return nil
	}
	if err := m.acquire(ctx); err != nil {
		return err
	}
	defer m.release()
	m.mu.Lock()
	var due []*batch
	var uids []string
	now := time.Now()
	for _, b := range m.pending {
		if !b.hideOnly && b.state == batchPending && (all || b.due || !now.Before(b.deadline)) {
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
	var err error
	// The choice is read again just before DELE: a person who has
	// meanwhile chosen to delete here only gets that.
	if ok, serr := m.serverDeleteAllowed(ctx); ok {
		err = m.commit(ctx, uids)
	} else if serr != nil {
		err = m.deleteFailed(uids, storeProblem(serr))
	} else {
		err = m.commitHere(ctx, uids, nil)
	}
	m.mu.Lock()
	for _, b := range due {
		b.state = batchDone
	}
	m.pending = dropDone(m.pending)
	m.mu.Unlock()
	return err
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
