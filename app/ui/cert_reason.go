package ui

import (
	"crypto/x509"
	"errors"

	"github.com/poppymail/poppy/app/i18n"
)

// certReason words why a mail server's certificate did not verify, from
// crypto/x509's typed errors; one no type words is shown as its own
// (English) text, marked as such.
func certReason(err error) string {
	var (
		ua x509.UnknownAuthorityError
		he x509.HostnameError
		ci x509.CertificateInvalidError
	)
	switch {
	case err == nil:
		return i18n.T("no reason given")
	case errors.As(err, &ua):
		return i18n.T("it is not signed by an authority this app trusts (a self-signed or private certificate?)")
	case errors.As(err, &he):
		return i18n.T("it was issued for other names than this server's")
	case errors.As(err, &ci) && ci.Reason == x509.Expired:
		return i18n.T("it has expired, or is not valid yet")
	case errors.As(err, &ci) && ci.Reason == x509.NotAuthorizedToSign:
		return i18n.T("an authority in its chain may not sign certificates")
	case errors.As(err, &ci) && ci.Reason == x509.IncompatibleUsage:
		return i18n.T("it is not meant for a server")
	}
	return technicalDetail(err.Error())
}
