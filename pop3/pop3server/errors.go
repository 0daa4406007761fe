package pop3server

import (
	"errors"
	"fmt"
)

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("pop3server: server closed")

// ErrUnknownUser is returned when mail is delivered to a user that
// AddUser has not created.
var ErrUnknownUser = errors.New("pop3server: unknown user")

// ErrInvalidUID matches every *UIDError.
var ErrInvalidUID = errors.New("pop3server: invalid UID")

// UIDError reports a message whose UID cannot be sent in a UIDL reply
// (RFC 1939 §7: 1 to 70 characters in the range 0x21 to 0x7E), or that
// repeats another UID of the same mailbox.
type UIDError struct {
	UID    string
	Reason string
}

func (e *UIDError) Error() string {
	return fmt.Sprintf("pop3server: invalid UID %q: %s", e.UID, e.Reason)
}

// Is makes errors.Is(err, ErrInvalidUID) true for every *UIDError.
func (e *UIDError) Is(target error) bool { return target == ErrInvalidUID }
