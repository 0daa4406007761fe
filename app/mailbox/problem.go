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

// Problem is a failure classified for a person: what kind of failure it
// is (Kind, which says what the person can do), what stopped (Op), and
// the data a sentence about it needs (the server's own words, a limit in
// the wrapped error). The sentences themselves belong to the UI, in one
// layer ready for translation; this package writes none.
// Every error this package returns from Sync, CheckNew, Fetch and Flush is
// a *Problem, and so is Event.Problem.
type Problem struct {
	Kind Kind
	Op   Op
	// Detail is technical, for a "details" disclosure: "-ERR [AUTH]
	// invalid user name or password", or the Go error.
	Detail string
	// Code is the RFC 2449 response code the server sent ("AUTH",
	// "IN-USE", "SYS/TEMP"), "" if none; ServerText is the rest of its
	// reply. A UI should show ServerText for KindAuth: servers explain
	// there why a login failed (app passwords, disabled POP access).
	Code, ServerText string
	// RetryAfter, for KindLoginDelay, is the wait the server announced in
	// its LOGIN-DELAY capability, or zero if unknown.
	RetryAfter time.Duration
	// Verified, for KindCommit, says that the next session still listed
	// the messages: they are surely not deleted. Without it the server
	// did not confirm the deletion and Poppy could not check.
	Verified bool
	Err      error
}

// Op is what a Problem stopped, where a person needs to know it.
type Op int

const (
	OpMailbox Op = iota // listing, checking or committing: the mailbox as a whole
	OpFetch             // downloading one message (Fetch)
)

// Error is for logs and developers: the Kind, then the detail. A person
// reads the UI's sentence for the Problem instead.
func (p *Problem) Error() string {
	if p.Detail == "" {
		return "mailbox: " + p.Kind.String()
	}
	return "mailbox: " + p.Kind.String() + ": " + p.Detail
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

// ErrLoginRefused, wrapped by an error of Account.Login, makes it
// KindAuth: the credentials are refused for good (an OAuth grant that
// was revoked), so the Mailbox does not retry, and the UI asks for a new
// sign-in.
var ErrLoginRefused = errors.New("mailbox: the sign-in was refused")

// phase is where an error happened; it decides between "cannot reach the
// server" and "the connection dropped".
type phase int

const (
	phaseConnect phase = iota // in the Dialer
	phaseLogin
	phaseSession
)

// Classify classifies err for a person (the UI words it). It returns
// nil for nil, and err itself when it already is (or wraps) a *Problem.
// Errors are taken to come from an open session; those of a Dialer are
// classified by the Mailbox with that in mind.
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
	failure := transport.Classify(err)
	switch {
	case errors.Is(err, ErrClosed):
		p.Kind = KindClosed
	case errors.Is(err, context.Canceled):
		p.Kind = KindCanceled
	case pop3.IsInUse(err):
		p.Kind = KindInUse
	case pop3.IsLoginDelay(err):
		p.Kind = KindLoginDelay
	case pop3.IsAuthFailure(err), errors.Is(err, ErrLoginRefused):
		p.Kind = KindAuth
	case errors.Is(err, pop3.ErrInsecureAuth):
		p.Kind = KindInsecure
	case failure != transport.NotTransport:
		p.Kind = transportKind(failure, ph)
	case pe != nil, errors.Is(err, pop3.ErrNotSupported):
		p.Kind = KindServer
	case isProtocol(err):
		p.Kind = KindProtocol
	case ph == phaseConnect:
		p.Kind = KindUnreachable
	default:
		p.Kind = KindDropped
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
func transportKind(f transport.Failure, ph phase) Kind {
	switch {
	case f == transport.Untrusted, f == transport.TLSFailed:
		return KindTLS
	case !f.Temporary():
		return KindRefused
	case f == transport.Dropped && ph == phaseSession:
		return KindDropped
	}
	return KindUnreachable
}

// goneProblem, staleProblem and closedProblem are the Problems this package
// makes itself.
func goneProblem(uid string) *Problem {
	return &Problem{Kind: KindGone, Op: OpFetch, Detail: "UIDL " + uid + " not in the current session"}
}

func staleProblem(uid string) *Problem {
	return &Problem{Kind: KindStale, Detail: "message " + uid + " belongs to an ended session"}
}

func signedOutProblem() *Problem {
	return &Problem{Kind: KindSignedOut}
}

func closedProblem() *Problem {
	return &Problem{Kind: KindClosed, Err: ErrClosed}
}
