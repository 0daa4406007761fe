package oauth

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/url"
)

// Finish completes the sign-in p with the URL the provider redirected
// the tab to: it checks the state, turns an error answer into an *Error
// (access_denied when the person said no), exchanges the code with the
// PKCE verifier, and checks the ID token against the nonce. The tokens
// are returned in a Session, in memory.
func (c *Client) Finish(ctx context.Context, p *Pending, redirected *url.URL) (*Session, error) {
	q := redirected.Query()
	// The state comes first: an error answer that is not ours is not
	// shown as the provider's either.
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(p.State)) != 1 {
		return nil, ErrState
	}
	if code := q.Get("error"); code != "" {
		return nil, &Error{Code: code, Description: q.Get("error_description")}
	}
	code := q.Get("code")
	if code == "" {
		return nil, fmt.Errorf("oauth: the provider sent the person back without a code; start the sign-in again")
	}
	tok, err := c.tokenRequest(ctx, "exchange the code", url.Values{
		"grant_type":    {"authorization_code"},
		"code":          {code},
		"redirect_uri":  {c.cfg.RedirectURI},
		"code_verifier": {p.Verifier},
	})
	if err != nil {
		return nil, err
	}
	s := &Session{c: c, tok: tok}
	if tok.IDToken != "" {
		claims, err := c.checkIDToken(tok.IDToken, p.Nonce)
		if err != nil {
			return nil, err
		}
		s.Subject, s.Email = claims.Subject, claims.address()
	}
	return s, nil
}
