package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// customHint says, on the address-first path, what happens before any
// password is asked for.
const customHint = "Poppy looks up the servers of your address and shows them to you before your password goes anywhere."

// custom reports whether f is on the address-first path.
func custom(f signInForm) bool { return f.Target == bridgeapi.CustomTarget }

// showCredentials reports whether the user name and password show: for
// an operator's server always; for a custom one only once the servers
// they would go to are on screen.
func (c *signInCard) showCredentials(f signInForm) bool {
	return !custom(f) || c.Lookup.confirming(f.Address)
}

// looking reports whether the form's address is being looked up.
func (c *signInCard) looking(f signInForm) bool {
	return custom(f) && c.Lookup != nil && c.Lookup.Busy && c.Lookup.Address == f.Address
}

// canSubmit reports whether the button takes a press. It does before
// the device's store is open, which a sign-in needs: the press then
// waits for it (submit, OnHold), so that the form the app draws in place
// of the page's shell is never a dead button for the moment the store
// takes to open.
func (c *signInCard) canSubmit(f signInForm) bool {
	return !c.Signing && !c.Held && !c.looking(f) && (len(c.Targets) > 0 || c.Custom != nil)
}

// submit looks the address up first on the custom path; it signs in
// only from the second step, where the servers are shown.
func (c *signInCard) submit(f signInForm) {
	switch {
	case !c.canSubmit(f):
	case custom(f) && !c.Lookup.confirming(f.Address):
		if c.OnLookup != nil {
			c.OnLookup(f.Address)
		}
	case !c.Ready:
		perfMark(markSignInClick) // the person's click, which the sign-in follows
		if c.OnHold != nil {
			c.OnHold(f)
		}
	case c.OnSubmit != nil:
		perfMark(markSignInClick) // a sign-in starts, not a lookup
		c.OnSubmit(f)
	}
}

func (c *signInCard) submitTextFor(f signInForm) string {
	switch {
	case !custom(f) || !c.Ready:
		return c.submitText()
	case c.looking(f):
		return i18n.T("Looking up your mail server…")
	case !c.Lookup.confirming(f.Address):
		return i18n.T("Find my mail server")
	case needsPlainConsent(f.Host, f.Security) && !c.Signing:
		return i18n.T("Sign in without encryption")
	}
	return c.submitText()
}

// renderCustom is the address, what the lookup found (#found-servers)
// or why it found nothing, and the server's fields (host, port,
// security), which the person may always edit.
//
// They are the form's own items, not wrapped: the form lays its fields
// out in one column (app.css).
func (c *signInCard) renderCustom(f signInForm) []app.UI {
	l := c.Lookup
	done := l.confirming(f.Address)
	var lookupErr string
	var found app.UI = app.Text("")
	if done && l.Found != nil {
		found = renderFound(l.Found)
	}
	if l != nil && !l.Busy && l.Address == f.Address && l.Err != nil {
		lookupErr = lookupSentence(l.Err, f.Address)
	}
	out := []app.UI{
		app.Label().For("address").Text(i18n.T("E-mail address")),
		app.Input().ID("address").Name("address").Type("email").Required(true).
			Attr("autocomplete", "email").Attr("autocapitalize", "none").
			Value(f.Address).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().Address = ctx.JSSrc().Get("value").String()
		}),
		app.If(lookupErr != "", app.P().Class("note").Role("status").Text(lookupErr)),
		found,
	}
	if done {
		out = append(out, c.renderServerFields(f)...)
	}
	return out
}

// renderFound says what the lookup found, where it came from and how
// each server is protected, and warns before a password would go out
// in clear text, or where the provider wants OAuth2 instead.
func renderFound(a *bridgeapi.Autoconfig) app.UI {
	sub := app.Li().Text(i18n.T("Sending: none found, so this account cannot send mail from Poppy."))
	if a.Submission != nil {
		sub = app.Li().Body(app.Text(i18n.T("Sending:")+" "), app.Code().Text(endpointLabel(*a.Submission)), app.Text(" — "+securityLabel(*a.Submission)))
	}
	return app.Section().ID("found-servers").Aria("label", i18n.T("Servers found")).DataSet("source", string(a.Source)).Body(
		app.P().Text(i18n.T("Found through {0}:", sourceWords(a.Source).via)),
		app.Ul().Body(
			app.Li().Body(app.Text(i18n.T("Reading (POP3):")+" "), app.Code().Text(endpointLabel(a.POP3)), app.Text(" — "+securityLabel(a.POP3))),
			sub,
		),
		app.If(a.Insecure, app.P().Class("security warn").Role("alert").Text(i18n.T(insecureWarning))),
		// The hook of "Sign in with …": the provider's buttons
		// (data-oauth) go here once the bridge names providers.
		app.If(a.OAuth, app.P().ID("oauth-needed").Class("note").Role("status").Text(i18n.T(oauthNeededSentence))),
	)
}

