package mailbox

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"
)

// Fetch returns the whole message uid: from the Store when it was read
// before (so offline too), else from the server (RETR), resolving its
// UIDL to the current session's message number, and keeps it in the
// Store. If there is no session, or it turns out to have dropped, Fetch opens a new one and tries once more. progress,
// if not nil, is called on this goroutine as bytes arrive, with total the
// size from LIST (-1 if unknown).
//
// A message that is no longer on the server gives a Problem of KindGone
// (and its row leaves the list); on a server without UIDL, a message from
// an ended session gives KindStale. Fetch does network I/O: never call it
// on the UI goroutine.
func (m *Mailbox) Fetch(ctx context.Context, uid string, progress func(got, total int64)) ([]byte, error) {
	ctx, cancel := m.bound(ctx)
	defer cancel()
	if raw, ok := m.localOnlyBody(ctx, uid); ok {
		return raw, nil
	}
	if raw, ok := m.cachedBody(ctx, uid); ok {
		if progress != nil {
			progress(int64(len(raw)), int64(len(raw)))
		}
		return raw, nil
	}
	if err := m.acquire(ctx); err != nil {
		return nil, err
	}
	defer m.release()
	for attempt := 0; ; attempt++ {
		s := m.current()
		if s == nil {
			if _, err := m.open(ctx, nil); err != nil {
				if p := classify(err, phaseSession); p.Kind == KindSignedOut {
					return nil, &Problem{Kind: KindSignedOut, Op: OpFetch}
				}
				return nil, err
			}
			if s = m.current(); s == nil {
				return nil, closedProblem()
			}
		}
		n, ok := s.num[uid]
		if !ok {
			if !s.hasUIDs {
				return nil, staleProblem(uid)
			}
			m.forgetRow(uid)
			return nil, goneProblem(uid)
		}
		sure, err := m.confirm(ctx, s, []int{n})
		if err == nil && !sure {
			attempt-- // listed again: resolve anew, not a retry
			continue
		}
		var data []byte
		if err == nil {
			data, err = retr(ctx, s, n, progress)
		}
		s.lastUsed = time.Now()
		if err == nil {
			if s.hasUIDs {
				// A copy: the caller owns data, the Store writes later.
				m.st.putBody(uid, bytes.Clone(data))
			}
			return data, nil
		}
		p := classify(err, phaseSession)
		if alive(err) {
			return nil, p
		}
		// Retry once, at once, on a fresh session; only if that fails
		// too does the background reconnect loop take over.
		retry := attempt == 0 && p.Kind == KindDropped
		m.sessionLost(s, p, !retry)
		if !retry {
			return nil, p
		}
	}
}

// cachedBody returns the message uid from the Store, if it is there. A
// failing Store is reported and costs only the copy: Fetch goes to the
// server.
func (m *Mailbox) cachedBody(ctx context.Context, uid string) ([]byte, bool) {
	m.mu.Lock()
	_, listed := m.entries[uid]
	m.mu.Unlock()
	if synthetic(uid) || !listed {
		// A row that left the list is gone from the server: say so
		// rather than show a copy.
		return nil, false
	}
	raw, ok, err := m.opts.Store.Body(ctx, m.key, uid)
	if err != nil {
		m.report(storeProblem(err))
		return nil, false
	}
	return raw, ok
}

// maxPrealloc bounds the buffer reserved from a LIST size, which the
// server could inflate.
const maxPrealloc = 64 << 20

func retr(ctx context.Context, s *session, n int, progress func(got, total int64)) ([]byte, error) {
	rc, err := s.c.Retr(ctx, n)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	total := s.size[n]
	var buf bytes.Buffer
	if total > 0 {
		buf.Grow(int(min(total, maxPrealloc)))
	}
	chunk := make([]byte, 32<<10)
	for {
		k, err := rc.Read(chunk)
		buf.Write(chunk[:k])
		if k > 0 && progress != nil {
			progress(int64(buf.Len()), total)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if err := rc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// forgetRow removes the row of a message that is gone from the server.
func (m *Mailbox) forgetRow(uid string) {
	m.mu.Lock()
	_, ok := m.entries[uid]
	delete(m.entries, uid)
	delete(m.read, uid)
	m.mu.Unlock()
	if ok {
		m.st.forget([]string{uid})
		m.changed()
	}
}
