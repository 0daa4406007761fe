//go:build !js

package oauth_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// listWith returns a function that logs in to s with a bearer token over
// mech and lists the inbox, counting its calls.
func listWith(s *dovecottest.Server, mech string, calls *int) func(context.Context) func(string) error {
	return func(ctx context.Context) func(string) error {
		return func(token string) error {
			*calls++
			c, err := pop3.DialTLS(ctx, s.TLSAddr, &pop3.Options{TLSConfig: s.TLSConfig()})
			if err != nil {
				return err
			}
			defer c.Close()
			var m sasl.Client = pop3.NewXOAuth2Client(s.User, token)
			if mech == "OAUTHBEARER" {
				m = sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: s.User, Token: token})
			}
			if err := c.Authenticate(ctx, m); err != nil {
				return err
			}
			if list, err := c.List(ctx); err != nil || len(list) != 1 {
				return errors.New("the inbox does not list its one message")
			}
			return c.Quit(ctx)
		}
	}
}

// TestDovecotSignIn is the whole path natively: sign in at a real Hydra,
// log in to a real Dovecot (oauth2 passdb, introspection) with the
// access token over XOAUTH2 and OAUTHBEARER, list the inbox; once the
// token has expired the session refreshes before the next login; after
// the person revokes Poppy's access at the provider, the server refuses
// the token, the one refresh that Session.Do tries is refused, and the
// error is ErrSignInAgain.
func TestDovecotSignIn(t *testing.T) {
	t.Parallel()
	p := oidctest.Start(t, nil)
	s := dovecottest.Start(t, &dovecottest.Config{OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()}})
	s.Deliver(s.User, []byte("Subject: hello\r\n\r\nover OAuth\r\n"))
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	// The first token lives 5 s: long enough for two logins, short
	// enough to wait for. A margin of 1 ms keeps the session from
	// refreshing it early.
	reg := p.RegisterClient(&oidctest.ClientOptions{AccessTokenTTL: 5 * time.Second, RefreshedTokenTTL: time.Hour})
	c, err := oauth.New(ctx, &oauth.Config{Issuer: p.Issuer, ClientID: reg.ID, RedirectURI: reg.RedirectURI, Scopes: reg.Scopes, ExpiryMargin: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	sess := signIn(t, ctx, p, c, reg.RedirectURI)
	first, err := sess.AccessToken(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, mech := range []string{"XOAUTH2", "OAUTHBEARER"} {
		calls := 0
		if err := listWith(s, mech, &calls)(ctx)(first); err != nil {
			t.Fatalf("%s with the first token: %v", mech, err)
		}
	}

	// Expiry: once Hydra says the first token is inactive, Dovecot
	// refuses it, and the session hands out a refreshed one that works.
	if err := p.WaitInactive(ctx, first); err != nil {
		t.Fatal(err)
	}
	calls := 0
	if err := listWith(s, "XOAUTH2", &calls)(ctx)(first); !pop3.IsAuthFailure(err) {
		t.Fatalf("the expired token: %v, want an authentication failure", err)
	}
	if err := sess.Do(ctx, pop3.IsAuthFailure, listWith(s, "XOAUTH2", &calls)(ctx)); err != nil {
		t.Fatalf("Do after expiry: %v", err)
	}
	if now, _ := sess.AccessToken(ctx); now == first {
		t.Error("the session still holds the expired token")
	}

	// Revocation: the held token is refused, Do refreshes once, the
	// provider refuses that too, and the person must sign in again.
	if err := p.RevokeSessions(ctx, oidctest.DefaultUser); err != nil {
		t.Fatal(err)
	}
	calls = 0
	err = sess.Do(ctx, pop3.IsAuthFailure, listWith(s, "OAUTHBEARER", &calls)(ctx))
	if !errors.Is(err, oauth.ErrSignInAgain) || calls != 1 {
		t.Errorf("Do after revocation: %v after %d logins, want ErrSignInAgain after 1", err, calls)
	}
}
