package transport

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"strings"
)

// tlsConfig returns the TLS configuration for host. Go's own verification
// is replaced by verify (InsecureSkipVerify only skips the built-in one),
// because the user's explicit trust in one fingerprint must be honoured
// and a failure must carry the certificate's details.
func tlsConfig(host string, roots *x509.CertPool, trusted string) *tls.Config {
	return &tls.Config{
		ServerName:         host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true,
		VerifyConnection: func(cs tls.ConnectionState) error {
			return verify(cs.PeerCertificates, host, roots, trusted)
		},
	}
}

// verify accepts a chain that verifies for host against roots (nil: the
// system store, which under js/wasm is the bundled fallback store), or
// whose leaf has exactly the trusted fingerprint.
func verify(chain []*x509.Certificate, host string, roots *x509.CertPool, trusted string) error {
	if len(chain) == 0 {
		return &CertificateError{Host: host, Reason: errors.New("the server sent no certificate")}
	}
	leaf := chain[0]
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := leaf.Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter})
	if err == nil {
		return nil
	}
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
		Chain:       chain,
	}
}
