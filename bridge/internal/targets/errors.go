package targets

import (
	"errors"
	"fmt"
	"net/netip"
)

var (
	// ErrUnknownTarget: no configured target has the requested name.
	ErrUnknownTarget = errors.New("targets: unknown target")
	// ErrCustomDisabled: a custom server was asked for, but the operator
	// did not enable them.
	ErrCustomDisabled = errors.New("targets: custom servers are disabled")
	// ErrBadHost: a custom host is not a syntactically valid host name or
	// IP address.
	ErrBadHost = errors.New("targets: invalid host")
	// ErrSingleLabel: a custom host is a single-label name ("mail",
	// "localhost"), which only the bridge's own network could resolve.
	ErrSingleLabel = errors.New("targets: single-label host names are not allowed; give the full name, e.g. mail.example.com")
	// ErrBadPort: a port is not a number in 1-65535.
	ErrBadPort = errors.New("targets: invalid port")
	// ErrPortNotAllowed: a custom server's port is not among the allowed
	// ports.
	ErrPortNotAllowed = errors.New("targets: port not allowed")
	// ErrNoAddress: a custom host resolved to no address.
	ErrNoAddress = errors.New("targets: host has no address")
	// ErrNoSubmission: a session asked for the submission server of a
	// configured target that names none (no -submission for it).
	ErrNoSubmission = errors.New("targets: target has no submission server")
	// ErrSubmissionDisabled: a session asked for a user-entered
	// submission server, but the operator let custom servers receive
	// mail only (Custom.NoSubmission).
	ErrSubmissionDisabled = errors.New("targets: user-entered submission servers are disabled")
	// ErrUnknownService: a session asked for a service other than those
	// of bridgeapi (pop3, submission).
	ErrUnknownService = errors.New("targets: unknown service")
)

// ForbiddenError reports a custom host that is, or resolves to, an address
// the bridge refuses to dial.
type ForbiddenError struct {
	Host  string     // as the client gave it
	Addr  netip.Addr // the offending address
	Class string     // e.g. "loopback", "private", see Forbidden
	// Resolved is set when Addr came from resolving the name Host, not
	// from the client. What a name resolves to is the bridge's knowledge,
	// not the client's: the relay answers such a refusal as it answers a
	// name that does not resolve, so it maps no internal DNS.
	Resolved bool
}

func (e *ForbiddenError) Error() string {
	if e.Host == e.Addr.String() {
		return fmt.Sprintf("targets: forbidden address %s (%s)", e.Addr, e.Class)
	}
	return fmt.Sprintf("targets: %s resolves to forbidden address %s (%s)", e.Host, e.Addr, e.Class)
}

// IsForbidden reports whether err is a refusal of the custom server itself
// (forbidden address, disallowed port, custom servers or their submission
// disabled), as opposed to a malformed request or an unreachable server.
func IsForbidden(err error) bool {
	var fe *ForbiddenError
	return errors.As(err, &fe) || errors.Is(err, ErrPortNotAllowed) || errors.Is(err, ErrCustomDisabled) ||
		errors.Is(err, ErrSubmissionDisabled)
}

// DialError reports a failure to connect to a permitted target.
type DialError struct {
	Target string // target name
	// Timeout is set when the server did not complete the TCP handshake
	// within the dial timeout.
	Timeout bool
	Err     error
}

func (e *DialError) Error() string {
	if e.Timeout {
		return fmt.Sprintf("targets: dial %s: timeout: %v", e.Target, e.Err)
	}
	return fmt.Sprintf("targets: dial %s: %v", e.Target, e.Err)
}

func (e *DialError) Unwrap() error { return e.Err }
