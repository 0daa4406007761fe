package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Failure is what an error of Dial, or of a session it opened, means to a
// caller deciding whether to try again. It is the one place that decides
// which bridge endings and TLS failures are temporary: the mailbox's
// retries, its queue of offline deletions and the UI all ask Classify.
type Failure int

const (
	// NotTransport: not a failure of the bridge or of TLS (a POP3 reply,
	// a network error the caller's context explains, nil).
	NotTransport Failure = iota
	// Unreachable: the bridge or the mail server cannot be reached now
	// (the bridge's dial failed or timed out, the page cannot reach the
	// bridge). Temporary.
	Unreachable
	// Dropped: a connection that worked was ended (idle or time limit,
	// the bridge restarting, the mail server's side broken). Temporary.
	Dropped
	// Busy: the bridge refused the session at one of its limits; a
	// minute later it may accept. Temporary.
	Busy
	// Refused: the bridge will not connect to this target (unknown,
	// forbidden, a malformed request). Asking again gets the same answer.
	Refused
	// Untrusted: the mail server's certificate did not verify. Only a
	// person can change that, by trusting it (CertificateError).
	Untrusted
	// TLSFailed: TLS could not be set up (the port does not speak TLS,
	// no common version or cipher, an alert, a root store that does not
	// match the app). Retrying will not help.
	TLSFailed
)

var failureNames = [...]string{"not-transport", "unreachable", "dropped", "busy", "refused", "untrusted", "tls-failed"}

func (f Failure) String() string {
	if f >= 0 && int(f) < len(failureNames) {
		return failureNames[f]
	}
	return "Failure(?)"
}

// Temporary reports whether the same attempt may succeed later without
// anyone changing anything.
func (f Failure) Temporary() bool {
	return f == Unreachable || f == Dropped || f == Busy
}

// ErrBridgeUnreachable is matched (errors.Is) by errors of a page that
// cannot reach the bridge at all: its WebSocket or HTTP requests fail.
var ErrBridgeUnreachable = errors.New("transport: cannot reach the bridge")

// Classify says what err means (see Failure). Bridge endings are known by
// their close code (bridgeapi), TLS failures by their types; never by
// message text.
func Classify(err error) Failure {
	if err == nil {
		return NotTransport
	}
	if be, ok := AsBridgeError(err); ok {
		return CloseFailure(be.Code)
	}
	if errors.Is(err, ErrBridgeUnreachable) {
		return Unreachable
	}
	if errors.Is(err, ErrRootStore) {
		return TLSFailed // no store to verify against, until a reload
	}
	var (
		ce  *CertificateError
		cve *tls.CertificateVerificationError
		ua  x509.UnknownAuthorityError
		hn  x509.HostnameError
		ci  x509.CertificateInvalidError
		sr  x509.SystemRootsError
		uc  x509.UnhandledCriticalExtension
		rh  tls.RecordHeaderError
		al  tls.AlertError
		ech *tls.ECHRejectionError
		op  *net.OpError
	)
	switch {
	case errors.As(err, &ce), errors.As(err, &cve), errors.As(err, &ua), errors.As(err, &hn),
		errors.As(err, &ci), errors.As(err, &sr), errors.As(err, &uc):
		return Untrusted
	case errors.As(err, &rh), errors.As(err, &al), errors.As(err, &ech):
		return TLSFailed
	case errors.As(err, &op) && op.Op == tlsLocalError:
		return TLSFailed
	}
	return NotTransport
}

// tlsLocalError is the Op of the *net.OpError that crypto/tls returns
// when it aborts a handshake itself (its alert type is unexported).
const tlsLocalError = "local error"

// CloseFailure classifies a WebSocket close code sent by the bridge.
// Codes the bridge does not document count as Dropped: something ended
// the session, and a new one may work.
func CloseFailure(code bridgeapi.CloseCode) Failure {
	switch code {
	case bridgeapi.CodeNormal:
		return NotTransport
	case bridgeapi.CodeBadRequest, bridgeapi.CodeForbiddenTarget, bridgeapi.CodeUnknownTarget,
		bridgeapi.CodeBinaryOnly, bridgeapi.CodeMessageTooBig:
		return Refused
	case bridgeapi.CodeLimitReached:
		return Busy
	case bridgeapi.CodeTargetUnreachable, bridgeapi.CodeDialTimeout:
		return Unreachable
	}
	return Dropped
}
