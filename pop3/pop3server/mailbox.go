package pop3server

import (
	"fmt"
	"strings"
)

// mailbox is one user's committed maildrop. All fields are guarded by
// Server.mu; the messages themselves are immutable.
type mailbox struct {
	password string
	msgs     []*stored
	// locked is set while a session holds the mailbox in the TRANSACTION
	// state and Options.LockSession is on.
	locked bool
}

// AddUser creates the user name with the given password and mailbox, or
// replaces an existing one. Sessions already open keep the snapshot they
// took and commit their deletions to the mailbox they opened.
//
// The name must be non-empty and free of spaces and control characters,
// since USER and APOP carry it as one argument. Messages are normalised as
// described on Message; a UID that is invalid or repeated is an error
// matching ErrInvalidUID, and the user is then left unchanged.
func (s *Server) AddUser(name, password string, msgs ...Message) error {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("pop3server: invalid user name %q", name)
	}
	st, err := prepare(msgs, map[string]bool{})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = &mailbox{password: password, msgs: st}
	return nil
}

// Deliver appends new mail to user's mailbox. Sessions already in the
// TRANSACTION state do not see it (their message numbers are a snapshot);
// the next session does. It fails with ErrUnknownUser or an error matching
// ErrInvalidUID, in which case nothing is delivered.
func (s *Server) Deliver(user string, msgs ...Message) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	mb, ok := s.users[user]
	if !ok {
		return fmt.Errorf("%w %q", ErrUnknownUser, user)
	}
	taken := make(map[string]bool, len(mb.msgs)+len(msgs))
	for _, m := range mb.msgs {
		taken[m.uid] = true
	}
	st, err := prepare(msgs, taken)
	if err != nil {
		return err
	}
	mb.msgs = append(mb.msgs[:len(mb.msgs):len(mb.msgs)], st...)
	return nil
}

// Messages returns the committed content of user's mailbox, in order and
// in stored (CRLF) form: deletions appear here only once a session has
// quit. It returns nil for an unknown user. The result is a copy.
func (s *Server) Messages(user string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	mb, ok := s.users[user]
	if !ok {
		return nil
	}
	out := make([]Message, len(mb.msgs))
	for i, m := range mb.msgs {
		out[i] = Message{UID: m.uid, Data: append([]byte(nil), m.data...)}
	}
	return out
}

// login checks credentials through check (which sees the password) and,
// on success, returns the mailbox and a snapshot of its messages. inUse
// reports that LockSession is on and another session holds the mailbox.
func (s *Server) login(user string, check func(password string) bool) (mb *mailbox, snap []*stored, inUse bool, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	mb, exists := s.users[user]
	if !exists {
		// Still run the check against a dummy, so an unknown user costs
		// the same as a wrong password.
		check("")
		return nil, nil, false, false
	}
	if !check(mb.password) {
		return nil, nil, false, false
	}
	if s.opts.LockSession {
		if mb.locked {
			return nil, nil, true, false
		}
		mb.locked = true
	}
	// The snapshot shares the stored messages; the slice header is copied
	// so later deliveries and commits do not show through.
	return mb, append([]*stored(nil), mb.msgs...), false, true
}

// unlock releases a mailbox taken by login with LockSession on.
func (s *Server) unlock(mb *mailbox) {
	if !s.opts.LockSession || mb == nil {
		return
	}
	s.mu.Lock()
	mb.locked = false
	s.mu.Unlock()
}

// commit removes the messages in gone from mb: the UPDATE state. Messages
// another session already removed are simply absent. It also releases the
// LockSession lock, in the same critical section, so a client that logs in
// again as soon as it reads the QUIT reply does not find its own old
// session still holding the mailbox.
func (s *Server) commit(mb *mailbox, gone map[*stored]bool) (left int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.LockSession {
		mb.locked = false
	}
	if len(gone) > 0 {
		kept := make([]*stored, 0, len(mb.msgs))
		for _, m := range mb.msgs {
			if !gone[m] {
				kept = append(kept, m)
			}
		}
		mb.msgs = kept
	}
	return len(mb.msgs)
}
