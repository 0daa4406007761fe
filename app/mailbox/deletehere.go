package mailbox

import (
	"context"
)

// Deleting here, as the account's store.KeepSettings.DeleteHereOnly
// chooses ("Delete from the server when I delete it here", on by
// default):
//   - on: a deleted row is deleted on the server at the end of its undo
//     window (commit: DELE, QUIT), as always;
//   - off: the row is hidden on this device only: its UIDL is stored
//     (store.Keeping.SetHidden), so the next sync does not bring it back,
//     and the server keeps the message until the retention policy
//     removes it, which it does under the policy's own safety rule.
//
// A row kept only on this device (LocalOnly) has nothing on the server:
// deleting it drops its copy from the device, at the end of the same undo
// window, whatever the choice.
//
// Nothing is deleted on the server that the person did not ask for: a
// deletion made while the choice was off is hidden here, and one made
// while it was on is sent only if the choice, read again from the store
// just before DELE, is still on (else it too is hidden here).

// hereState is the Mailbox's part of the above; guarded by Mailbox.mu.
type hereState struct {
	only     bool                // DeleteHereOnly as last read or set
	hidden   map[string]bool     // UIDLs hidden on this device
	dropping map[string]struct{} // LocalOnly rows in an undo window
}

// SetDeleteHereOnly tells the Mailbox of a change of the account's
// choice (the caller stores it: store.KeepSettings.DeleteHereOnly), for
// the deletions made from now on. It does not wait.
func (m *Mailbox) SetDeleteHereOnly(only bool) {
	m.mu.Lock()
	m.here.only = only
	m.mu.Unlock()
}

// DeleteHereOnly reports the choice the next Delete follows.
func (m *Mailbox) DeleteHereOnly() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.here.only
}

// loadHere reads the choice and the hidden UIDLs from the store, in a
// goroutine of its own (LoadCache reads the rows meanwhile); the
// function it returns waits for them and applies them.
func (m *Mailbox) loadHere(ctx context.Context) (wait func()) {
	keep, ok := m.keeping()
	if !ok {
		return func() {}
	}
	type result struct {
		only   bool
		hidden []string
	}
	done := make(chan result, 1)
	go func() {
		var r result
		if ks, err := keep.KeepSettings(ctx, m.key); err == nil {
			r.only = ks.DeleteHereOnly
		}
		r.hidden, _ = keep.Hidden(ctx, m.key)
		done <- r
	}()
	return func() {
		r := <-done
		m.mu.Lock()
		m.here.only = r.only
		for _, uid := range r.hidden {
			m.hideLocked(uid)
		}
		m.view = nil
		m.mu.Unlock()
	}
}

func (m *Mailbox) hideLocked(uid string) {
	if m.here.hidden == nil {
		m.here.hidden = make(map[string]bool)
	}
	m.here.hidden[uid] = true
}

// shownLocked reports whether the row uid belongs in the list; mu must
// be held.
func (m *Mailbox) shownLocked(uid string) bool {
	if m.here.hidden[uid] {
		return false
	}
	_, dropping := m.here.dropping[uid]
	return !dropping
}

// takeLocalLocked starts the deletion of LocalOnly rows among uids and
// returns them; mu must be held.
func (m *Mailbox) takeLocalLocked(uids []string) []string {
	var took []string
	for _, uid := range uids {
		if _, local := m.localOnly[uid]; !local || m.entries[uid] != nil || !m.shownLocked(uid) {
			continue
		}
		if m.here.dropping == nil {
			m.here.dropping = make(map[string]struct{})
		}
		m.here.dropping[uid] = struct{}{}
		took = append(took, uid)
	}
	return took
}

// serverDeleteAllowed reads the choice again from the store, for a
// deletion about to be sent: a store that cannot say keeps the message.
func (m *Mailbox) serverDeleteAllowed(ctx context.Context) (bool, error) {
	keep, ok := m.keeping()
	if !ok {
		return true, nil
	}
	ks, err := keep.KeepSettings(ctx, m.key)
	if err != nil {
		return false, err
	}
	m.mu.Lock()
	m.here.only = ks.DeleteHereOnly
	m.mu.Unlock()
	return !ks.DeleteHereOnly, nil
}

// commitHere carries out, on the device only, a batch whose undo window
// ended: its server rows are hidden (their UIDLs stored) and its
// LocalOnly rows' copies dropped. A store that fails brings the rows
// back (EventDeleteFailed): a hide that was not stored would be undone
// by the next start.
func (m *Mailbox) commitHere(ctx context.Context, hide, local []string) error {
	keep, ok := m.keeping()
	var err error
	if len(hide) > 0 {
		// Rows without a UIDL (synthetic) mean nothing in the next
		// session: they are hidden for this one only.
		var stored []string
		for _, uid := range hide {
			if !synthetic(uid) {
				stored = append(stored, uid)
			}
		}
		if ok && len(stored) > 0 {
			err = keep.SetHidden(ctx, m.key, stored, true)
		}
		if err != nil {
			m.deleteFailed(hide, storeProblem(err))
		} else {
			m.mu.Lock()
			for _, uid := range hide {
				m.hideLocked(uid)
				if e := m.entries[uid]; e != nil {
					e.hidden = false // hidden for good now, not pending
				}
			}
			m.view = nil
			m.mu.Unlock()
			m.ev.emit(Event{Kind: EventHidden, UIDs: hide})
		}
	}
	if len(local) == 0 {
		return err
	}
	var dropped, failed []string
	var derr error
	for _, uid := range local {
		if ok {
			derr = keep.DeleteKept(ctx, m.key, uid)
		}
		if derr != nil {
			failed = append(failed, uid)
			continue
		}
		dropped = append(dropped, uid)
	}
	m.mu.Lock()
	for _, uid := range local {
		delete(m.here.dropping, uid)
	}
	for _, uid := range dropped {
		delete(m.localOnly, uid)
	}
	m.view = nil
	m.mu.Unlock()
	if len(dropped) > 0 {
		m.ev.emit(Event{Kind: EventDropped, UIDs: dropped})
	}
	if len(failed) > 0 {
		p := storeProblem(derr)
		m.report(p)
		m.ev.emit(Event{Kind: EventDeleteFailed, UIDs: failed, Problem: p})
		if err == nil {
			err = p
		}
	}
	m.ev.emit(Event{Kind: EventListChanged})
	return err
}
