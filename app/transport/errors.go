package transport

import (
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// CertificateError is a server certificate that did not verify. Its
// fields describe the certificate for the user, who may choose to trust
// Fingerprint for this account.
type CertificateError struct {
	Host        string
	Subject     string
	Issuer      string
	NotBefore   time.Time
	NotAfter    time.Time
	Fingerprint string // SHA-256 of the DER certificate, lower-case hex
	Reason      error  // why verification failed
}

func (e *CertificateError) Error() string {
	return fmt.Sprintf("transport: the certificate of %s is not trusted (%v); subject %q, issuer %q, SHA-256 %s",
		e.Host, e.Reason, e.Subject, e.Issuer, FormatFingerprint(e.Fingerprint))
}

func (e *CertificateError) Unwrap() error { return e.Reason }

// Fingerprint returns the SHA-256 fingerprint of a certificate as
// lower-case hex, the form stored for a trusted certificate.
func Fingerprint(cert *x509.Certificate) string {
	sum := sha256.Sum256(cert.Raw)
	return hex.EncodeToString(sum[:])
}

// FormatFingerprint groups a hex fingerprint in colon-separated pairs,
// the way certificate viewers show it, for a person to compare.
func FormatFingerprint(fp string) string {
	var b strings.Builder
	for i := 0; i+1 < len(fp); i += 2 {
		if i > 0 {
			b.WriteByte(':')
		}
		b.WriteString(strings.ToUpper(fp[i : i+2]))
	}
	return b.String()
}

// BridgeError is a session the bridge refused or ended, with its close
// code and reason. Classify says what the code means; the sentence a
// person reads is the UI's.
type BridgeError struct {
	Code   bridgeapi.CloseCode
	Reason string
}

func (e *BridgeError) Error() string {
	if e.Reason == "" {
		return fmt.Sprintf("transport: the bridge closed the session (code %d)", e.Code)
	}
	return fmt.Sprintf("transport: the bridge closed the session (code %d: %s)", e.Code, e.Reason)
}

// AsBridgeError finds a bridge close in err's chain.
func AsBridgeError(err error) (*BridgeError, bool) {
	var be *BridgeError
	if errors.As(err, &be) {
		return be, true
	}
	var ce websocket.CloseError
	if errors.As(err, &ce) && ce.Code != websocket.StatusNormalClosure {
		return &BridgeError{Code: bridgeapi.CloseCode(ce.Code), Reason: ce.Reason}, true
	}
	return nil, false
}