// renderServerFields are the server's host, port and security, filled
// from the lookup, and the consent to plain POP3 over the network.
func (c *signInCard) renderServerFields(f signInForm) []app.UI {
	plain := needsPlainConsent(f.Host, f.Security)
	fields := []app.UI{
		app.Label().For("host").Text(i18n.T("POP3 server")),
		app.Input().ID("host").Name("host").Type("text").Required(true).Attr("autocapitalize", "none").
			Value(f.Host).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().Host = ctx.JSSrc().Get("value").String()
		}),
		app.Label().For("port").Text(i18n.T("Port")),
		app.Input().ID("port").Name("port").Type("number").Required(true).Attr("min", 1).Attr("max", 65535).
			Value(f.Port).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().Port = ctx.JSSrc().Get("value").String()
		}),
		app.Label().For("security").Text(i18n.T("Security")),
		app.Select().ID("security").Name("security").Required(true).OnChange(func(ctx app.Context, e app.Event) {
			c.edit().Security = bridgeapi.Security(ctx.JSSrc().Get("value").String())
		}).Body(
			app.Option().Value("").Selected(f.Security == "").Text(i18n.T("Choose…")),
			securityOption(bridgeapi.SecurityTLS, i18n.T("TLS (usually port 995)"), f.Security),
			securityOption(bridgeapi.SecurityStartTLS, i18n.T("STARTTLS (usually port 110)"), f.Security),
			securityOption(bridgeapi.SecurityPlain, i18n.T("None — not encrypted"), f.Security),
		),
		app.If(plain, app.P().Class("security warn").Role("alert").Text(i18n.T(insecureWarning))),
		app.If(plain, app.Label().Class("check").Body(
			app.Input().Type("checkbox").Name("allow-plain").Checked(f.AllowPlain).OnChange(func(ctx app.Context, e app.Event) {
				c.edit().AllowPlain = ctx.JSSrc().Get("checked").Bool()
			}),
			app.Text(" "+i18n.T("Send my password unencrypted anyway")),
		)),
	}
	return append(fields, c.renderSubmissionFields(f)...)
}

func securityOption(s bridgeapi.Security, label string, chosen bridgeapi.Security) app.UI {
	return app.Option().Value(string(s)).Selected(s == chosen).Text(label)
}

// endpointLabel is HOST:PORT, an IPv6 literal in brackets.
func endpointLabel(e bridgeapi.Endpoint) string {
	return bridgeclient.CustomName(e.Host, e.Port)
}

// securityLabel says how a server found is protected.
func securityLabel(e bridgeapi.Endpoint) string {
	switch e.Security {
	case bridgeapi.SecurityTLS:
		return i18n.T("🔒 encrypted (TLS)")
	case bridgeapi.SecurityStartTLS:
		return i18n.T("🔒 encrypted (STARTTLS)")
	}
	return i18n.T("⚠ not encrypted")
}

// sourceWords words each lookup step, a step the bridge may add later
// included: via ends "Found through …", step is the subject of a
// sentence about the step's trouble.
func sourceWords(s bridgeapi.AutoconfigSource) struct{ via, step string } {
	type words = struct{ via, step string }
	switch s {
	case bridgeapi.SourceSRV:
		return words{i18n.T("the domain's DNS SRV records"), i18n.T("The DNS SRV records")}
	case bridgeapi.SourceAutoconfig:
		return words{i18n.T("the domain's autoconfig file"), i18n.T("The autoconfig file")}
	case bridgeapi.SourceBuiltin:
		return words{i18n.T("Poppy's built-in list of providers"), i18n.T("Poppy's list of providers")}
	case bridgeapi.SourceGuess:
		return words{i18n.T("a guess: a POP3 server answered at the usual name"), i18n.T("A guess")}
	}
	return words{i18n.T("the bridge's lookup"), i18n.T("The lookup")}
}
