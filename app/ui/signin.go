package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
)

// renderSignIn is the sign-in form. Its inputs are named target,
// username and password (the automation contract).
func (s *Shell) renderSignIn() app.UI {
	t, _ := s.target(s.form.Target)
	return app.Div().Class("signin").Body(
		app.H1().Body(app.Img().Src("/web/icon-192.png").Alt("").Class("logo"), app.Text("Poppy")),
		app.P().Class("tagline").Text("Read your POP3 mail in the browser."),
		app.If(s.certAsk != nil, s.certPrompt()),
		app.Form().ID("signin").Aria("label", "Sign in").OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			if !s.signing {
				s.signIn(ctx)
			}
		}).Body(
			app.Label().For("target").Text("Mail server"),
			app.Select().ID("target").Name("target").Required(true).OnChange(func(ctx app.Context, e app.Event) {
				s.pickTarget(ctx.JSSrc().Get("value").String())
			}).Body(
				app.Range(s.targets).Slice(func(i int) app.UI {
					tg := s.targets[i]
					return app.Option().Value(tg.Name).Selected(tg.Name == s.form.Target).Text(targetLabel(tg))
				}),
			),
			app.If(s.form.Target != "", s.renderSecurity(t)),
			app.Label().For("username").Text("User name"),
			app.Input().ID("username").Name("username").Type("text").AutoComplete(true).
				Attr("autocomplete", "username").Attr("autocapitalize", "none").Required(true).
				Value(s.form.Username).OnInput(func(ctx app.Context, e app.Event) {
				s.form.Username = ctx.JSSrc().Get("value").String()
			}),
			app.Label().For("password").Text("Password"),
			app.Input().ID("password").Name("password").Type("password").
				Attr("autocomplete", "current-password").Required(true).
				Value(s.form.Password).OnInput(func(ctx app.Context, e app.Event) {
				s.form.Password = ctx.JSSrc().Get("value").String()
			}),
			// Always there, empty but for the demo, so that choosing a
			// target does not shift (and so replace) the submit button
			// under a click.
			app.P().Class("hint").Body(app.If(t.Demo != nil,
				app.Text("Demo mailbox: user "), app.Code().Text(demoUser(t)),
				app.Text(", password "), app.Code().Text(demoPassword(t)), app.Text("."),
			)),
			app.Button().Type("submit").Class("primary").Disabled(s.signing || len(s.targets) == 0 || s.db == nil).Body(
				app.Text(s.submitText()),
			),
			app.If(s.loadErr != "", app.P().Class("error").Role("alert").Text(s.loadErr)),
			app.P().Class("privacy").Text("Your password stays in this tab's memory. It travels encrypted to the mail server, not to the bridge."),
		),
	)
}

func (s *Shell) submitText() string {
	if (len(s.targets) == 0 && s.loadErr == "") || s.db == nil {
		// The store too: an account signed in before it opened would
		// keep nothing on the device.
		return "Loading mail servers…"
	}
	if !s.signing {
		return "Sign in"
	}
	if s.progress[1] > 0 {
		return "Loading " + groupThousands(s.progress[0]) + " of " + groupThousands(s.progress[1]) + "…"
	}
	return "Signing in…"
}

func demoUser(t bridgeapi.Target) string {
	if t.Demo == nil {
		return ""
	}
	return t.Demo.Username
}

func demoPassword(t bridgeapi.Target) string {
	if t.Demo == nil {
		return ""
	}
	return t.Demo.Password
}

func targetLabel(t bridgeapi.Target) string {
	if t.Demo != nil {
		return t.Name + " (demo mailbox)"
	}
	return t.Name + " — " + t.Host
}

// renderSecurity says plainly how the connection is protected, and warns
// about plain POP3 anywhere but the demo and loopback.
func (s *Shell) renderSecurity(t bridgeapi.Target) app.UI {
	switch t.Security {
	case bridgeapi.SecurityTLS:
		return app.P().Class("security ok").Text("🔒 Encrypted from this tab to " + t.Host + " (TLS).")
	case bridgeapi.SecurityStartTLS:
		return app.P().Class("security ok").Text("🔒 Encrypted from this tab to " + t.Host + " (STARTTLS).")
	}
	if t.Demo != nil || mailconn.IsLoopback(t.Host) {
		return app.P().Class("security plain").Text("Not encrypted: this server is on the bridge's own machine (demo or loopback).")
	}
	return app.P().Class("security warn").Role("alert").Text("⚠ Not encrypted: your password and mail would cross the network readable by anyone on the path.")
}
