package ui

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
)

// Sign in with an OAuth 2.0 provider (issue 12): the button on the form
// (data-oauth="NAME", the automation contract) starts the Authorization
// Code grant with PKCE (app/oauth); the tab goes to the provider and
// comes back to the app's own URL with ?code&state, where resumeOAuth
// finishes it and signs in to POP3 with the ID token's address and the
// access token, which stays in memory (the Mailbox's Login closure).

// oauthPendingKey is where the sign-in in flight waits in sessionStorage
// while the tab is at the provider: this tab only, gone when it closes.
const oauthPendingKey = "poppy.oauth.pending"

// pendingOAuth is what the tab keeps across the trip to the provider.
type pendingOAuth struct {
	Provider, Target string
	// Keep is the "keep me signed in" box, ticked or not at the click.
	Keep bool
	oauth.Pending
	// Meta is the provider's configuration, discovered at Begin: coming
	// back costs no second discovery.
	Meta *oauth.Metadata
}

// oauthProviders are the bridge's OAuth providers, once its list came.
func (s *Shell) oauthProviders() []bridgeapi.OAuthProvider {
	if s.book == nil {
		return nil // prerendered: the list comes after start
	}
	return s.book.OAuth()
}

// renderOAuth is a "Sign in with NAME" button for each provider that
// serves the chosen target.
func (c *signInCard) renderOAuth(f signInForm) app.UI {
	var bs []app.UI
	for _, p := range c.OAuth {
		if !slices.Contains(p.Targets, f.Target) {
			continue
		}
		name := p.Name
		bs = append(bs, app.Button().Type("button").Class("oauth").DataSet("oauth", name).
			Disabled(c.Signing).Text(i18n.T("Sign in with {0}", name)).
			OnClick(func(ctx app.Context, e app.Event) {
				e.PreventDefault()
				if c.OnOAuth != nil {
					c.OnOAuth(name, f.Target, f.Address, c.keepSignedIn && keepAvailable() == nil)
				}
			}))
	}
	// Nothing at all without a provider: the prerendered shell has no
	// such element (app/e2e TestSignInShellMatchesApp).
	return app.If(len(bs) > 0, app.Div().Class("oauth-buttons").Body(append(bs, c.renderKeepSignedIn()...)...))
}

// renderKeepSignedIn is the "keep me signed in" box, unticked until the
// person ticks it; where the browser cannot keep a token safely, it is
// disabled and a sentence says why.
func (c *signInCard) renderKeepSignedIn() []app.UI {
	why := keepSentence(keepAvailable())
	return []app.UI{
		app.Label().Class("keep-signed-in").Body(
			app.Input().Type("checkbox").Name("keep-signed-in").ID("keep-signed-in").
				Checked(c.keepSignedIn && why == "").Disabled(why != "" || c.Signing).
				Aria("describedby", "keep-signed-in-note").
				OnChange(func(ctx app.Context, e app.Event) {
					c.keepSignedIn = ctx.JSSrc().Get("checked").Bool()
				}),
			app.Text(" "+i18n.T("Keep me signed in on this device")),
		),
		app.P().ID("keep-signed-in-note").Class("note").Text(keepNote(why)),
	}
}

// keepNote says what ticking the box does, or why it cannot be ticked.
func keepNote(why string) string {
	if why != "" {
		return why
	}
	return i18n.T("Poppy then keeps the provider's sign-in on this device, encrypted with a key the browser will not reveal, until you sign out.")
}

// oauthConfig is provider p's configuration for this page: the provider
// sends the tab back to the app's origin, which the operator registers
// as the redirect URI.
func oauthConfig(p bridgeapi.OAuthProvider) *oauth.Config {
	u := app.Window().URL()
	return &oauth.Config{Issuer: p.Issuer, ClientID: p.ClientID, Scopes: p.Scopes,
		RedirectURI: u.Scheme + "://" + u.Host + "/",
		// The token must still be good when the mail server checks it,
		// after the dial and the TLS handshake through the bridge, which
		// take seconds on a slow link: each POP3 session refreshes a
		// token that expires within the minute.
		ExpiryMargin: time.Minute}
}

func (s *Shell) findOAuth(name string) (bridgeapi.OAuthProvider, bool) {
	for _, p := range s.oauthProviders() {
		if p.Name == name {
			return p, true
		}
	}
	return bridgeapi.OAuthProvider{}, false
}

