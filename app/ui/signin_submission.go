package ui

import (
	"slices"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// The sending server of the address-first path: filled from the lookup
// when it found one, and always editable, as the POP3 server is. It is
// optional: without one the account reads mail and its outbox waits for
// a server. It is offered only when the bridge lets user-entered servers
// send (a policy with submission ports), and never without encryption:
// a submission server is where the password goes for every message.

// offersSubmission reports whether the bridge lets user-entered servers
// send, so that the form asks for a sending server.
func offersSubmission(policy *bridgeapi.CustomPolicy) bool {
	return policy != nil && len(policy.SubmissionPorts) > 0
}

// submissionEndpoint is the typed sending server, nil when none was
// typed, or why it cannot be used.
func submissionEndpoint(f signInForm, policy *bridgeapi.CustomPolicy) (*bridgeapi.Endpoint, error) {
	host := strings.TrimSpace(f.SubHost)
	if host == "" || !offersSubmission(policy) {
		return nil, nil
	}
	port, err := strconv.Atoi(strings.TrimSpace(f.SubPort))
	if err != nil || port < 1 || port > 65535 {
		return nil, &customError{Problem: customSubmissionBadPort}
	}
	if !slices.Contains(policy.SubmissionPorts, port) {
		return nil, &customError{Problem: customSubmissionPortNotAllowed, Port: port, Allowed: policy.SubmissionPorts}
	}
	if f.SubSecurity != bridgeapi.SecurityTLS && f.SubSecurity != bridgeapi.SecurityStartTLS {
		return nil, &customError{Problem: customSubmissionBadSecurity}
	}
	return &bridgeapi.Endpoint{Host: host, Port: port, Security: f.SubSecurity}, nil
}

// withFoundSubmission fills the sending fields from what a lookup found.
func withFoundSubmission(f signInForm, e *bridgeapi.Endpoint) signInForm {
	f.SubHost, f.SubPort, f.SubSecurity = "", "", ""
	if e != nil {
		f.SubHost, f.SubPort, f.SubSecurity = e.Host, strconv.Itoa(e.Port), e.Security
	}
	return f
}

// renderSubmissionFields are the sending server's host, port and
// security (smtp-host, smtp-port, smtp-security).
func (c *signInCard) renderSubmissionFields(f signInForm) []app.UI {
	if !offersSubmission(c.Custom) {
		return nil
	}
	return []app.UI{
		app.Label().For("smtp-host").Text(i18n.T("Sending server (SMTP, optional)")),
		app.Input().ID("smtp-host").Name("smtp-host").Type("text").Attr("autocapitalize", "none").
			Value(f.SubHost).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().SubHost = ctx.JSSrc().Get("value").String()
		}),
		app.Label().For("smtp-port").Text(i18n.T("Sending port")),
		app.Input().ID("smtp-port").Name("smtp-port").Type("number").Attr("min", 1).Attr("max", 65535).
			Value(f.SubPort).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().SubPort = ctx.JSSrc().Get("value").String()
		}),
		app.Label().For("smtp-security").Text(i18n.T("Sending security")),
		app.Select().ID("smtp-security").Name("smtp-security").OnChange(func(ctx app.Context, e app.Event) {
			c.edit().SubSecurity = bridgeapi.Security(ctx.JSSrc().Get("value").String())
		}).Body(
			app.Option().Value("").Selected(f.SubSecurity == "").Text(i18n.T("Choose…")),
			securityOption(bridgeapi.SecurityTLS, i18n.T("TLS (usually port 465)"), f.SubSecurity),
			securityOption(bridgeapi.SecurityStartTLS, i18n.T("STARTTLS (usually port 587)"), f.SubSecurity),
		),
	}
}
