//go:build unix

package oidctest

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// Token runs the whole Authorization Code grant with PKCE for client as
// user (a name from Options.Users) and returns the tokens: for tests of
// a mail server that need a real access token, not of the grant itself
// (app/oauth has those). It fails t on error.
func (p *Provider) Token(client *Client, user string) *oauth2.Token {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	tok, err := p.token(ctx, client, user)
	if err != nil {
		p.t.Fatal(err)
	}
	return tok
}

func (p *Provider) token(ctx context.Context, client *Client, user string) (*oauth2.Token, error) {
	conf := p.OAuth2Config(client)
	verifier := oauth2.GenerateVerifier()
	state := rand.Text()
	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))
	back, err := p.SignIn(ctx, authURL, client.RedirectURI, user, p.opts.users()[user])
	if err != nil {
		return nil, err
	}
	q := back.Query()
	if q.Get("state") != state || q.Get("code") == "" {
		return nil, fmt.Errorf("oidctest: the provider sent back %s", back.Redacted())
	}
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("oidctest: exchange the code: %w", err)
	}
	return tok, nil
}

// OAuth2Config describes client at this provider for
// golang.org/x/oauth2, with the endpoints Hydra serves.
func (p *Provider) OAuth2Config(client *Client) *oauth2.Config {
	return &oauth2.Config{
		ClientID:    client.ID,
		RedirectURL: client.RedirectURI,
		Scopes:      client.Scopes,
		Endpoint: oauth2.Endpoint{
			AuthURL:   p.Issuer + "/oauth2/auth",
			TokenURL:  p.Issuer + "/oauth2/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
}
