package oauth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/url"
	"strings"
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
	p := &Pending{State: rand.Text(), Nonce: rand.Text(), Verifier: newVerifier()}
	q := url.Values{
		"response_type":         {"code"},
		"client_id":             {c.cfg.ClientID},
		"redirect_uri":          {c.cfg.RedirectURI},
		"scope":                 {strings.Join(c.scopes(), " ")},
		"state":                 {p.State},
		"nonce":                 {p.Nonce},
		"code_challenge":        {s256(p.Verifier)},
		"code_challenge_method": {"S256"},
		// Google gives a refresh token only with offline access asked
		// for this way; other providers ignore it.
		"access_type": {"offline"},
	}
	if loginHint != "" {
		q.Set("login_hint", loginHint)
	}
	p.URL = withQuery(c.meta.AuthorizationEndpoint, q)
	return p
}

// newVerifier is a PKCE code verifier: 32 random bytes, base64url
// (RFC 7636 §4.1 recommends this, 43 characters).
func newVerifier() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// s256 is the S256 code challenge of verifier (RFC 7636 §4.2).
func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// withQuery adds q to endpoint, keeping a query the endpoint already has
// (OAuth allows one, RFC 6749 §3.1).
func withQuery(endpoint string, q url.Values) string {
	u, err := url.Parse(endpoint)
	if err != nil {
		return endpoint + "?" + q.Encode() // Discover checked it parses
	}
	old := u.Query()
	for k, v := range q {
		old[k] = v
	}
	u.RawQuery = old.Encode()
	return u.String()
}
