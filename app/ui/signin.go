package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// signInCard is the sign-in form, a component with its own state: what
// the person types. The Shell owns the sign-in itself (the Mailbox, the
// device's records) and passes down how it goes. Its inputs are named
// target, username and password (the automation contract); when the
// bridge allows user-entered servers, the target select also offers
// bridgeapi.CustomTarget, the address-first path (signin_custom.go):
// beside the operator's servers, never in their place, so that a script
// that picks a target by name works as before.
type signInCard struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Targets []bridgeapi.Target
	// Custom is what user-entered servers may be; nil: not allowed.
	Custom *bridgeapi.CustomPolicy
	// Lookup is the Shell's last address lookup, if any.
	Lookup *lookup
	// Initial is the form until the person changes it: the last one
	// submitted, so that a failed sign-in or a sign-out keeps the server
	// and the user name.
	Initial signInForm
	Err     string // why the last sign-in, or the server list, failed
	Ready   bool   // the device's store is open: an account signed in before would keep nothing
	Signing bool
	// Pressed: Sign in was pressed in the page's prerendered shell, and
	// the loader submits this form once it can (bridge/internal/pwa/loader.js).
	Pressed bool
	// Held: a press waits for the device's store to open (OnHold); the
	// Shell signs in with it then.
	Held     bool
	Progress [2]int // headers loaded, of how many
	// Cert is a certificate waiting for the person's decision.
	Cert              *transport.CertificateError
	OnTrust, OnCancel func()
	// OnSubmit signs in with the form; it runs on the UI goroutine.
	OnSubmit func(signInForm)
	// OnHold keeps a press made before the device's store opened, for
	// the Shell to sign in with once it has (signin_held.go).
	OnHold func(signInForm)
	// OnLookup looks the form's address up; it runs on the UI goroutine.
	OnLookup func(address string)
	// OAuth are the bridge's OAuth providers, and OnOAuth signs in with
	// one of them (oauth.go).
	OAuth   []bridgeapi.OAuthProvider
	OnOAuth func(provider, target, address string, keep bool)

	form         signInForm
	keepSignedIn bool // the "keep me signed in" box (oauth.go)
	touched      bool // the person changed the form: Initial no longer applies
}

// signInForm is what the sign-in form holds.
type signInForm struct {
	Target, Username, Password string
	// The address-first path (Target bridgeapi.CustomTarget): the
	// address, and the server found for it or typed. Port is as typed.
	Address, Host, Port string
	Security            bridgeapi.Security
	Submission          *bridgeapi.Endpoint // found by the lookup only
	// The sending server as typed, filled from Submission (signin_submission.go).
	SubHost, SubPort string
	SubSecurity      bridgeapi.Security
	FoundFor         string // the address whose finding fills the form
	AllowPlain       bool   // the person accepted an unencrypted connection
}

// current is the form as shown: Initial until touched, with the first
// target chosen (and the demo login filled in) while none is.
func (c *signInCard) current() signInForm {
	f := c.form
	if !c.touched {
		f = c.Initial
	}
	if f.Target == "" && len(c.Targets) > 0 {
		typed := f
		f = c.pick(f, c.Targets[0].Name)
		if typed.Username != "" || typed.Password != "" {
			// Typed before the servers arrived (the sign-in shell carries
			// typing over): the demo's login does not overwrite it.
			f.Username, f.Password = typed.Username, typed.Password
		}
	}
	if f.Target == "" && c.Custom != nil {
		f.Target = bridgeapi.CustomTarget // the only way in
	}
	if l := c.Lookup; f.Target == bridgeapi.CustomTarget && l.confirming(f.Address) && l.Found != nil && f.FoundFor != l.Address {
		f = applyFound(f, l)
	}
	return f
}

// edit makes the shown form the card's own before the person changes it.
func (c *signInCard) edit() *signInForm {
	c.form, c.touched = c.current(), true
	return &c.form
}

// pick selects a target in f, filling in the demo login.
func (c *signInCard) pick(f signInForm, name string) signInForm {
	f.Target = name
	if t, ok := bridgeapi.FindTarget(c.Targets, name); ok && t.Demo != nil {
		f.Username, f.Password = t.Demo.Username, t.Demo.Password
	}
	return f
}

