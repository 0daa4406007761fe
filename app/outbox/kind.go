package outbox

import (
	"crypto/x509"
	"errors"

	"github.com/poppymail/poppy/submission"
)

// The ErrKind an entry keeps with its error: a stable word the UI turns
// into a sentence (the error's own text, ErrText, says the details).
const (
	KindAuth        = "auth"        // the server refused the sign-in
	KindRecipients  = "recipients"  // one or more recipients refused (which, and why, in ErrText)
	KindSize        = "size"        // larger than the server accepts
	KindTLS         = "tls"         // STARTTLS missing, or a certificate that does not verify
	KindTemporary   = "temporary"   // a 4xx reply: the server asks to try later
	KindRefused     = "refused"     // another 5xx reply
	KindNetwork     = "network"     // the connection failed before the message was sent
	KindMaybeSent   = "maybe-sent"  // lost after the final dot: may have been sent
	KindInterrupted = "interrupted" // the tab stopped while sending (see Recover)
)

// kindOf classifies err, a Sender's error, for ErrKind.
func kindOf(err error) string {
	var (
		se *submission.SizeError
		re *submission.RecipientsError
		e  *submission.Error
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	switch {
	case errors.Is(err, submission.ErrOutcomeUnknown):
		return KindMaybeSent
	case errors.As(err, &re):
		return KindRecipients
	case errors.As(err, &se):
		return KindSize
	case errors.Is(err, submission.ErrStartTLSNotOffered), errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ci):
		return KindTLS
	case errors.Is(err, submission.ErrAuthNotOffered), errors.Is(err, submission.ErrInsecureAuth):
		return KindAuth
	case errors.As(err, &e):
		switch {
		case e.Stage == submission.StageAuth && e.Code >= 500:
			return KindAuth
		case e.Temporary():
			return KindTemporary
		}
		return KindRefused
	}
	return KindNetwork
}
