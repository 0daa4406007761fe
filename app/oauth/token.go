package oauth

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/poppymail/poppy/app/transport"
)

// token is a token endpoint's successful answer (RFC 6749 §5.1), with
// the OpenID id_token beside it.
type token struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type"`
	RefreshToken string    `json:"refresh_token"`
	ExpiresIn    expiresIn `json:"expires_in"`
	IDToken      string    `json:"id_token"`
	// Error and Description are the error answer's (§5.2), which some
	// providers send with a 200.
	Error       string `json:"error"`
	Description string `json:"error_description"`

	// Expiry is when the access token expires, from expires_in at
	// receipt; zero when the provider did not say.
	Expiry time.Time `json:"-"`
}

// expiresIn is a lifetime in seconds: a JSON number, or a string of one
// (as some providers send it).
type expiresIn int64

func (e *expiresIn) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(s)
	}
	if string(b) == "null" || len(b) == 0 {
		return nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("expires_in %q is not a number of seconds", b)
	}
	*e = expiresIn(n)
	return nil
}

// parseToken reads a token endpoint's answer with HTTP status status,
// received at now. An error answer is an *Error (so that invalid_grant
// matches ErrSignInAgain); an answer without an access token is
// ErrTokenAnswer.
func parseToken(body []byte, status int, now time.Time) (*token, error) {
	var t token
	jerr := json.Unmarshal(body, &t)
	if t.Error != "" {
		return nil, &Error{Code: t.Error, Description: t.Description}
	}
	switch {
	case status != 200:
		return nil, fmt.Errorf("%w: HTTP status %d", ErrTokenAnswer, status)
	case jerr != nil:
		return nil, fmt.Errorf("%w: %v", ErrTokenAnswer, jerr)
	case t.AccessToken == "":
		return nil, fmt.Errorf("%w: no access_token", ErrTokenAnswer)
	}
	if t.ExpiresIn > 0 {
		t.Expiry = now.Add(time.Duration(t.ExpiresIn) * time.Second)
	}
	return &t, nil
}

// tokenRequest posts form (a grant, RFC 6749 §4.1.3 or §6) to the token
// endpoint with the client's ID in the body: a public client has no
// secret to authenticate with (§2.3 is for confidential ones). The
// request is the browser's fetch in the tab, net/http natively
// (app/transport): no HTTP client library is linked into the wasm.
func (c *Client) tokenRequest(ctx context.Context, what string, form url.Values) (*token, error) {
	form.Set("client_id", c.cfg.ClientID)
	body, status, err := transport.HTTPPostForm(ctx, c.meta.TokenEndpoint, form)
	if err != nil {
		return nil, fmt.Errorf("oauth: %s: the provider's token endpoint %s cannot be reached: %w", what, c.meta.TokenEndpoint, err)
	}
	t, err := parseToken(body, status, time.Now())
	if err != nil {
		return nil, fmt.Errorf("oauth: %s: %w", what, err)
	}
	return t, nil
}
