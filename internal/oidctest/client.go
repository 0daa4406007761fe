//go:build unix

package oidctest

import (
	"context"
	"net/http"
	"net/url"
	"time"
)

// Scopes a test client may ask for: openid for an ID token,
// offline_access for a refresh token, email and profile for the claims.
var Scopes = []string{"openid", "offline_access", "email", "profile"}

// ClientOptions shape a registered client. Nil and the zero value mean
// defaults.
type ClientOptions struct {
	// RedirectURI is where the provider sends the browser back with the
	// code. Empty means a loopback URI that nothing serves
	// ("http://127.0.0.1:1/callback"): a test reads the code off the
	// redirect instead of following it.
	RedirectURI string
	// AccessTokenTTL overrides Options.AccessTokenTTL for the access
	// tokens that this client gets for a code: a short one lets a test
	// see a token expire.
	AccessTokenTTL time.Duration
	// RefreshedTokenTTL does the same for the access tokens it gets by
	// refreshing, so that a test can let the first token expire and
	// still have time to use the next one.
	RefreshedTokenTTL time.Duration
}

// Client is a registered public client: it has no secret, as a web app
// in a browser tab cannot keep one, so it must use PKCE.
type Client struct {
	ID          string
	RedirectURI string
	Scopes      []string
}

// RegisterClient registers a public client for the Authorization Code
// grant with PKCE and refresh tokens. It fails t on error.
func (p *Provider) RegisterClient(opts *ClientOptions) *Client {
	p.t.Helper()
	redirect := "http://127.0.0.1:1/callback"
	if opts != nil && opts.RedirectURI != "" {
		redirect = opts.RedirectURI
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var out struct {
		ID string `json:"client_id"`
	}
	in := map[string]any{
		"client_name":                "poppy-test",
		"grant_types":                []string{"authorization_code", "refresh_token"},
		"response_types":             []string{"code"},
		"scope":                      "openid offline_access offline email profile",
		"redirect_uris":              []string{redirect},
		"token_endpoint_auth_method": "none",
	}
	if err := p.adminJSON(ctx, http.MethodPost, "/admin/clients", in, &out); err != nil {
		p.t.Fatal(err)
	}
	if opts != nil && (opts.AccessTokenTTL > 0 || opts.RefreshedTokenTTL > 0) {
		ttl := func(d time.Duration) string {
			if d <= 0 {
				return p.opts.accessTTL().String()
			}
			return d.String()
		}
		life := map[string]any{
			"authorization_code_grant_access_token_lifespan": ttl(opts.AccessTokenTTL),
			"refresh_token_grant_access_token_lifespan":      ttl(opts.RefreshedTokenTTL),
		}
		if err := p.adminJSON(ctx, http.MethodPut, "/admin/clients/"+url.PathEscape(out.ID)+"/lifespans", life, nil); err != nil {
			p.t.Fatal(err)
		}
	}
	return &Client{ID: out.ID, RedirectURI: redirect, Scopes: Scopes}
}
