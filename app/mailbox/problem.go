package mailbox

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/pop3"
)

// Kind says what went wrong, in terms of what a person can do about it.
type Kind int

const (
	KindOther       Kind = iota
	KindAuth             // wrong username or password: ask again
	KindInUse            // [IN-USE]: another program has the mailbox open
	KindLoginDelay       // [LOGIN-DELAY]: the server limits how often one may sign in
	KindDropped          // the session ended under us; the Mailbox reconnects
	KindUnreachable      // the server (or the bridge) cannot be reached: down, or a wrong address
	KindTLS              // the TLS handshake failed, usually an unverified certificate
	KindInsecure         // the connection is not encrypted, so the password is not sent
	KindRefused          // the bridge will not connect to this server (unknown or forbidden target): waiting does not help
	KindServer           // any other refusal (-ERR) from the server
	KindProtocol         // the server broke the protocol or a size limit
	KindCommit           // a deletion was not confirmed by the server
	KindGone             // the message is no longer on the server
	KindStale            // without UIDL, the message was from a session that has ended
	KindStorage          // the device's store failed or is full; the inbox still works
	KindSignedOut        // no password in this session: showing what the device has
	KindCanceled         // the caller cancelled; nothing to show
	KindClosed           // the Mailbox was closed
)

var kindNames = [...]string{"other", "auth", "in-use", "login-delay", "dropped", "unreachable", "tls",
	"insecure", "refused", "server", "protocol", "commit", "gone", "stale", "storage", "signed-out", "canceled", "closed"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Problem is an error explained for a person: what happened, in Message,
// and the technical detail (the server's own words, response code
// included, or the underlying error) in Detail, for a "details" disclosure.
// Every error this package returns from Sync, CheckNew, Fetch and Flush is
// a *Problem, and so is Event.Problem.
type Problem struct {
	Kind    Kind
	Message string // one or two plain sentences, no jargon
	Detail  string // technical: "-ERR [AUTH] invalid user name or password", or the Go error
	// Code is the RFC 2449 response code the server sent ("AUTH",
	// "IN-USE", "SYS/TEMP"), "" if none; ServerText is the rest of its
	// reply. A UI should show ServerText for KindAuth: servers explain
	// there why a login failed (app passwords, disabled POP access).
	Code, ServerText string
	// RetryAfter, for KindLoginDelay, is the wait the server announced in
	// its LOGIN-DELAY capability, or zero if unknown.
	RetryAfter time.Duration
	Err        error
}

func (p *Problem) Error() string {
	if p.Detail == "" {
		return "mailbox: " + p.Message
	}
	return "mailbox: " + p.Message + " (" + p.Detail + ")"
}

func (p *Problem) Unwrap() error { return p.Err }

// Temporary reports whether the same action may succeed later without the
// person changing anything: the Mailbox retries those, and queues the
// deletions they stopped. Failures of the transport get their Kind from
// transport.Classify, which alone decides which of them are temporary
// (see transportKind).
func (p *Problem) Temporary() bool {
	switch p.Kind {
	case KindInUse, KindLoginDelay, KindDropped, KindUnreachable:
		return true
	case KindServer:
		return strings.HasPrefix(p.Code, pop3.CodeSysTemp)
	}
	return false
}

// ErrClosed is matched by the Problem returned for calls after Close.
var ErrClosed = errors.New("mailbox: closed")

// phase is where an error happened; it decides between "cannot reach the
// server" and "the connection dropped".
type phase int

const (
	phaseConnect phase = iota // in the Dialer
	phaseLogin
	phaseSession
)

// Classify explains err for a person. It returns nil for nil, and err
// itself when it already is (or wraps) a *Problem. Errors are taken to
// come from an open session; those of a Dialer are classified by the
// Mailbox with that in mind.
func Classify(err error) *Problem { return classify(err, phaseSession) }

func classify(err error, ph phase) *Problem {
	if err == nil {
		return nil
	}
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	p = &Problem{Kind: KindOther, Err: err, Detail: err.Error()}
	var pe *pop3.Error
	if errors.As(err, &pe) {
		p.Code, p.ServerText = pe.Code, pe.Text
		p.Detail = serverWords(pe)
	}
	var le *pop3.LimitError
	failure := transport.Classify(err)
	switch {
	case errors.Is(err, ErrClosed):
		p.Kind, p.Message = KindClosed, "This mailbox was closed."
	case errors.Is(err, context.Canceled):
		p.Kind, p.Message = KindCanceled, "Stopped."
	case pop3.IsInUse(err):
		p.Kind, p.Message = KindInUse, "The mailbox is open in another mail program. Close it there, or wait a few minutes, then try again."
	case pop3.IsLoginDelay(err):
		p.Kind, p.Message = KindLoginDelay, "The mail server allows signing in only every so often. Poppy will try again a little later."
	case pop3.IsAuthFailure(err):
		p.Kind, p.Message = KindAuth, "The mail server did not accept the username or password."
	case errors.Is(err, pop3.ErrInsecureAuth):
		p.Kind, p.Message = KindInsecure, "The connection to this server is not encrypted, so Poppy did not send the password."
	case failure != transport.NotTransport:
		p.Kind, p.Message = transportKind(failure, ph)
	case pe != nil:
		p.Kind, p.Message = KindServer, "The mail server refused: "+orDefault(pe.Text, "no reason given")+"."
	case errors.Is(err, pop3.ErrNotSupported):
		p.Kind, p.Message = KindServer, "The mail server does not support a command Poppy needs."
	case errors.As(err, &le):
		p.Kind, p.Message = KindProtocol, fmt.Sprintf("The mail server's reply is larger than Poppy allows (%s limit of %d bytes).", le.Limit, le.Max)
	case isProtocol(err):
		p.Kind, p.Message = KindProtocol, "The mail server sent a reply Poppy could not use, so the connection was closed."
	case ph == phaseConnect:
		p.Kind, p.Message = KindUnreachable, "The mail server cannot be reached. It may be down, or the connection may be offline."
	default:
		p.Kind, p.Message = KindDropped, "The connection to the mail server was lost."
	}
	return p
}

// serverWords renders a -ERR reply as the server sent it, minus secrets
// (pop3.Error never carries arguments).
func serverWords(e *pop3.Error) string {
	s := "-ERR"
	if e.Code != "" {
		s += " [" + e.Code + "]"
	}
	if e.Text != "" {
		s += " " + e.Text
	}
	if e.Command != "" {
		s = e.Command + ": " + s
	}
	return s
}

func isProtocol(err error) bool {
	var pe *pop3.ProtocolError
	var le *pop3.LimitError
	return errors.As(err, &pe) || errors.As(err, &le)
}

// transportKind maps transport.Classify's answer to a Kind whose
// Temporary agrees with it: a temporary failure is KindUnreachable while
// connecting and KindDropped in a session, a lasting one KindRefused or
// KindTLS.
func transportKind(f transport.Failure, ph phase) (Kind, string) {
	switch {
	case f == transport.Untrusted:
		return KindTLS, "The mail server's security certificate could not be verified, so the connection was not trusted."
	case f == transport.TLSFailed:
		return KindTLS, "A secure (TLS) connection to the mail server could not be set up."
	case !f.Temporary():
		return KindRefused, "The bridge does not connect to this mail server."
	case f == transport.Dropped && ph == phaseSession:
		return KindDropped, "The connection to the mail server was lost."
	}
	return KindUnreachable, "The mail server cannot be reached. It may be down, or the connection may be offline."
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// goneProblem, staleProblem and closedProblem are the Problems this package
// makes itself.
func goneProblem(uid string) *Problem {
	return &Problem{Kind: KindGone, Message: "This message is no longer on the server; another program may have deleted it.", Detail: "UIDL " + uid + " not in the current session"}
}

func staleProblem(uid string) *Problem {
	return &Problem{Kind: KindStale, Message: "This server cannot identify messages from one connection to the next (it lacks UIDL), and the connection was renewed. Refresh the list and try again.", Detail: "message " + uid + " belongs to an ended session"}
}

func signedOutProblem() *Problem {
	return &Problem{Kind: KindSignedOut, Message: "Sign in to check for new mail. Until then Poppy shows what is saved on this device."}
}

func closedProblem() *Problem {
	return &Problem{Kind: KindClosed, Message: "This mailbox was closed.", Err: ErrClosed}
}
