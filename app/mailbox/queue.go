package mailbox

import (
	"context"
	"errors"
	"slices"
)

// deleteLater handles a commit that could not reach the server: when
// waiting can fix that (offline, a dropped connection, not signed in),
// the deletions are kept on the device and shown as pending, to be
// committed by UIDL when a session opens (commitQueued). Otherwise, and
// for rows without a UIDL, which mean nothing in the next session, the
// rows come back (deleteFailed).
func (m *Mailbox) deleteLater(uids []string, p *Problem) error {
	if !p.Temporary() && p.Kind != KindSignedOut {
		return m.deleteFailed(uids, p)
	}
	var later, failed []string
	m.mu.Lock()
	for _, uid := range uids {
		e := m.entries[uid]
		switch {
		case e == nil:
		case synthetic(uid):
			failed = append(failed, uid)
		default:
			e.hidden, e.queued = false, true
			later = append(later, uid)
		}
	}
	m.view = nil
	m.mu.Unlock()
	var err error
	if len(failed) > 0 {
		err = m.deleteFailed(failed, staleProblem(failed[0]))
	}
	if len(later) > 0 {
		m.st.queueDeletes(later)
		m.ev.emit(Event{Kind: EventDeleteQueued, UIDs: later, Problem: p})
		m.ev.emit(Event{Kind: EventListChanged})
		err = errors.Join(err, p)
	}
	return err
}

// CancelDelete takes back deletions queued while offline (rows marked
// PendingDelete), and reports whether any was: a queued deletion can be
// cancelled until a session starts committing it. It does not wait for
// the network or the Store.
func (m *Mailbox) CancelDelete(uids ...string) bool {
	m.mu.Lock()
	var took []string
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil && e.queued && !e.hidden {
			e.queued = false
			took = append(took, uid)
		}
	}
	m.view = nil
	m.mu.Unlock()
	if len(took) == 0 {
		return false
	}
	m.st.unqueue(took)
	m.ev.emit(Event{Kind: EventListChanged})
	return true
}

// commitQueued commits the deletions queued while offline, now that a
// session is open; the op lock must be held. Each is resolved by UIDL in
// this session (commit), so a message renumbered meanwhile is still the
// one deleted; one that is gone already (deleted by another program) left
// the list and the Store when the session's listing was reconciled, and
// is not deleted twice.
func (m *Mailbox) commitQueued(ctx context.Context) error {
	m.mu.Lock()
	var uids []string
	for uid, e := range m.entries {
		if e.queued && !e.hidden {
			e.hidden = true
			uids = append(uids, uid)
		}
	}
	m.view = nil
	m.mu.Unlock()
	if len(uids) == 0 {
		return nil
	}
	slices.Sort(uids)
	m.ev.emit(Event{Kind: EventListChanged})
	// As in commitDue: deleted on the server only if the choice still
	// says so (deletehere.go); else hidden here, or kept queued if the
	// store cannot say.
	if ok, err := m.serverDeleteAllowed(ctx); !ok {
		m.mu.Lock()
		for _, uid := range uids {
			if e := m.entries[uid]; e != nil {
				e.hidden, e.queued = false, err != nil
			}
		}
		m.view = nil
		m.mu.Unlock()
		if err != nil {
			m.ev.emit(Event{Kind: EventListChanged})
			return storeProblem(err)
		}
		m.st.unqueue(uids)
		return m.commitHere(ctx, uids, nil)
	}
	return m.commit(ctx, uids)
}
