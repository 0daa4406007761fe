package submission

import (
	"crypto/x509"
	"errors"
	"strconv"
	"strings"
)

// Stage is the step of a session at which something failed.
type Stage int

const (
	StageConnect   Stage = iota // opening the connection or its TLS handshake
	StageGreeting               // the 220 greeting and EHLO
	StageTLS                    // STARTTLS
	StageAuth                   // AUTH
	StageMail                   // MAIL FROM
	StageRcpt                   // RCPT TO
	StageData                   // DATA and the message, before the final dot is written
	StageAfterData              // the final dot was written and its reply is awaited
	StageQuit                   // QUIT, after the message was accepted
)

var stageNames = [...]string{"connect", "greeting", "STARTTLS", "AUTH", "MAIL FROM", "RCPT TO", "DATA", "end of DATA", "QUIT"}

func (s Stage) String() string {
	if s >= 0 && int(s) < len(stageNames) {
		return stageNames[s]
	}
	return "stage " + strconv.Itoa(int(s))
}

// Error is a server reply that refused something (a 4xx or 5xx reply, or
// an unexpected one). The session is still usable after it, except at
// StageGreeting.
type Error struct {
	Stage     Stage
	Code      int    // the 3-digit reply code
	Enhanced  [3]int // RFC 3463 class.subject.detail; zero if the server sent none
	Text      string // the server's words, lines joined by "\n", without the codes
	Recipient string // the address refused, for StageRcpt
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("submission: the server refused ")
	b.WriteString(e.Stage.String())
	if e.Recipient != "" {
		b.WriteString(" <")
		b.WriteString(e.Recipient)
		b.WriteString(">")
	}
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.Code))
	if e.Enhanced != [3]int{} {
		b.WriteByte(' ')
		b.WriteString(e.EnhancedCode())
	}
	if e.Text != "" {
		b.WriteByte(' ')
		b.WriteString(e.Text)
	}
	return b.String()
}

// EnhancedCode returns the RFC 3463 code as "class.subject.detail", or ""
// when the server sent none.
func (e *Error) EnhancedCode() string {
	if e.Enhanced == [3]int{} {
		return ""
	}
	return strconv.Itoa(e.Enhanced[0]) + "." + strconv.Itoa(e.Enhanced[1]) + "." + strconv.Itoa(e.Enhanced[2])
}

// Temporary reports whether the server declared the failure transient
// (a 4xx reply): the same request may succeed later.
func (e *Error) Temporary() bool { return e.Code >= 400 && e.Code < 500 }

// RecipientsError reports that the server refused one or more recipients.
// Nothing was sent: the transaction was reset (RSET) before DATA, so that
// no recipient gets a message the others did not.
type RecipientsError struct {
	Refused []*Error // one per refused recipient, in envelope order
}

func (e *RecipientsError) Error() string {
	var b strings.Builder
	b.WriteString("submission: nothing was sent because the server refused ")
	if len(e.Refused) == 1 {
		b.WriteString("a recipient: ")
	} else {
		b.WriteString(strconv.Itoa(len(e.Refused)))
		b.WriteString(" recipients: ")
	}
	for i, r := range e.Refused {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString("<")
		b.WriteString(r.Recipient)
		b.WriteString("> ")
		b.WriteString(strconv.Itoa(r.Code))
		if c := r.EnhancedCode(); c != "" {
			b.WriteString(" " + c)
		}
		if r.Text != "" {
			b.WriteString(" " + r.Text)
		}
	}
	return b.String()
}

// Unwrap gives errors.As access to each refusal.
func (e *RecipientsError) Unwrap() []error {
	errs := make([]error, len(e.Refused))
	for i, r := range e.Refused {
		errs[i] = r
	}
	return errs
}

// SizeError reports a message larger than the server's declared limit
// (RFC 1870 SIZE). It was refused before any byte of it was sent.
type SizeError struct {
	Size, Limit int64
}

func (e *SizeError) Error() string {
	return "submission: the message is " + strconv.FormatInt(e.Size, 10) + " bytes and the server accepts at most " +
		strconv.FormatInt(e.Limit, 10) + "; nothing was sent: remove or shrink attachments"
}

// ConnError is a connection that failed (closed, reset, timed out or
// cancelled) or a reply that broke the protocol, at Stage. At
// StageAfterData it matches ErrOutcomeUnknown.
type ConnError struct {
	Stage Stage
	Err   error
}

func (e *ConnError) Error() string {
	if e.Stage == StageAfterData {
		return "submission: the connection failed after the whole message was sent and before the server confirmed it; the message may have been sent, check before sending it again: " + e.Err.Error()
	}
	return "submission: the connection failed during " + e.Stage.String() + "; the message was not sent: " + e.Err.Error()
}

