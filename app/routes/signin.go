package routes

import (
	"html"
	"slices"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
)

// The pieces of the sign-in form that the prerendered shell draws with
// the bridge's mail servers in it, written once for both: the app's
// form (app/ui/signin.go) and SignInShell call these, so the options,
// their labels and the lines under them are the same words in the same
// elements (TestSignInShellMatchesApp holds the rest).

// TargetOptions are the options of the form's mail-server select: the
// operator's servers, then, when the bridge allows them, the address-first
// path (bridgeapi.CustomTarget); selected is the chosen one's value.
func TargetOptions(l *i18n.Locale, ts []bridgeapi.Target, custom bool, selected string) []app.UI {
	opts := make([]app.UI, 0, len(ts)+1)
	option := func(value, label string) app.UI {
		o := app.Option().Value(value)
		// The app sets the selectedness of each (a property); the server
		// writes the attribute, which chooses an option by being there,
		// whatever its value (go-app writes selected="false").
		if app.IsClient || value == selected {
			o = o.Selected(value == selected)
		}
		return o.Text(label)
	}
	for _, t := range ts {
		opts = append(opts, option(t.Name, TargetLabel(l, t)))
	}
	if custom {
		opts = append(opts, option(bridgeapi.CustomTarget, l.T(i18n.Key("Another server (by e-mail address)"))))
	}
	return opts
}

// TargetLabel is how a mail server reads in the select.
func TargetLabel(l *i18n.Locale, t bridgeapi.Target) string {
	if t.Demo != nil {
		return l.T(i18n.Key("{0} (demo mailbox)"), t.Name)
	}
	return t.Name + " — " + t.Host
}

// Security says plainly how the connection to t is protected, and warns
// about plain POP3 anywhere but the demo and loopback.
func Security(l *i18n.Locale, t bridgeapi.Target) app.UI {
	switch t.Security {
	case bridgeapi.SecurityTLS:
		return app.P().Class("security ok").Text(l.T(i18n.Key("🔒 Encrypted from this tab to {0} (TLS)."), t.Host))
	case bridgeapi.SecurityStartTLS:
		return app.P().Class("security ok").Text(l.T(i18n.Key("🔒 Encrypted from this tab to {0} (STARTTLS)."), t.Host))
	}
	if t.Demo != nil || mailconn.IsLoopback(t.Host) {
		return app.P().Class("security plain").Text(l.T(i18n.Key("Not encrypted: this server is on the bridge's own machine (demo or loopback).")))
	}
	return app.P().Class("security warn").Role("alert").Text(l.T(i18n.Key("⚠ Not encrypted: your password and mail would cross the network readable by anyone on the path.")))
}

// Hint is the line under the password: always there, empty but for the
// demo's login, so that choosing a target does not shift (and so
// replace) the submit button under a click.
func Hint(l *i18n.Locale, t bridgeapi.Target) app.UI {
	d := t.Demo
	if d == nil {
		return app.P().Class("hint")
	}
	return app.P().Class("hint").Body(
		app.Text(l.T(i18n.Key("Demo mailbox: user"))+" "), app.Code().Text(d.Username),
		app.Text(l.T(i18n.Key(", password"))+" "), app.Code().Text(d.Password), app.Text("."),
	)
}

// shellHint is Hint as the server draws it, in raw HTML without spaces
// between its parts: go-app's server puts each child of an element on a
// line of its own, and that whitespace would be a space (and a shift) in
// the shell only. (Raw HTML in the app would cost app.wasm go-app's
// parser of it; TestSignInShellMatchesApp holds the two the same.)
func shellHint(l *i18n.Locale, t bridgeapi.Target) app.UI {
	d := t.Demo
	if d == nil {
		return Hint(l, t)
	}
	e := html.EscapeString
	return app.Raw(`<p class="hint">` + e(l.T(i18n.Key("Demo mailbox: user"))) + ` <code>` + e(d.Username) + `</code>` +
		e(l.T(i18n.Key(", password"))) + ` <code>` + e(d.Password) + `</code>.</p>`)
}

// Prerendered reports whether the shell draws the form with ts's mail
// servers, as the app first renders it with them: when the first server
// (the one chosen at first) signs in with a password. Otherwise (no
// operator's server, so the address-first path is chosen, or OAuth
// buttons for the first server) the shell is the form before the
// servers arrived, and the app gets them from /api/targets as before.
func Prerendered(ts *bridgeapi.Targets) bool {
	if ts == nil || len(ts.Targets) == 0 {
		return false
	}
	for _, p := range ts.OAuth {
		if slices.Contains(p.Targets, ts.Targets[0].Name) {
			return false
		}
	}
	return true
}
