package routes

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
)

// SignInShell is the sign-in page as the app first renders it (app/ui's
// Shell with no account open, and its sign-in card before the bridge's
// mail servers arrived), drawn by the server, so that the page paints
// the form at once instead of a blank screen while app.wasm downloads
// and compiles. When the app starts, go-app replaces it with the live
// form: the same elements in the same places, so nothing moves.
//
// The shell takes typing from the first paint: a person (or a password
// manager) fills in the user name and password while app.wasm loads.
// go-app v9 replaces prerendered HTML rather than adopting it, so the
// bridge's wasm loader (bridge/internal/pwa/loader.js) carries what the
// shell's fields hold, the focus and the caret into the app's form in
// the same frame as the swap. Its submit button is disabled and says the
// form is loading, as the live one does until the mail servers arrive:
// a sign-in needs the app's engine.
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
	lang string
}

// ShellSubmitText is the shell's submit button, the live form's text
// until its mail servers arrive (a catalog key).
const ShellSubmitText = "Loading mail servers…"

// LoadingLabel is the words under the logo while app.wasm loads, a
// catalog key: the bridge puts it in each language's page.
var LoadingLabel = i18n.Key("Loading Poppy…")

// OnPreRender takes the language of the page being drawn.
func (c *SignInShell) OnPreRender(ctx app.Context) { c.lang = ctx.Page().Lang() }

// Render draws the shell.
func (c *SignInShell) Render() app.UI {
	l := i18n.For(c.lang)
	return app.Main().Class("signin-page").Body(
		// The app's polite live region (app/ui: announce).
		app.Div().ID("announce").Class("sr-only").Role("status").Aria("live", "polite"),
		app.Div(), // the app's slot for the update bar
		app.Div().Class("signin").Body(
			app.H1().Body(app.Img().Src("/web/icon-192.png").Alt("").Class("logo"), app.Text("Poppy")),
			app.P().Class("tagline").Text(l.T(i18n.Key("Read your POP3 mail in the browser."))),
			app.Form().ID("signin").Aria("label", l.T(i18n.Key("Sign in"))).Body(
				app.Label().For("target").Text(l.T(i18n.Key("Mail server"))),
				app.Select().ID("target").Name("target").Required(true),
				app.P().Class("security"),
				app.Label().For("username").Text(l.T(i18n.Key("User name"))),
				app.Input().ID("username").Name("username").Type("text").AutoComplete(true).
					Attr("autocomplete", "username").Attr("autocapitalize", "none").Required(true),
				app.Label().For("password").Text(l.T(i18n.Key("Password"))),
				app.Input().ID("password").Name("password").Type("password").
					Attr("autocomplete", "current-password").Required(true),
				app.P().Class("hint"),
				app.Button().Type("submit").Class("primary").Disabled(true).Body(app.Text(l.T(i18n.Key(ShellSubmitText)))),
				app.P().Class("privacy").Text(l.T(i18n.Key("Your password stays in this tab's memory. It travels encrypted to the mail server, not to the bridge."))),
			),
		),
	)
}
