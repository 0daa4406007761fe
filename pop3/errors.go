package pop3

import (
	"errors"
	"fmt"
	"strings"
)

// Error is a negative reply (-ERR) from the server. The session is still
// usable after it.
type Error struct {
	// Command is the verb that was refused (such as "PASS" or "RETR").
	// Arguments are left out so that an error never carries a secret.
	Command string
	// Code is the RFC 2449 extended response code without brackets, such
	// as "IN-USE", "LOGIN-DELAY", "SYS/TEMP", "SYS/PERM" or "AUTH"; empty
	// when the server sent none.
	Code string
	// Text is the human-readable rest of the reply.
	Text string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("pop3: ")
	if e.Command != "" {
		b.WriteString(e.Command)
		b.WriteString(": ")
	}
	b.WriteString("server said -ERR")
	if e.Code != "" {
		fmt.Fprintf(&b, " [%s]", e.Code)
	}
	if e.Text != "" {
		b.WriteString(" ")
		b.WriteString(e.Text)
	}
	return b.String()
}

// Response codes of RFC 2449 and RFC 3206.
const (
	CodeInUse      = "IN-USE"
	CodeLoginDelay = "LOGIN-DELAY"
	CodeSysTemp    = "SYS/TEMP"
	CodeSysPerm    = "SYS/PERM"
	CodeAuth       = "AUTH"
)

func hasCode(err error, code string) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	// Codes are hierarchical ("SYS/TEMP/QUOTA" is a kind of "SYS/TEMP").
	return strings.EqualFold(e.Code, code) || strings.HasPrefix(strings.ToUpper(e.Code), code+"/")
}

// IsInUse reports whether the mailbox is locked by another session
// ([IN-USE]): try again once the other client has quit.
func IsInUse(err error) bool { return hasCode(err, CodeInUse) }

// IsLoginDelay reports whether the server refused a login because the
// previous one was too recent ([LOGIN-DELAY]); Capabilities.LoginDelay
// tells how long to wait.
func IsLoginDelay(err error) bool { return hasCode(err, CodeLoginDelay) }

// IsTemporary reports whether the server declared the failure temporary
// ([SYS/TEMP], [IN-USE] or [LOGIN-DELAY]): the same request may succeed
// later.
func IsTemporary(err error) bool {
	return hasCode(err, CodeSysTemp) || IsInUse(err) || IsLoginDelay(err)
}

// IsAuthFailure reports whether the server rejected the credentials: an
// [AUTH] code, or any -ERR to PASS, APOP or AUTH that carries no code
// pointing elsewhere (servers without AUTH-RESP-CODE send none).
func IsAuthFailure(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	if hasCode(err, CodeAuth) {
		return true
	}
	switch e.Command {
	case "PASS", "APOP", "AUTH", "USER":
		return e.Code == ""
	}
	return false
}

// ProtocolError reports a reply that does not follow the protocol. The
// session is closed after it, since the reply stream can no longer be
// trusted to line up with the commands.
type ProtocolError struct {
	Command string // the command whose reply was malformed
	Reason  string
	Line    string // the offending line, quoted and shortened
}

func (e *ProtocolError) Error() string {
	s := "pop3: "
	if e.Command != "" {
		s += e.Command + ": "
	}
	s += "malformed reply from the server: " + e.Reason
	if e.Line != "" {
		s += ": " + e.Line
	}
	return s
}

func protocolErr(cmd, reason string, line []byte) *ProtocolError {
	const max = 80
	q := line
	if len(q) > max {
		q = q[:max]
	}
	s := fmt.Sprintf("%q", q)
	if len(line) > max {
		s += "…"
	}
	if len(line) == 0 {
		s = ""
	}
	return &ProtocolError{Command: cmd, Reason: reason, Line: s}
}

// LimitError reports that the server's reply exceeded one of the limits in
// Options. The session is closed after it.
type LimitError struct {
	Command string
	Limit   string // "line length", "message size" or "listing size"
	Max     int64
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("pop3: %s: the server's reply exceeds the %s limit of %d bytes; raise Options.%s if this server is trusted",
		e.Command, e.Limit, e.Max, limitOption[e.Limit])
}

var limitOption = map[string]string{
	limitLine:    "MaxLineLength",
	limitMessage: "MaxMessageSize",
	limitListing: "MaxListingSize",
}

const (
	limitLine    = "line length"
	limitMessage = "message size"
	limitListing = "listing size"
)

var (
	// ErrClosed is returned by every call on a session that has ended:
	// after Quit or Close, or after an I/O error, timeout, cancellation or
	// malformed reply ended it. Errors matching it wrap the cause.
	ErrClosed = errors.New("pop3: session closed")

	// ErrInsecureAuth is returned by Login and Authenticate on a
	// connection without TLS, unless Options.AllowInsecureAuth is set.
	ErrInsecureAuth = errors.New("pop3: refusing to send credentials over an unencrypted connection: use DialTLS or StartTLS, or set Options.AllowInsecureAuth for a trusted loopback server")

	// ErrNotSupported is matched by errors for a command the server does
	// not offer (such as STLS, TOP or UIDL on servers without them).
	ErrNotSupported = errors.New("pop3: not supported by this server")

	// ErrTimeout is matched by errors for a server that stayed silent
	// longer than Options.Timeout.
	ErrTimeout = errors.New("pop3: the server did not answer in time")
)

// sessionError is what every call returns once the session has ended.
type sessionError struct{ cause error }

func (e *sessionError) Error() string {
	if e.cause == nil {
		return ErrClosed.Error()
	}
	return "pop3: session closed after an earlier error: " + e.cause.Error()
}
func (e *sessionError) Is(target error) bool { return target == ErrClosed }
func (e *sessionError) Unwrap() error        { return e.cause }

// notSupported marks a server refusal as a missing capability while
// keeping the server's own text reachable with errors.As.
type notSupported struct {
	what string
	err  error
}

func (e *notSupported) Error() string {
	return fmt.Sprintf("pop3: %s not supported by this server (%v)", e.what, e.err)
}
func (e *notSupported) Is(target error) bool { return target == ErrNotSupported }
func (e *notSupported) Unwrap() error        { return e.err }

// ItemError is one failed element of a batch (see DeleMany), naming the
// message it concerns.
type ItemError struct {
	Msg int
	Err error
}

func (e *ItemError) Error() string { return fmt.Sprintf("message %d: %v", e.Msg, e.Err) }
func (e *ItemError) Unwrap() error { return e.Err }
