package oauth

import (
	"crypto/rand"

	"golang.org/x/oauth2"
)

// Pending is a sign-in between Begin and Finish: the tab keeps it (in
// memory, or in sessionStorage across the page's own redirect) and gives
// it back to Finish. Its fields are secrets of this one sign-in.
type Pending struct {
	// URL is where the tab sends the person: the provider's
	// authorization endpoint with the request in its query.
	URL string
	// State, Nonce and Verifier are fresh random values: the state
	// (RFC 6749 §10.12), the OpenID nonce, the PKCE code verifier
	// (RFC 7636 §4.1; only its S256 challenge is in URL).
	State, Nonce, Verifier string
}

// Begin starts a sign-in. loginHint, if not empty, pre-fills the
// provider's form with the address the person typed (OpenID Connect
// Core §3.1.2.1).
func (c *Client) Begin(loginHint string) *Pending {
	p := &Pending{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier()}
	opts := []oauth2.AuthCodeOption{
		oauth2.S256ChallengeOption(p.Verifier),
		oauth2.SetAuthURLParam("nonce", p.Nonce),
		// Google gives a refresh token only with offline access asked
		// for this way; other providers ignore it.
		oauth2.AccessTypeOffline,
	}
	if loginHint != "" {
		opts = append(opts, oauth2.SetAuthURLParam("login_hint", loginHint))
	}
	p.URL = c.oc.AuthCodeURL(p.State, opts...)
	return p
}
