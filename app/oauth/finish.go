package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/url"

	"golang.org/x/oauth2"
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
	tok, err := c.oc.Exchange(c.ctx(ctx), code, oauth2.VerifierOption(p.Verifier))
	if err != nil {
		return nil, tokenError("exchange the code", err)
	}
	s := &Session{c: c, tok: tok}
	if raw, _ := tok.Extra("id_token").(string); raw != "" {
		claims, err := c.checkIDToken(raw, p.Nonce)
		if err != nil {
			return nil, err
		}
		s.Subject, s.Email = claims.Subject, claims.address()
	}
	return s, nil
}

// tokenError turns x/oauth2's token endpoint error into an *Error, so
// that ErrSignInAgain and the other predicates match it.
func tokenError(what string, err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode != "" {
		return fmt.Errorf("oauth: %s: %w", what, &Error{Code: re.ErrorCode, Description: re.ErrorDescription})
	}
	return fmt.Errorf("oauth: %s: %w", what, err)
}
