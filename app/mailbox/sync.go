package mailbox

import "context"

// Sync opens a new session and brings the list in step with the server:
// log in, UIDL and LIST together (pop3.Client.Inventory), then TOP n 0,
// pipelined, for every message not already known by its UIDL. progress,
// if not nil, is called on this goroutine as headers arrive, from (0,
// total) to (total, total); EventProgress reports the same to OnChange,
// about once per percent. Rows that vanished from the server (deleted by
// another program) leave the list. The session then stays open for Fetch.
//
// The list shows the rows kept in the Store first (LoadCache), so only new
// messages cost a TOP. Once the session is open, deletions queued while
// offline are committed, by UIDL. Sync deletes nothing else: the previous
// session, if any, is closed without QUIT. It does network I/O: never call it on the UI goroutine.
// Its error is a *Problem.
func (m *Mailbox) Sync(ctx context.Context, progress func(done, total int)) error {
	_, err := m.refresh(ctx, progress)
	return err
}

// CheckNew looks for new mail and returns how many rows were added. A POP3
// session sees the maildrop as it was at login, so this is a new session,
// exactly as Sync: only the headers of messages with new UIDLs are
// fetched. On a server without UIDL every session lists (and fetches the
// headers of) the whole mailbox again, and every row counts as new.
func (m *Mailbox) CheckNew(ctx context.Context) (int, error) {
	return m.refresh(ctx, nil)
}

func (m *Mailbox) refresh(ctx context.Context, progress func(done, total int)) (int, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		return 0, err
	}
	defer m.release()
	n, err := m.open(ctx, progress)
	if err != nil {
		m.mu.Lock()
		m.problem = classify(err, phaseSession)
		m.mu.Unlock()
		return n, err
	}
	// Its outcome is told by events (EventDeleted, EventDeleteFailed):
	// new mail was found either way.
	_ = m.commitQueued(ctx)
	return n, nil
}
