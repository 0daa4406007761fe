package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// oauthTab holds this tab's OAuth sessions, by account key, in memory
// only: a reload forgets them, and an OAuth account then asks for a new
// sign-in with its provider, never for a password. The Mailboxes' logins
// read it from their own goroutines, hence the lock.
type oauthTab struct {
	mu       sync.Mutex
	sessions map[string]oauthAccount
}

type oauthAccount struct {
	provider string
	sess     *oauth.Session
}

func (o *oauthTab) set(key, provider string, sess *oauth.Session) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sessions == nil {
		o.sessions = map[string]oauthAccount{}
	}
	o.sessions[key] = oauthAccount{provider, sess}
}

func (o *oauthTab) get(key string) (oauthAccount, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	a, ok := o.sessions[key]
	return a, ok
}

// live reports whether the tab holds a session for key.
func (o *oauthTab) live(key string) bool {
	_, ok := o.get(key)
	return ok
}

// end forgets key's session: its provider refused to refresh it.
func (o *oauthTab) end(key string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.sessions, key)
}

// provider is the provider to record for the account key that signs in
// now: the session's, for an OAuth login; "" for a password.
func (o *oauthTab) provider(key string, oauthLogin bool) string {
	a, ok := o.get(key)
	if !oauthLogin || !ok {
		return ""
	}
	return a.provider
}

// login is the Mailbox's login of account key: with the tab's session
// for it, refreshed before expiry in each POP3 session. Without one, or
// when the provider refuses the refresh (revoked, expired), the session
// ends and the error wraps mailbox.ErrLoginRefused, so that the Mailbox
// stops retrying and the Shell shows "Sign in again" (oauthEnded).
func (o *oauthTab) login(key, user string) func(context.Context, *pop3.Client) error {
	return func(ctx context.Context, c *pop3.Client) error {
		a, ok := o.get(key)
		if !ok {
			return fmt.Errorf("ui: %w: %w", mailbox.ErrLoginRefused, oauth.ErrSignInAgain)
		}
		err := oauthLogin(ctx, c, a.sess, user)
		if errors.Is(err, oauth.ErrSignInAgain) {
			o.end(key)
			return fmt.Errorf("ui: %w: %w", mailbox.ErrLoginRefused, err)
		}
		return err
	}
}

// oauthLoginFor is the login of a saved account: nil for a password
// account, the tab's session login for an OAuth one.
func (s *Shell) oauthLoginFor(rec store.Account) func(context.Context, *pop3.Client) error {
	if rec.OAuth == "" {
		return nil
	}
	return s.oauth.login(rec.Key, rec.Username)
}

// oauthEnded reports whether the open account signs in with OAuth and
// the tab holds no session for it: after a reload, or a refused refresh.
func (s *Shell) oauthEnded() bool {
	return s.mbox != nil && s.acct.OAuth != "" && !s.oauth.live(s.acct.Key)
}

// signInAgain restarts the provider's sign-in (PKCE) for account rec:
// the tab goes to the provider and comes back to this account.
func (s *Shell) signInAgain(rec store.Account) {
	s.loadErr = ""
	s.beginOAuth(rec.OAuth, rec.Server, rec.Username)
}

// oauthEndedSentence says why an OAuth account checks no mail.
func oauthEndedSentence(provider string) string {
	return "Your sign-in with " + provider + " has ended or was withdrawn, so Poppy cannot check for new mail. " +
		"Sign in again with " + provider + "; until then Poppy shows what is saved on this device."
}

// renderOAuthBar stands in for the password bar for an OAuth account
// whose session ended: a sentence and "Sign in again", never a password
// field.
func (s *Shell) renderOAuthBar() app.UI {
	rec := s.acct
	return app.Div().ID("oauth-ended").Class("banner signin-bar").Role("alert").DataSet("oauth", rec.OAuth).Body(
		app.Span().Text(oauthEndedSentence(rec.OAuth)),
		app.Button().Type("button").Class("primary").Disabled(s.signing).Text("Sign in again").
			OnClick(func(app.Context, app.Event) { s.signInAgain(rec) }),
		app.If(s.loadErr != "", app.P().Class("error").Text(s.loadErr)),
	)
}
