package ui

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/i18n"
)

// TestCertReason: the reasons crypto/x509 gives, from real
// verifications of a self-made certificate, are worded in the current
// language; an error of no known type is marked as technical.
func TestCertReason(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.example.org"},
		DNSNames: []string{"mail.example.org"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	trusted := x509.NewCertPool()
	trusted.AddCert(cert)
	verify := func(name string, roots *x509.CertPool, at time.Time) error {
		_, err := cert.Verify(x509.VerifyOptions{DNSName: name, Roots: roots, CurrentTime: at})
		return err
	}
	if err := verify("mail.example.org", trusted, now); err != nil {
		t.Fatalf("the control verification failed: %v", err)
	}
	i18n.Set("de")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"unknown authority", verify("mail.example.org", x509.NewCertPool(), now), "nicht von einer Stelle signiert"},
		{"other name", verify("pop.example.net", trusted, now), "für andere Namen"},
		{"expired", verify("mail.example.org", trusted, now.Add(48*time.Hour)), "abgelaufen"},
		{"untyped", errors.New("x509: something else"), "(Technisches Detail, nicht übersetzt: x509: something else)"},
		{"none", nil, i18n.T("no reason given")},
	} {
		if got := certReason(tc.err); !strings.Contains(got, tc.want) {
			t.Errorf("%s: certReason(%v) = %q, want it to contain %q", tc.name, tc.err, got, tc.want)
		}
	}
}
