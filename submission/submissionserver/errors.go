package submissionserver

import (
	"errors"
	"fmt"
)

var (
	// ErrServerClosed is returned by Serve and the Start functions after
	// Close.
	ErrServerClosed = errors.New("submissionserver: server closed")
	// ErrInvalidUser: AddUser was given a name that AUTH cannot carry
	// (empty, or with spaces or control characters).
	ErrInvalidUser = errors.New("submissionserver: invalid user name")
	// ErrNoTLSConfig: implicit TLS was asked for without Options.TLSConfig.
	ErrNoTLSConfig = errors.New("submissionserver: implicit TLS needs Options.TLSConfig")
	// ErrHangUp, returned (or wrapped) by a Recipient or Deliver
	// callback, closes the connection at once, without a reply. From
	// Deliver it is the connection lost after the final dot: whether the
	// message counts as delivered is the callback's to decide (keep it,
	// then hang up), which is what tests of "may have been sent" need.
	ErrHangUp = errors.New("submissionserver: hang up without a reply")
)

// Refusal is an SMTP reply that a Recipient or Deliver callback returns to
// refuse a recipient or a message in its own words. Code is the three-digit
// reply code (4xx: try again later, 5xx: do not), Enhanced the RFC 3463
// status (class.subject.detail) and Text what a person reads.
//
// A callback error that is not a *Refusal is answered 451 4.3.0 without
// its text, which may say more about the server than a client should know.
type Refusal struct {
	Code     int
	Enhanced [3]int
	Text     string
}

func (r *Refusal) Error() string {
	return fmt.Sprintf("submissionserver: refused: %d %d.%d.%d %s",
		r.Code, r.Enhanced[0], r.Enhanced[1], r.Enhanced[2], r.Text)
}

// Temporary reports whether the client may try again later (4xx).
func (r *Refusal) Temporary() bool { return r.Code/100 == 4 }
