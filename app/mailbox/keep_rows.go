package mailbox

import (
	"context"

	"github.com/poppymail/poppy/app/store"
)

// Rows of messages kept only on this device: the server no longer has
// them (a retention policy removed them, or another program), but their
// full copy is in the Store (store.Keeping), so they stay in the list,
// marked LocalOnly, and open from the device.

// keeping returns the Store's Keeping, if it has one (store.Mem and
// store.IDB do).
func (m *Mailbox) keeping() (store.Keeping, bool) {
	k, ok := m.opts.Store.(store.Keeping)
	return k, ok
}

// LoadKept reads the copies kept on this device and lists those the
// server no longer has as LocalOnly rows. FullCopy and ApplyRetention
// call it too; the UI calls it at start.
func (m *Mailbox) LoadKept(ctx context.Context) error {
	keep, ok := m.keeping()
	if !ok {
		return nil
	}
	list, err := keep.KeptList(ctx, m.key)
	if err != nil {
		return storeProblem(err)
	}
	rows := make(map[string]Summary)
	for _, k := range list {
		if !k.OnlyHere() {
			continue
		}
		sum := fromHeader(k.Row)
		sum.UID, sum.Number, sum.LocalOnly, sum.Read = k.UID, 0, true, true
		if sum.Size <= 0 {
			sum.Size = k.Size
		}
		rows[k.UID] = sum
	}
	m.mu.Lock()
	// Nothing kept only here, before or now (the usual case): the list
	// is as it was, and an EventListChanged would make the UI sort and
	// draw the whole list again for nothing, as an account opens.
	changed := len(rows) > 0 || len(m.localOnly) > 0
	m.localOnly = rows
	if changed {
		m.view = nil
	}
	m.mu.Unlock()
	if changed {
		m.ev.emit(Event{Kind: EventListChanged})
	}
	return nil
}

// appendLocalOnlyLocked adds the LocalOnly rows that are not also
// listed by the server; mu must be held.
func (m *Mailbox) appendLocalOnlyLocked(rows []Summary) []Summary {
	for uid, r := range m.localOnly {
		if _, listed := m.entries[uid]; !listed && m.shownLocked(uid) {
			rows = append(rows, r)
		}
	}
	return rows
}

// localOnlyBody returns the kept copy of a LocalOnly row.
func (m *Mailbox) localOnlyBody(ctx context.Context, uid string) ([]byte, bool) {
	m.mu.Lock()
	_, local := m.localOnly[uid]
	_, listed := m.entries[uid]
	m.mu.Unlock()
	keep, ok := m.keeping()
	if !local || listed || !ok {
		return nil, false
	}
	raw, ok, err := keep.KeptBody(ctx, m.key, uid)
	if err != nil {
		m.report(storeProblem(err))
		return nil, false
	}
	return raw, ok
}
