package transport

import (
	"crypto/tls"
	"crypto/x509"
	"strings"

	"github.com/poppymail/poppy/internal/mailconn"
)

// tlsConfig returns the TLS configuration for host: the user's explicit
// trust in one fingerprint must be honoured, and a failure must carry
// the certificate's details, so verification is verify's.
func tlsConfig(host string, roots *x509.CertPool, trusted string) *tls.Config {
	return mailconn.TLSConfig(host, func(cs tls.ConnectionState) error {
		return verify(cs.PeerCertificates, host, roots, trusted)
	})
}

// verify accepts a chain that verifies for host against roots (Dial
// passes the store it loaded from the bridge; nil would be the system
// store, which js/wasm does not have), or whose leaf has exactly the
// trusted fingerprint.
func verify(chain []*x509.Certificate, host string, roots *x509.CertPool, trusted string) error {
	err := mailconn.Verify(chain, host, roots)
	if err == nil {
		return nil
	}
	if len(chain) == 0 {
		return &CertificateError{Host: host, Reason: err}
	}
	leaf := chain[0]
	fp := Fingerprint(leaf)
	if trusted != "" && strings.EqualFold(trusted, fp) {
		return nil
	}
	return &CertificateError{
		Host:        host,
		Subject:     leaf.Subject.String(),
		Issuer:      leaf.Issuer.String(),
		NotBefore:   leaf.NotBefore,
		NotAfter:    leaf.NotAfter,
		Fingerprint: fp,
		Reason:      err,
	}
}
