package outbox

import (
	"errors"
	"fmt"

	"github.com/poppymail/poppy/app/store"
)

// Error is an outbox operation that failed: Op names it, ID the entry
// (if any). It wraps the cause: a *store.Error (store.IsQuota: the device
// is full), ErrNotFound, or a *StateError.
type Error struct {
	Op  string
	ID  string
	Err error
}

func (e *Error) Error() string {
	s := "outbox: " + e.Op
	if e.ID != "" {
		s += " " + e.ID
	}
	return s + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// StateError: the entry is not in a state that allows the operation
// (Resolve of an entry that is not "maybe-sent", say).
type StateError struct {
	State State   // the entry's state
	Want  []State // the states the operation allows
}

func (e *StateError) Error() string {
	return fmt.Sprintf("outbox: the message is %s, and this needs it %v; reload the outbox to see where it stands", e.State, e.Want)
}

var (
	// ErrNotFound: no entry has this ID (it was sent, or discarded, by
	// this tab or another). It matches store.ErrNotFound too.
	ErrNotFound = fmt.Errorf("outbox: the message is no longer in the outbox (sent or discarded meanwhile): %w", store.ErrNotFound)
	// ErrNoRecipients: Queue was given an envelope without recipients.
	ErrNoRecipients = errors.New("outbox: the message has no recipient; add one in To, Cc or Bcc")
	// ErrNoSender: Queue was given an envelope without a return path.
	ErrNoSender = errors.New("outbox: the message has no sender address; choose an identity")
	// ErrEmpty: Queue was given no message.
	ErrEmpty = errors.New("outbox: the message is empty")
)
