package mailbox

import (
	"context"
	"errors"
	"time"

	"github.com/poppymail/poppy/pop3"
)

// commit deletes uids on the server: DELE each, QUIT, then a new session,
// which also verifies a QUIT whose outcome is unknown. This and nothing
// else in the package sends DELE or QUIT. The op lock is held.
//
// A session that drops before QUIT is answered commits nothing, or
// nothing that the next session's listing does not show gone (RFC 1939:
// only QUIT enters the UPDATE state). Such a drop, commonly a bridge
// replica restarting (WebSocket close 1001) or a proxy cutting an idle
// connection, is met by trying the whole commit again, once and at once,
// on a new session, where each message is found by its UIDL again: the
// person sees the deletion go through. Only if that try fails too are
// the deletions queued for the next session (deleteLater) or their rows
// brought back.
func (m *Mailbox) commit(ctx context.Context, uids []string) error {
	again, err := m.commitOnce(ctx, uids, 0)
	if len(again) == 0 {
		return err
	}
	_, err2 := m.commitOnce(ctx, again, 1)
	return errors.Join(err, err2)
}

// commitOnce is try number attempt (0 or 1) of commit. On try 0 a
// session that dropped before QUIT was answered returns the UIDs still
// to delete as again, with nothing queued or reported for them.
func (m *Mailbox) commitOnce(ctx context.Context, uids []string, attempt int) (again []string, err error) {
	mayRetry := attempt == 0
	s := m.current()
	if s == nil {
		if _, err := m.open(ctx, nil); err != nil {
			p := classify(err, phaseSession)
			if attempt > 0 && p.Temporary() {
				// The retry found no session either: from here on it
				// is the reconnect loop's, as after any drop.
				m.startReconnect(p)
			}
			return nil, m.deleteLater(uids, p)
		}
		if s = m.current(); s == nil {
			return nil, m.deleteFailed(uids, closedProblem())
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
			retry := mayRetry && p.Kind == KindDropped
			m.sessionLost(s, p, !retry)
			if retry {
				return uids, nil
			}
			return nil, m.deleteLater(uids, p)
		}
		if sure {
			break
		}
		if s = m.current(); s == nil {
			return nil, m.deleteLater(uids, closedProblem())
		}
	}
	var firstErr error
	if len(stale) > 0 {
		firstErr = m.deleteFailed(stale, staleProblem(stale[0]))
	}
	if len(nums) == 0 {
		m.deleted(gone)
		return nil, firstErr
	}

	if err := s.c.DeleMany(ctx, nums); err != nil {
		if !allRefusals(err) {
			// The session ended before QUIT: the server deletes nothing.
			p := classify(err, phaseSession)
			retry := mayRetry && p.Kind == KindDropped
			m.sessionLost(s, p, !retry)
			m.deleted(gone)
			if retry {
				return targets, firstErr
			}
			return nil, errors.Join(firstErr, m.deleteLater(targets, p))
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
			return nil, firstErr
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

	// A QUIT lost with its connection may or may not have committed;
	// what the new session does not show gone is tried again, by UIDL,
	// and what it shows gone is not deleted twice.
	retry := mayRetry && qerr != nil && s.hasUIDs && classify(qerr, phaseSession).Kind == KindDropped
	switch {
	case verified:
		m.deleted(append(gone, done...))
		if len(still) > 0 && retry {
			again = still
		} else if len(still) > 0 {
			firstErr = errors.Join(firstErr, m.deleteFailed(still, commitProblem(qerr, true)))
		}
	case qerr == nil:
		m.deleted(append(gone, targets...))
	case retry:
		m.deleted(gone)
		again = targets
	default:
		m.deleted(gone)
		firstErr = errors.Join(firstErr, m.deleteFailed(targets, commitProblem(qerr, false)))
	}
	if oerr != nil && again == nil {
		firstErr = errors.Join(firstErr, oerr)
	}
	return again, firstErr
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
