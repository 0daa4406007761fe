package pop3_test

import "crypto/x509"

// x509UnknownAuthority lets a test match the verification error that
// crypto/tls wraps.
type x509UnknownAuthority struct{ err x509.UnknownAuthorityError }
