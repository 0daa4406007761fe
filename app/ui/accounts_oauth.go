package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/store"
)

// oauthPanel is what the accounts panel needs of the tab's OAuth
// sessions; its zero value shows OAuth accounts as signed out.
type oauthPanel struct {
	// Live reports whether the tab holds a session for an account key.
	Live func(key string) bool
	// SignInAgain restarts the provider's sign-in for the account.
	SignInAgain func(store.Account)
	// Kept reports whether an account key stays signed in on this
	// device ("keep me signed in").
	Kept func(key string) bool
	// KeepFailed is why an account key's sign-in could not be kept.
	KeepFailed func(key string) error
}

// oauthPanel is the Shell's side of the panel's OAuth rows.
func (s *Shell) oauthPanel() oauthPanel {
	return oauthPanel{Live: s.oauth.live, SignInAgain: s.signInAgain, Kept: s.oauth.kept, KeepFailed: s.oauth.keepFailed}
}

// withOAuth is row li of account a with its body. The row of an OAuth
// account carries data-auth="oauth" (the README's automation contract)
// and data-provider, says which provider it signs in with and whether it
// stays signed in on this device (data-kept, there only if so), and, when the tab holds no
// session for it, offers "Sign in again": never a password.
func (c *accountsPanel) withOAuth(a store.Account, li app.HTMLLi, body ...app.UI) app.UI {
	if a.OAuth == "" {
		return li.Body(body...)
	}
	live := c.OAuth.Live != nil && c.OAuth.Live(a.Key)
	kept := c.OAuth.Kept != nil && c.OAuth.Kept(a.Key)
	body = append(body,
		app.Span().Class("auth").Text(i18n.T("Signs in with {0}", a.OAuth)),
		app.Span().Class("kept").Text(keptSentence(kept)),
		c.renderKeepFailed(a.Key),
		app.If(!live, app.Button().Class("link").Text(i18n.T("Sign in again")).OnClick(func(app.Context, app.Event) {
			if c.OAuth.SignInAgain != nil {
				c.OAuth.SignInAgain(a)
			}
		}, a.Key)),
	)
	if kept {
		// Present only then: go-app writes a "true" value as empty.
		li = li.DataSet("kept", "true")
	}
	return li.DataSet("auth", "oauth").DataSet("provider", a.OAuth).Body(body...)
}

// renderKeepFailed says why the account's sign-in could not be kept on
// the device, when the person asked for it and the save failed.
func (c *accountsPanel) renderKeepFailed(key string) app.UI {
	var err error
	if c.OAuth.KeepFailed != nil {
		err = c.OAuth.KeepFailed(key)
	}
	return app.If(err != nil, app.P().Class("note").Text(keepFailedSentence(err)))
}

// keepFailedSentence says that a sign-in the person asked to keep is not
// kept, and what to do.
func keepFailedSentence(err error) string {
	if err == nil {
		return ""
	}
	return i18n.T("Poppy could not keep this sign-in on the device ({0}): after a reload you will need to sign in again.", err)
}

// keptSentence says whether an OAuth account stays signed in here.
func keptSentence(kept bool) string {
	if kept {
		return i18n.T("Stays signed in on this device")
	}
	return i18n.T("Not kept signed in: after a reload, sign in again")
}
