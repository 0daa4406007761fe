package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/mailbox"
)

// offline reports whether Poppy cannot reach the bridge or the mail
// server: the inbox then shows the device's copy, under a banner.
func (s *Shell) offline() bool {
	return s.bridgeDown || (s.problem != nil && offlineKind(s.problem.Kind))
}

func offlineKind(k mailbox.Kind) bool {
	return k == mailbox.KindUnreachable || k == mailbox.KindDropped
}

// showProblem: the offline banner already says what an unreachable
// server means, the sign-in bar what signed out means, and the OAuth
// bar what a refused sign-in with a provider means.
func (s *Shell) showProblem() bool {
	p := s.problem
	return p != nil && p.Kind != mailbox.KindSignedOut && !(s.offline() && offlineKind(p.Kind)) &&
		!(p.Kind == mailbox.KindAuth && s.oauthEnded())
}

func (s *Shell) renderOffline() app.UI {
	why := i18n.T(bridgeDownSentence)
	if !s.bridgeDown && s.problem != nil {
		why = sentence(s.problem)
	}
	return app.Div().ID("offline-banner").Class("banner offline").Role("status").Body(
		app.Strong().Text(i18n.T("Offline.")+" "),
		app.Span().Text(why+" "+i18n.T("You are reading the mail kept on this device; deletions wait until the connection is back.")),
	)
}

// renderSignInBar asks for the password of an account opened from the
// device's copy.
func (s *Shell) renderSignInBar() app.UI {
	return app.Form().ID("signin-bar").Class("banner signin-bar").Aria("label", i18n.T("Sign in to check for new mail")).
		OnSubmit(func(ctx app.Context, e app.Event) {
			e.PreventDefault()
			s.signInBar(ctx)
		}).Body(
		app.Label().For("bar-password").Text(i18n.T("Password for {0} to check for new mail", s.acct.Username)),
		app.Input().ID("bar-password").Name("password").Type("password").Required(true).
			Attr("autocomplete", "current-password").Value(s.pw).
			OnInput(func(ctx app.Context, e app.Event) { s.pw = ctx.JSSrc().Get("value").String() }),
		app.Button().Type("submit").Class("primary").Disabled(s.syncing).Text(func() string {
			if s.syncing {
				return i18n.T("Signing in…")
			}
			return i18n.T("Sign in")
		}()),
		app.If(s.pwErr != "", app.P().Class("error").Role("alert").Text(s.pwErr)),
	)
}
