package ui

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// oauthTab holds this tab's OAuth sessions, by account key, in memory
// only: a reload forgets them. An account whose owner ticked "keep me
// signed in" has its refresh token kept on the device (oauth_keep.go)
// and resumes by a refresh; any other then asks for a new sign-in with
// its provider, never for a password. The Mailboxes' logins read it
// from their own goroutines, hence the lock.
type oauthTab struct {
	mu       sync.Mutex
	sessions map[string]oauthAccount
	// choice is whether the person asked to stay signed in, by key, as
	// last chosen in this tab: "Sign in again" keeps it.
	choice map[string]bool
	// written is the refresh token last saved, by key: a refresh that
	// rotates it saves the new one, and only then.
	written map[string]string
	// failed is why the last save of a token failed, by key.
	failed map[string]error
	keeper oauthKeeper
}

type oauthAccount struct {
	provider string
	sess     *oauth.Session
	keep     bool // kept on this device ("keep me signed in")
}

// set records the session of a new sign-in with provider, and whether
// to keep it on this device.
func (o *oauthTab) set(key, provider string, sess *oauth.Session, keep bool) {
	o.put(key, oauthAccount{provider: provider, sess: sess, keep: keep})
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.choice == nil {
		o.choice = map[string]bool{}
	}
	o.choice[key] = keep
	delete(o.written, key) // a new grant: its token is not saved yet
}

func (o *oauthTab) put(key string, a oauthAccount) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sessions == nil {
		o.sessions = map[string]oauthAccount{}
	}
	o.sessions[key] = a
}

func (o *oauthTab) get(key string) (oauthAccount, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	a, ok := o.sessions[key]
	return a, ok
}

// live reports whether the tab holds a session for key, or can resume
// one from the token kept on this device.
func (o *oauthTab) live(key string) bool {
	_, ok := o.get(key)
	return ok || o.keeper.saved(key)
}

// end forgets key's session and the token kept for it: its provider
// refused to refresh it, or the person signed out or removed the
// account. The kept token goes in the background (the store's calls
// block); a login that ends a session also deletes it before it returns.
func (o *oauthTab) end(key string) {
	o.mu.Lock()
	delete(o.sessions, key)
	delete(o.written, key)
	o.mu.Unlock()
	go func() { _ = o.drop(context.Background(), key) }()
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
// for it, refreshed before expiry in each POP3 session, or else one
// resumed from the token kept on this device (with the client that
// client makes). A rotated refresh token is kept again. Without a
// session, or when the provider refuses the refresh (revoked, expired),
// the session and its kept token end and the error wraps
// mailbox.ErrLoginRefused, so that the Mailbox stops retrying and the
// Shell shows "Sign in again" (oauthEnded).
func (o *oauthTab) login(key, provider, user string, client oauthClientFunc) func(context.Context, *pop3.Client) error {
	return func(ctx context.Context, c *pop3.Client) error {
		a, ok := o.get(key)
		var err error
		if !ok {
			a, err = o.resume(ctx, key, provider, client)
		}
		if err == nil {
			// A resumed session has no access token yet: the refresh
			// that gets one is refused before a word to the server
			// when the grant was withdrawn.
			_, err = a.sess.AccessToken(ctx)
		}
		if err == nil {
			err = oauthLogin(ctx, c, a.sess, user)
			// Saved even when the server refused the access token: a
			// provider that rotates has already voided the old one.
			_ = o.keep(ctx, key)
		}
		if errors.Is(err, oauth.ErrSignInAgain) {
			o.end(key)
			_ = o.drop(ctx, key) // gone before "Sign in again" shows
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
	return s.oauth.login(rec.Key, rec.OAuth, rec.Username, s.oauthClient(rec.OAuth))
}

// oauthClient makes the client of provider name, for an account that
// resumes its kept sign-in, once the bridge named the provider.
func (s *Shell) oauthClient(name string) oauthClientFunc {
	return func(ctx context.Context) (*oauth.Client, error) {
		p, ok := s.findOAuth(name)
		if !ok && s.book != nil {
			if _, err := s.book.Load(); err != nil {
				return nil, err
			}
			p, ok = s.findOAuth(name)
		}
		if !ok {
			return nil, fmt.Errorf("ui: %w: the bridge no longer offers %s", oauth.ErrSignInAgain, name)
		}
		return oauth.New(ctx, oauthConfig(p))
	}
}

// oauthEnded reports whether the open account signs in with OAuth and
// the tab holds no session for it, nor a kept one to resume: after a
// reload, or a refused refresh.
func (s *Shell) oauthEnded() bool {
	return s.mbox != nil && s.acct.OAuth != "" && !s.oauth.live(s.acct.Key)
}

// signInAgain restarts the provider's sign-in (PKCE) for account rec:
// the tab goes to the provider and comes back to this account.
func (s *Shell) signInAgain(rec store.Account) {
	s.loadErr = ""
	s.beginOAuth(rec.OAuth, rec.Server, rec.Username, s.oauth.wantsKeep(rec.Key))
}

// oauthEndedSentence says why an OAuth account checks no mail.
func oauthEndedSentence(provider string) string {
	return i18n.T("Your sign-in with {0} has ended or was withdrawn, so Poppy cannot check for new mail. Sign in again with {0}; until then Poppy shows what is saved on this device.", provider)
}

// renderOAuthBar stands in for the password bar for an OAuth account
// whose session ended: a sentence and "Sign in again", never a password
// field.
func (s *Shell) renderOAuthBar() app.UI {
	rec := s.acct
	return app.Div().ID("oauth-ended").Class("banner signin-bar").Role("alert").DataSet("oauth", rec.OAuth).Body(
		app.Span().Text(oauthEndedSentence(rec.OAuth)),
		app.Button().Type("button").Class("primary").Disabled(s.signing).Text(i18n.T("Sign in again")).
			OnClick(func(app.Context, app.Event) { s.signInAgain(rec) }),
		app.If(s.loadErr != "", app.P().Class("error").Text(s.loadErr)),
	)
}
