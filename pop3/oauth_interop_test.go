//go:build !js

package pop3

// OAuth 2.0 against a real Dovecot whose oauth2 passdb asks a real
// OpenID provider (Ory Hydra, internal/oidctest) about each token.

import (
	"context"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// oauthMechs are the two OAuth mechanisms, each built for a user and a
// bearer token.
var oauthMechs = []struct {
	name string
	mech func(user, token string) sasl.Client
}{
	{"XOAUTH2", NewXOAuth2Client},
	{"OAUTHBEARER", func(user, token string) sasl.Client {
		return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token})
	}},
}

// startOAuthDovecot starts a provider and a Dovecot that checks tokens
// with it, with one message in the default user's inbox.
func startOAuthDovecot(t *testing.T, opts *oidctest.Options) (*oidctest.Provider, *dovecottest.Server) {
	t.Helper()
	p := oidctest.Start(t, opts)
	s := dovecottest.Start(t, &dovecottest.Config{
		OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()},
		Extra:  noAuthPenalty,
	})
	s.Deliver(s.User, interopMessage(1))
	return p, s
}

// oauthLogin opens an implicit-TLS session and authenticates with mech.
func oauthLogin(t *testing.T, ctx context.Context, s *dovecottest.Server, mech sasl.Client) (*Client, error) {
	t.Helper()
	c, err := DialTLS(ctx, s.TLSAddr, &Options{TLSConfig: s.TLSConfig()})
	if err != nil {
		t.Fatalf("DialTLS: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, c.Authenticate(ctx, mech)
}

// TestInteropOAuth logs in with a token Hydra issued, over each
// mechanism that Dovecot announces, and lists the inbox; the same token
// named for another user is refused as an authentication failure.
func TestInteropOAuth(t *testing.T) {
	t.Parallel()
	p, s := startOAuthDovecot(t, nil)
	tok := p.Token(p.RegisterClient(nil), s.User)
	for _, m := range oauthMechs {
		t.Run(m.name, func(t *testing.T) {
			ctx := interopContext(t)
			c, err := DialTLS(ctx, s.TLSAddr, &Options{TLSConfig: s.TLSConfig()})
			if err != nil {
				t.Fatalf("DialTLS: %v", err)
			}
			defer c.Close()
			caps, err := c.Capabilities(ctx)
			if err != nil || !caps.HasSASL(m.name) {
				t.Fatalf("Capabilities = %v, %v; want SASL %s announced", caps.SASL, err, m.name)
			}
			if err := c.Authenticate(ctx, m.mech(s.User, tok.AccessToken)); err != nil {
				t.Fatalf("Authenticate(%s) with Hydra's token: %v", m.name, err)
			}
			list, err := c.List(ctx)
			if err != nil || len(list) != 1 {
				t.Fatalf("List = %v, %v; want the one message", list, err)
			}
			if err := c.Quit(ctx); err != nil {
				t.Errorf("Quit: %v", err)
			}

			_, err = oauthLogin(t, ctx, s, m.mech("bob", tok.AccessToken))
			if !IsAuthFailure(err) {
				t.Errorf("alice's token for bob: %v, want an authentication failure", err)
			}
		})
	}
	waitLog(t, s, "Login: user=<"+s.User+">", "method=XOAUTH2")
	waitLog(t, s, "Login: user=<"+s.User+">", "method=OAUTHBEARER")
}

// TestInteropOAuthExpired: once Hydra says a token has expired, Dovecot
// refuses it as an authentication failure, over both mechanisms, and a
// token from the refresh token gets in.
func TestInteropOAuthExpired(t *testing.T) {
	t.Parallel()
	p, s := startOAuthDovecot(t, nil)
	client := p.RegisterClient(&oidctest.ClientOptions{AccessTokenTTL: 2 * time.Second, RefreshedTokenTTL: time.Hour})
	tok := p.Token(client, s.User)
	ctx := interopContext(t)
	// Positive control: the token works before it expires.
	if _, err := oauthLogin(t, ctx, s, NewXOAuth2Client(s.User, tok.AccessToken)); err != nil {
		t.Fatalf("the fresh token: %v", err)
	}
	if err := p.WaitInactive(ctx, tok.AccessToken); err != nil {
		t.Fatal(err)
	}
	for _, m := range oauthMechs {
		if _, err := oauthLogin(t, ctx, s, m.mech(s.User, tok.AccessToken)); !IsAuthFailure(err) {
			t.Errorf("%s with an expired token: %v, want an authentication failure", m.name, err)
		}
	}
	tok.Expiry = time.Now().Add(-time.Second) // so that the source refreshes
	fresh, err := p.OAuth2Config(client).TokenSource(ctx, tok).Token()
	if err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if fresh.AccessToken == tok.AccessToken {
		t.Fatal("the refresh returned the expired token")
	}
	if _, err := oauthLogin(t, ctx, s, NewXOAuth2Client(s.User, fresh.AccessToken)); err != nil {
		t.Errorf("the refreshed token: %v", err)
	}
}