func (c *signInCard) Render() app.UI {
	f := c.current()
	t, _ := bridgeapi.FindTarget(c.Targets, f.Target)
	// The security line is always there, empty until a server is chosen,
	// with room for two lines (app.css): the line that comes with the
	// bridge's servers does not push the form down (no layout shift).
	security := app.UI(app.P().Class("security"))
	switch {
	case custom(f):
		// A custom server's protection shows in #found-servers; the
		// line says what happens first instead.
		security = app.P().Class("security").Text(i18n.T(customHint))
	case f.Target != "":
		security = routes.Security(i18n.Current(), t)
	}
	return app.Div().Class("signin").Body(
		app.H1().Body(app.Img().Src("/web/icon-192.png").Alt("").Class("logo"), app.Text("Poppy")),
		app.P().Class("tagline").Text(i18n.T("Read your POP3 mail in the browser.")),
		app.If(c.Cert != nil, &certPrompt{Lang: i18n.Current().Tag(), Cert: c.Cert, OnTrust: c.OnTrust, OnCancel: c.OnCancel}),
		app.Form().ID("signin").Aria("label", i18n.T("Sign in")).OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			c.submit(c.current())
		}).Body(
			app.Label().For("target").Text(i18n.T("Mail server")),
			app.Select().ID("target").Name("target").Required(true).OnChange(func(ctx app.Context, e app.Event) {
				*c.edit() = c.pick(c.current(), ctx.JSSrc().Get("value").String())
			}).Body(
				routes.TargetOptions(i18n.Current(), c.Targets, c.Custom != nil, f.Target)...,
			),
			security,
			app.If(custom(f), c.renderCustom(f)...),
			app.If(c.showCredentials(f), c.renderCredentials(f)...),
			app.Button().Type("submit").Class("primary").Disabled(!c.canSubmit(f)).Body(
				app.Text(c.submitTextFor(f)),
			),
			c.renderOAuth(f),
			app.If(c.Err != "", app.P().Class("error").Role("alert").Text(c.Err)),
			app.P().Class("privacy").Text(i18n.T("Your password stays in this tab's memory. It travels encrypted to the mail server, not to the bridge.")),
		),
	)
}

// renderCredentials is the user name and password, shown for a custom
// server only once its servers are confirmed.
func (c *signInCard) renderCredentials(f signInForm) []app.UI {
	t, _ := bridgeapi.FindTarget(c.Targets, f.Target)
	return []app.UI{
		app.Label().For("username").Text(i18n.T("User name")),
		app.Input().ID("username").Name("username").Type("text").AutoComplete(true).
			Attr("autocomplete", "username").Attr("autocapitalize", "none").Required(true).
			Value(f.Username).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().Username = ctx.JSSrc().Get("value").String()
		}),
		app.Label().For("password").Text(i18n.T("Password")),
		app.Input().ID("password").Name("password").Type("password").
			Attr("autocomplete", "current-password").Required(true).
			Value(f.Password).OnInput(func(ctx app.Context, e app.Event) {
			c.edit().Password = ctx.JSSrc().Get("value").String()
		}),
		routes.Hint(i18n.Current(), t),
	}
}

func (c *signInCard) submitText() string {
	if len(c.Targets) == 0 && c.Custom == nil && c.Err == "" {
		return i18n.T("Loading mail servers…")
	}
	if !c.Ready {
		// The store opens (an account signed in before it did would
		// keep nothing on the device): the button reads as the page's
		// shell drew it, with the servers it came with, and a press
		// waits for the store (OnHold).
		if c.Pressed || c.Held {
			return i18n.T("Signing in…")
		}
		return i18n.T("Sign in")
	}
	if !c.Signing {
		return i18n.T("Sign in")
	}
	if c.Progress[1] > 0 {
		return i18n.T("Loading {0} of {1}…", c.Progress[0], c.Progress[1])
	}
	return i18n.T("Signing in…")
}

// signInCard is the Shell's sign-in form. Its callbacks change the
// Shell's state, so they go through the Shell's own context: a handler
// re-renders only the component it belongs to.
func (s *Shell) signInCard() app.UI {
	return &signInCard{
		Lang:     i18n.Current().Tag(),
		Targets:  s.targets,
		Custom:   s.custom,
		Lookup:   s.lookup,
		Initial:  s.lastForm,
		Err:      s.loadErr,
		Ready:    s.db != nil,
		Signing:  s.signing,
		Pressed:  s.pressed,
		Held:     s.held != nil,
		Progress: s.progress,
		Cert:     s.certAsk,
		OnTrust:  s.onTrustCertificate,
		OnCancel: s.onCancelCertificate,
		OnSubmit: func(f signInForm) {
			s.ctx.Dispatch(func(app.Context) { s.signIn(f) })
		},
		OnHold: func(f signInForm) {
			s.ctx.Dispatch(func(app.Context) { s.holdSignIn(f) })
		},
		OnLookup: func(address string) {
			s.ctx.Dispatch(func(app.Context) { s.lookupAddress(address) })
		},
		OAuth: s.oauthProviders(),
		OnOAuth: func(provider, target, address string, keep bool) {
			s.ctx.Dispatch(func(app.Context) { s.beginOAuth(provider, target, address, keep) })
		},
	}
}
