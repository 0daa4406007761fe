//go:build !js

package oauth_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/internal/oidctest"
)

// signIn runs Begin, the provider's login form (oidctest.SignIn stands
// in for the browser) and Finish against a real Hydra.
func signIn(t *testing.T, ctx context.Context, p *oidctest.Provider, c *oauth.Client, redirect string) *oauth.Session {
	t.Helper()
	pending := c.Begin(oidctest.DefaultUser + "@example.test")
	back, err := p.SignIn(ctx, pending.URL, redirect, oidctest.DefaultUser, oidctest.DefaultPassword)
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Finish(ctx, pending, back)
	if err != nil {
		t.Fatalf("Finish: %v", err)
	}
	return s
}

func newClient(t *testing.T, ctx context.Context, p *oidctest.Provider, reg *oidctest.Client) *oauth.Client {
	t.Helper()
	c, err := oauth.New(ctx, &oauth.Config{Issuer: p.Issuer, ClientID: reg.ID, RedirectURI: reg.RedirectURI, Scopes: reg.Scopes})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// TestHydraSignIn: discovery, the code grant with PKCE, the ID token's
// claims, a refresh that rotates, and a revocation that turns the next
// refresh into ErrSignInAgain.
func TestHydraSignIn(t *testing.T) {
	t.Parallel()
	p := oidctest.Start(t, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	reg := p.RegisterClient(nil)
	c := newClient(t, ctx, p, reg)
	s := signIn(t, ctx, p, c, reg.RedirectURI)
	if s.Subject != oidctest.DefaultUser || s.Email != oidctest.DefaultUser+"@example.test" {
		t.Errorf("session subject %q email %q", s.Subject, s.Email)
	}
	first, err := s.AccessToken(ctx)
	if err != nil || first == "" || s.RefreshToken() == "" {
		t.Fatalf("AccessToken = %q, %v; refresh token %q", first, err, s.RefreshToken())
	}
	if in, err := p.Introspect(ctx, first); err != nil || !in.Active || in.Subject != oidctest.DefaultUser {
		t.Fatalf("introspection of the first token: %+v, %v", in, err)
	}
	oldRefresh := s.RefreshToken()
	second, err := s.Refresh(ctx)
	if err != nil || second == first {
		t.Fatalf("Refresh = %q, %v; want a new token", second, err)
	}
	if s.RefreshToken() == oldRefresh {
		t.Error("Hydra rotates refresh tokens; the session kept the old one")
	}
	// A session resumed from the stored refresh token works too.
	resumed := c.Resume(s.RefreshToken())
	if _, err := resumed.AccessToken(ctx); err != nil {
		t.Fatalf("resumed session: %v", err)
	}

	if err := p.RevokeSessions(ctx, oidctest.DefaultUser); err != nil {
		t.Fatal(err)
	}
	if _, err := resumed.Refresh(ctx); !errors.Is(err, oauth.ErrSignInAgain) {
		t.Errorf("refresh after revocation: %v, want ErrSignInAgain", err)
	}
}

// TestHydraState: a redirect back whose state is not this sign-in's is
// refused before the code is used, and the code still works for the
// sign-in it belongs to (the positive control).
func TestHydraState(t *testing.T) {
	t.Parallel()
	p := oidctest.Start(t, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	reg := p.RegisterClient(nil)
	c := newClient(t, ctx, p, reg)
	pending := c.Begin("")
	back, err := p.SignIn(ctx, pending.URL, reg.RedirectURI, oidctest.DefaultUser, oidctest.DefaultPassword)
	if err != nil {
		t.Fatal(err)
	}
	other := c.Begin("")
	if _, err := c.Finish(ctx, other, back); !errors.Is(err, oauth.ErrState) {
		t.Fatalf("Finish with another sign-in's state: %v, want ErrState", err)
	}
	if _, err := c.Finish(ctx, pending, back); err != nil {
		t.Fatalf("Finish with its own state: %v", err)
	}
}

// TestHydraWrongVerifier: the code is bound to the PKCE challenge, so a
// stolen code with another verifier is refused by the provider.
func TestHydraWrongVerifier(t *testing.T) {
	t.Parallel()
	p := oidctest.Start(t, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	reg := p.RegisterClient(nil)
	c := newClient(t, ctx, p, reg)
	pending := c.Begin("")
	back, err := p.SignIn(ctx, pending.URL, reg.RedirectURI, oidctest.DefaultUser, oidctest.DefaultPassword)
	if err != nil {
		t.Fatal(err)
	}
	thief := *pending
	thief.Verifier = c.Begin("").Verifier
	_, err = c.Finish(ctx, &thief, back)
	var e *oauth.Error
	if !errors.As(err, &e) {
		t.Fatalf("Finish with another verifier: %v, want the provider's refusal", err)
	}
}

// TestFinishAccessDenied: an error redirect is an *Error.
func TestFinishAccessDenied(t *testing.T) {
	c := oauth.NewWithMetadata(&oauth.Config{Issuer: "https://id.example", ClientID: "c", RedirectURI: "https://app.example/cb"},
		&oauth.Metadata{Issuer: "https://id.example", AuthorizationEndpoint: "https://id.example/a", TokenEndpoint: "https://id.example/t"})
	pending := c.Begin("")
	back, _ := url.Parse("https://app.example/cb?error=access_denied&state=" + url.QueryEscape(pending.State))
	if _, err := c.Finish(t.Context(), pending, back); !oauth.IsAccessDenied(err) {
		t.Errorf("Finish = %v, want access_denied", err)
	}
}
