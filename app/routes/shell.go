package routes

import (
	"sync/atomic"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// SignInShell is the sign-in page as the app first renders it (app/ui's
// Shell with no account open, and its sign-in card before the bridge's
// mail servers arrived), drawn by the server, so that the page paints
// the form at once instead of a blank screen while app.wasm downloads
// and compiles. When the app starts, go-app replaces it with the live
// form: the same elements in the same places, so nothing moves.
//
// The shell lists the bridge's mail servers (SetTargets), as the app
// shows them: the page carries the same list (TargetsElementID), which
// the app reads before its first render, so the select, its default
// choice and the lines under it do not change when the app takes over.
//
// The shell takes a whole sign-in from the first paint: a person (or a
// password manager) fills in the user name and password while app.wasm
// loads, and may press Sign in. go-app v9 replaces prerendered HTML
// rather than adopting it, so the bridge's wasm loader
// (bridge/internal/pwa/loader.js) carries what the shell's fields hold,
// the focus and the caret into the app's form in the same frame as the
// swap, and a press made in the shell is submitted once, on the app's
// form, when it is live. The button is disabled as drawn: only the
// loader enables it, after it has taken the form's submit event, so a
// page whose scripts fail never submits the form as HTML (and the page's
// Content-Security-Policy has form-action 'none' as well). Without the
// servers (none but the address-first path, or OAuth buttons for the
// first) the shell is the form before they arrive, whose button says it
// is loading, and the loader leaves it disabled.
//
// It is written by hand, since the bridge does not link the app;
// app/e2e's TestSignInShellMatchesApp fails when it drifts from the
// app's form (app/ui/signin.go and shell.go), in every shipped
// language.
//
// Its words are in the language of the page it is drawn into (the
// bridge makes one page per shipped language, and picks the one that
// the browser's Accept-Language asks for), from the same catalogs as
// the app's, so that an Arabic browser sees Arabic, right to left,
// from the first paint.
type SignInShell struct {
	app.Compo
	lang    string
	targets *bridgeapi.Targets // nil: the form before the servers arrive
}

// TargetsElementID is the id of the page's data block (a script element
// of type application/json, which no browser runs) holding the mail
// servers the shell lists: bridgeapi.Targets, as /api/targets sends
// them.
const TargetsElementID = "poppy-targets"

// shellTargets are the mail servers the shell lists (SetTargets).
var shellTargets atomic.Pointer[bridgeapi.Targets]

// SetTargets gives the shell the bridge's mail servers, or none (nil, or
// a list that Prerendered refuses). go-app makes the page's component
// itself, by its type, so the list is the process's: one bridge serves
// one list.
func SetTargets(ts *bridgeapi.Targets) {
	if !Prerendered(ts) {
		ts = nil
	}
	shellTargets.Store(ts)
}

// ShellTargets are the mail servers the shell lists, nil if none.
func ShellTargets() *bridgeapi.Targets { return shellTargets.Load() }

// ShellSubmitText is the shell's submit button without the mail servers,
// the live form's text until they arrive (a catalog key).
const ShellSubmitText = "Loading mail servers…"

// BusyText is the shell's submit button once pressed, the live form's
// while it signs in (a catalog key); the shell's button carries it in
// data-busy for the loader.
const BusyText = "Signing in…"

// LoadingLabel is the words under the logo while app.wasm loads, a
// catalog key: the bridge puts it in each language's page.
var LoadingLabel = i18n.Key("Loading Poppy…")

// OnPreRender takes the language of the page being drawn.
func (c *SignInShell) OnPreRender(ctx app.Context) {
	c.lang, c.targets = ctx.Page().Lang(), ShellTargets()
}

// Render draws the shell.
func (c *SignInShell) Render() app.UI {
	l := i18n.For(c.lang)
	var options []app.UI
	var first bridgeapi.Target
	security, submit := app.UI(app.P().Class("security")), l.T(i18n.Key(ShellSubmitText))
	if ts := c.targets; ts != nil {
		first = ts.Targets[0]
		options = TargetOptions(l, ts.Targets, ts.Custom != nil, first.Name)
		security, submit = Security(l, first), l.T(i18n.Key("Sign in"))
	}
	var demoUser, demoPassword string
	if first.Demo != nil {
		demoUser, demoPassword = first.Demo.Username, first.Demo.Password
	}
	return app.Main().Class("signin-page").Body(
		// The app's polite live region (app/ui: announce).
		app.Div().ID("announce").Class("sr-only").Role("status").Aria("live", "polite"),
		app.Div(), // the app's slot for the update bar
		app.Div().Class("signin").Body(
			app.H1().Body(app.Img().Src("/web/icon-192.png").Alt("").Class("logo"), app.Text("Poppy")),
			app.P().Class("tagline").Text(l.T(i18n.Key("Read your POP3 mail in the browser."))),
			app.Form().ID("signin").Aria("label", l.T(i18n.Key("Sign in"))).Body(
				app.Label().For("target").Text(l.T(i18n.Key("Mail server"))),
				app.Select().ID("target").Name("target").Required(true).Body(options...),
				security,
				app.Label().For("username").Text(l.T(i18n.Key("User name"))),
				app.Input().ID("username").Name("username").Type("text").AutoComplete(true).
					Attr("autocomplete", "username").Attr("autocapitalize", "none").Required(true).Value(demoUser),
				app.Label().For("password").Text(l.T(i18n.Key("Password"))),
				app.Input().ID("password").Name("password").Type("password").
					Attr("autocomplete", "current-password").Required(true).Value(demoPassword),
				shellHint(l, first),
				app.Button().Type("submit").Class("primary").Disabled(true).
					DataSet("busy", l.T(i18n.Key(BusyText))).Body(app.Text(submit)),
				app.P().Class("privacy").Text(l.T(i18n.Key("Your password stays in this tab's memory. It travels encrypted to the mail server, not to the bridge."))),
			),
		),
	)
}
