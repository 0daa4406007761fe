//go:build unix

package oidctest

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// TestProvider runs the whole grant against a real Hydra: discovery
// names the endpoints, a code becomes tokens, introspection sees the
// access token active for the user who signed in, and a revocation turns
// it inactive.
func TestProvider(t *testing.T) {
	t.Parallel()
	p := Start(t, nil)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()

	resp, err := http.Get(p.Issuer + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var disc struct {
		Issuer        string   `json:"issuer"`
		Token         string   `json:"token_endpoint"`
		Revocation    string   `json:"revocation_endpoint"`
		PKCEMethods   []string `json:"code_challenge_methods_supported"`
		ScopesOffered []string `json:"scopes_supported"`
	}
	err = json.NewDecoder(resp.Body).Decode(&disc)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if disc.Issuer != p.Issuer || disc.Token != p.Issuer+"/oauth2/token" || disc.Revocation == "" {
		t.Errorf("discovery = %+v, want issuer %s and its token and revocation endpoints", disc, p.Issuer)
	}

	c := p.RegisterClient(nil)
	tok := p.Token(c, DefaultUser)
	if tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token = %+v, want an access and a refresh token (offline_access)", tok)
	}
	in, err := p.Introspect(ctx, tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if !in.Active || in.Subject != DefaultUser || in.ClientID != c.ID {
		t.Errorf("introspection = %+v, want active, sub %q, client %q", in, DefaultUser, c.ID)
	}
	if err := p.RevokeSessions(ctx, DefaultUser); err != nil {
		t.Fatal(err)
	}
	if in, err = p.Introspect(ctx, tok.AccessToken); err != nil || in.Active {
		t.Errorf("after RevokeSessions: introspection = %+v, %v; want inactive", in, err)
	}
}

// TestWrongPassword: the login form refuses a wrong password, and
// SignIn says it got no redirect back.
func TestWrongPassword(t *testing.T) {
	t.Parallel()
	p := Start(t, nil)
	c := p.RegisterClient(nil)
	conf := p.OAuth2Config(c)
	authURL := conf.AuthCodeURL("state-123456789", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
	_, err := p.SignIn(t.Context(), authURL, c.RedirectURI, DefaultUser, "not the password")
	if err == nil {
		t.Fatal("SignIn with a wrong password succeeded")
	}
	// Positive control: the same path with the right password.
	back, err := p.SignIn(t.Context(), authURL, c.RedirectURI, DefaultUser, DefaultPassword)
	if err != nil || back.Query().Get("code") == "" {
		t.Fatalf("SignIn with the right password = %v, %v", back, err)
	}
}