// beginOAuth discovers the provider, keeps the sign-in in sessionStorage
// and sends the tab to the provider's sign-in page.
func (s *Shell) beginOAuth(name, target, address string, keep bool) {
	ctx := s.ctx
	p, ok := s.findOAuth(name)
	if !ok {
		return
	}
	s.signing, s.loadErr = true, ""
	cfg := oauthConfig(p)
	ctx.Async(func() {
		c, err := oauth.New(context.Background(), cfg)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.signing, s.loadErr = false, oauthSentence(name, err)
				return
			}
			pending := c.Begin(address)
			ctx.SessionStorage().Set(oauthPendingKey, pendingOAuth{Provider: name, Target: target, Keep: keep, Pending: *pending, Meta: c.Metadata()})
			app.Window().Get("location").Set("href", pending.URL)
		})
	})
}

// resumeOAuth finishes a sign-in the tab came back from, once the
// bridge's list (and so the provider) is known and the device's store is
// open (so that the account is kept): both call it when they come. The
// pending sign-in is used once: a reload does not replay the code.
func (s *Shell) resumeOAuth(ctx app.Context) {
	if s.db == nil || len(s.oauthProviders()) == 0 {
		return
	}
	var p pendingOAuth
	if err := ctx.SessionStorage().Get(oauthPendingKey, &p); err != nil || p.Provider == "" {
		return
	}
	ctx.SessionStorage().Del(oauthPendingKey)
	back := app.Window().URL()
	// The code is for one use: the address bar shows the app, not it.
	app.Window().Get("history").Call("replaceState", nil, "", back.Path)
	prov, ok := s.findOAuth(p.Provider)
	if !ok || (back.Query().Get("state") == "" && back.Query().Get("error") == "") {
		return // the person came back another way
	}
	// Back from "Sign in again" (oauth_session.go): the account's copy,
	// opened at start without a session, makes way for the sign-in.
	s.opening = ""
	s.closeMailbox()
	s.signing, s.loadErr = true, ""
	cfg := oauthConfig(prov)
	ctx.Async(func() {
		bg := context.Background()
		var c *oauth.Client
		var err error
		if p.Meta != nil && p.Meta.TokenEndpoint != "" {
			c = oauth.NewWithMetadata(cfg, p.Meta)
		} else {
			c, err = oauth.New(bg, cfg)
		}
		var sess *oauth.Session
		if err == nil {
			sess, err = c.Finish(bg, &p.Pending, back)
		}
		if err == nil && sess.Email == "" {
			err = errNoOAuthAddress
		}
		var key string
		if err == nil {
			key = mailbox.Account{Server: p.Target, Username: sess.Email}.Key()
			s.oauth.set(key, p.Provider, sess, p.Keep)
			// Kept (or an older kept token deleted) before the POP3
			// sign-in: a failure there leaves the choice as made.
			_ = s.oauth.keep(bg, key)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.signing, s.loadErr = false, oauthSentence(p.Provider, err)
				return
			}
			s.signInWith(signInForm{Target: p.Target, Username: sess.Email}, s.oauth.login(key, p.Provider, sess.Email, s.oauthClient(p.Provider)))
		})
	})
}

// errNoOAuthAddress is an ID token without the address to log in with.
var errNoOAuthAddress = errors.New("ui: the provider did not say which address signed in (no email in the ID token)")

// oauthLogin logs in to POP3 with the session's access token, by
// OAUTHBEARER (RFC 7628) when the server announces it, else XOAUTH2. A
// token about to expire is refreshed first, and a refused one is
// refreshed and tried once more (Session.Do).
func oauthLogin(ctx context.Context, c *pop3.Client, sess *oauth.Session, user string) error {
	caps, err := c.Capabilities(ctx)
	if err != nil {
		return err
	}
	return sess.Do(ctx, pop3.IsAuthFailure, func(tok string) error {
		if caps.HasSASL("OAUTHBEARER") {
			return c.Authenticate(ctx, sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: tok}))
		}
		return c.Authenticate(ctx, pop3.NewXOAuth2Client(user, tok))
	})
}

// oauthSentence says why signing in with provider failed.
func oauthSentence(provider string, err error) string {
	if errors.Is(err, oauth.ErrSignInAgain) {
		return i18n.T("Your sign-in with {0} has ended. Sign in again.", provider)
	}
	return i18n.T("Signing in with {0} did not work: {1}", provider, err)
}
