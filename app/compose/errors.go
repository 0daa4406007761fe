package compose

import (
	"errors"
	"strconv"
)

// ErrInvalidAddress is matched (errors.Is) by every *AddressError.
var ErrInvalidAddress = errors.New("compose: invalid address")

// ErrNoRecipients is returned by Build for a draft without any address in
// To, Cc or Bcc.
var ErrNoRecipients = errors.New("compose: the message has no recipients; add at least one address in To, Cc or Bcc")

// ErrNoSender is returned by Build for a draft whose From has no address.
var ErrNoSender = errors.New("compose: the message has no sender address; choose an identity with an address")

// AddressError says which entry of what a person typed is not an address,
// and why.
type AddressError struct {
	Entry  string // the entry as typed, trimmed
	Reason string // for people, e.g. "the domain is missing after @"
}

func (e *AddressError) Error() string {
	return "compose: " + strconv.Quote(e.Entry) + " is not an email address: " + e.Reason
}

// Is makes errors.Is(err, ErrInvalidAddress) true.
func (e *AddressError) Is(target error) bool { return target == ErrInvalidAddress }

// BuildError is a message that could not be built.
type BuildError struct {
	Reason string // for people
	Err    error  // the cause, if any
}

func (e *BuildError) Error() string {
	if e.Err != nil {
		return "compose: " + e.Reason + ": " + e.Err.Error()
	}
	return "compose: " + e.Reason
}

func (e *BuildError) Unwrap() error { return e.Err }
