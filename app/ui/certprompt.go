package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/transport"
)

// certPrompt is the dialogue for a certificate that failed verification:
// it shows what a person needs to decide (subject, issuer, validity,
// fingerprint) and lets them trust exactly that certificate for this
// account, never silently.
type certPrompt struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Cert *transport.CertificateError
	// OnTrust and OnCancel report the decision. They run on the UI
	// goroutine, from this component's handler.
	OnTrust, OnCancel func()
}

func (c *certPrompt) Render() app.UI {
	ce := c.Cert
	if ce == nil {
		return app.Section().Class("cert-prompt").Hidden(true)
	}
	reason := certReason(ce.Reason)
	return app.Section().Class("cert-prompt").Role("alertdialog").Aria("labelledby", "cert-title").Body(
		app.H2().ID("cert-title").Text(i18n.T("The server's certificate is not trusted")),
		app.P().Text(i18n.T("The certificate of {0} could not be verified: {1}. If you did not expect this, someone may be intercepting the connection: do not continue.", ce.Host, reason)),
		app.Dl().Body(
			app.Dt().Text(i18n.T("Subject")), app.Dd().Text(ce.Subject),
			app.Dt().Text(i18n.T("Issuer")), app.Dd().Text(ce.Issuer),
			app.Dt().Text(i18n.T("Valid")), app.Dd().Text(i18n.T("{0} to {1}", i18n.Date(ce.NotBefore, i18n.DayMonthYear), i18n.Date(ce.NotAfter, i18n.DayMonthYear))),
			app.Dt().Text("SHA-256"), app.Dd().Class("fingerprint").Text(transport.FormatFingerprint(ce.Fingerprint)),
		),
		app.Div().Class("actions").Body(
			app.Button().ID("trust-cert").Text(i18n.T("Trust this certificate for this account")).OnClick(func(app.Context, app.Event) {
				if c.OnTrust != nil {
					c.OnTrust()
				}
			}),
			app.Button().Text(i18n.T("Cancel")).OnClick(func(app.Context, app.Event) {
				if c.OnCancel != nil {
					c.OnCancel()
				}
			}),
		),
	)
}

// certPrompt is the Shell's prompt for s.certAsk, in the inbox (a
// password typed in the sign-in bar); the sign-in form shows its own.
func (s *Shell) certPrompt() app.UI {
	return &certPrompt{Lang: i18n.Current().Tag(), Cert: s.certAsk, OnTrust: s.onTrustCertificate, OnCancel: s.onCancelCertificate}
}

// onTrustCertificate and onCancelCertificate apply the person's decision
// through the Shell's own context: a handler re-renders only the
// component it belongs to, and go-app drops a dispatch whose source (the
// prompt) has left the page.
func (s *Shell) onTrustCertificate() {
	s.ctx.Dispatch(func(ctx app.Context) { s.trustCertificate(ctx) })
}

func (s *Shell) onCancelCertificate() {
	s.ctx.Dispatch(func(app.Context) { s.certAsk = nil })
}