func (e *ConnError) Unwrap() error { return e.Err }

func (e *ConnError) Is(target error) bool {
	return target == ErrOutcomeUnknown && e.Stage == StageAfterData
}

var (
	// ErrStartTLSNotOffered is returned when STARTTLS is required (the
	// session is not yet encrypted and a credential or message would
	// follow) and the server does not offer it. No credentials were sent.
	ErrStartTLSNotOffered = errors.New("submission: the server does not offer STARTTLS, so nothing (no password, no message) was sent over the unencrypted connection; use implicit TLS (port 465) or ask the server's operator to enable STARTTLS")

	// ErrOutcomeUnknown is matched by the error of a session that was lost
	// after the final dot of DATA was written and before the server's
	// reply: the message MAY HAVE BEEN SENT. Never resend it silently.
	ErrOutcomeUnknown = errors.New("submission: the message may have been sent")

	// ErrSMTPUTF8NotOffered is returned when an envelope address is not
	// ASCII and the server does not offer SMTPUTF8 (RFC 6531). Nothing was
	// sent.
	ErrSMTPUTF8NotOffered = errors.New("submission: an address has non-ASCII characters and the server does not accept them (no SMTPUTF8); nothing was sent: use an ASCII address")

	// ErrInsecureAuth is returned by Auth on a connection without TLS
	// unless Options.AllowInsecureAuth is set.
	ErrInsecureAuth = errors.New("submission: refusing to send credentials over an unencrypted connection: use implicit TLS or STARTTLS, or set Options.AllowInsecureAuth for a trusted loopback server")

	// ErrAuthNotOffered is returned by Auth when the server does not offer
	// the mechanism (or AUTH at all). No credentials were sent.
	ErrAuthNotOffered = errors.New("submission: the server does not offer this sign-in method")

	// ErrClosed is matched by every call on a session that has ended.
	ErrClosed = errors.New("submission: session closed")
)

// Delivery is what became of a message, as far as the client can know.
type Delivery int

const (
	Delivered        Delivery = iota + 1 // the server accepted the message (250 after DATA)
	NotSentRetry                         // not sent; the same message may succeed later
	NotSentPermanent                     // not sent; sending it again unchanged will fail the same way
	MaybeSent                            // the server may have accepted it: ask the person, never resend silently
)

var deliveryNames = [...]string{"", "delivered", "not sent (retry)", "not sent", "may have been sent"}

func (d Delivery) String() string {
	if d > 0 && int(d) < len(deliveryNames) {
		return deliveryNames[d]
	}
	return "delivery " + strconv.Itoa(int(d))
}

// Outcome classifies the error of Send (or of the whole session that
// led to it: dial, StartTLS, Auth). It is the one classification the
// outbox uses:
//   - nil: Delivered;
//   - a call on a session that had already ended (ErrClosed): NotSentRetry,
//     whatever ended it, since this call sent nothing;
//   - ErrOutcomeUnknown: MaybeSent;
//   - *SizeError, *RecipientsError, *AddressError, ErrStartTLSNotOffered,
//     ErrSMTPUTF8NotOffered, ErrInsecureAuth, ErrAuthNotOffered, a 5xx
//     reply (such as a refused password) and a certificate that does not
//     verify: NotSentPermanent, since only a person can change them;
//   - a 4xx reply and anything else (a lost connection or timeout before
//     the final dot): NotSentRetry.
func Outcome(err error) Delivery {
	if err == nil {
		return Delivered
	}
	var ended *closedError
	if errors.As(err, &ended) {
		// The session had ended before this call, which therefore sent
		// nothing, whatever ended it (even a message that may have gone).
		return NotSentRetry
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		return MaybeSent
	}
	var (
		se *SizeError
		re *RecipientsError
		ae *AddressError
		e  *Error
	)
	switch {
	case errors.As(err, &se), errors.As(err, &re), errors.As(err, &ae),
		errors.Is(err, ErrStartTLSNotOffered), errors.Is(err, ErrSMTPUTF8NotOffered),
		errors.Is(err, ErrInsecureAuth), errors.Is(err, ErrAuthNotOffered),
		isCertificateError(err):
		return NotSentPermanent
	case errors.As(err, &e):
		if e.Code >= 500 {
			return NotSentPermanent
		}
	}
	return NotSentRetry
}

// isCertificateError reports a server certificate that did not verify:
// retrying cannot help until the person trusts it or the operator fixes it.
func isCertificateError(err error) bool {
	var (
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	return errors.As(err, &ua) || errors.As(err, &he) || errors.As(err, &ci)
}
