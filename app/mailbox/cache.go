package mailbox

import (
	"context"
	"strings"

	"github.com/poppymail/poppy/app/store"
)

// LoadCache fills the list from the Store (rows, read marks, deletions
// queued while offline) without touching the network, so the inbox shows
// at once and works offline; Sync then fetches only what changed. It runs
// once: later calls, and calls after a session opened, do nothing. Sync
// calls it itself. It blocks on the Store: call it off the UI goroutine.
// Its error is a *Problem; the list is then empty, and Sync still works.
func (m *Mailbox) LoadCache(ctx context.Context) error {
	m.mu.Lock()
	done := m.cacheLoaded
	m.mu.Unlock()
	if done {
		return nil
	}
	wait := m.loadHere(ctx) // the choice and hidden rows, meanwhile
	c, err := m.opts.Store.Load(ctx, m.key)
	wait()
	if err != nil {
		p := storeProblem(err)
		m.report(p)
		return p
	}
	m.mu.Lock()
	if m.cacheLoaded {
		m.mu.Unlock()
		return nil
	}
	m.cacheLoaded = true
	for uid := range c.Read {
		m.read[uid] = true
	}
	fresh := !m.told // no session yet: the cached rows are the list
	if fresh {
		m.listing = c.Listing
		for _, h := range c.Headers {
			if _, ok := m.entries[h.UID]; !ok && h.UID != "" {
				m.entries[h.UID] = &entry{Summary: fromHeader(h)}
			}
		}
		for _, uid := range c.Deletes {
			if e := m.entries[uid]; e != nil {
				e.queued = true
			}
		}
	}
	for uid, e := range m.entries {
		e.Read = m.read[uid]
	}
	m.view = nil
	m.mu.Unlock()
	if fresh && len(c.Headers) > 0 {
		m.ev.emit(Event{Kind: EventListChanged})
	}
	return nil
}

// MarkRead sets the local read mark of uids. It does not wait for the
// Store, so the UI goroutine may call it; the Store is written in the
// background, in order. Without UIDL the marks last only as long as the
// session's rows, and nothing is stored.
func (m *Mailbox) MarkRead(read bool, uids ...string) {
	m.mu.Lock()
	var changed []string
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil && e.Read != read {
			e.Read = read
			if synthetic(uid) {
				continue
			}
			changed = append(changed, uid)
			if read {
				m.read[uid] = true
			} else {
				delete(m.read, uid)
			}
		}
	}
	m.view = nil
	m.mu.Unlock()
	if len(changed) > 0 {
		m.st.setRead(read, changed)
	}
	m.ev.emit(Event{Kind: EventListChanged})
}

// synthetic reports whether uid was made up for a server without UIDL
// (see syntheticUID): such IDs mean nothing in another session, so
// nothing about them is stored.
func synthetic(uid string) bool { return strings.HasPrefix(uid, "~") }

func storeProblem(err error) *Problem {
	// A full device (store.IsQuota(err)) is told apart by the UI from
	// the wrapped error.
	return &Problem{Kind: KindStorage, Detail: err.Error(), Err: err}
}

// toHeader and fromHeader convert a row to what the Store keeps.
func toHeader(s Summary) store.Header {
	return store.Header{UID: s.UID, Number: s.Number, FromName: s.FromName, FromAddr: s.FromAddr, Subject: s.Subject,
		Date: s.Date, Size: s.Size, Attach: s.HasAttachment, NoHeaders: s.NoHeaders, Thread: s.Thread}
}

func fromHeader(h store.Header) Summary {
	return Summary{UID: h.UID, Number: h.Number, FromName: h.FromName, FromAddr: h.FromAddr, Subject: h.Subject,
		Date: h.Date, Size: h.Size, HasAttachment: h.Attach, NoHeaders: h.NoHeaders, Thread: h.Thread}
}
