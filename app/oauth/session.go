package oauth

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// Session holds one account's tokens, in memory only. It is safe for
// concurrent use.
type Session struct {
	// Subject and Email are the ID token's sub and address (email, or
	// Microsoft's preferred_username), when the provider gave one: the
	// address is the mail login at Google and Microsoft.
	Subject, Email string

	c   *Client
	mu  sync.Mutex
	tok *token
}

// Resume makes a session from a refresh token kept from an earlier
// sign-in (a RefreshStore's): its first AccessToken refreshes.
func (c *Client) Resume(refreshToken string) *Session {
	return &Session{c: c, tok: &token{RefreshToken: refreshToken}}
}

// AccessToken returns a bearer token for the mail server, refreshing
// first when the one held has expired or will within
// Config.ExpiryMargin. A refusal to refresh that only a new sign-in
// mends matches ErrSignInAgain.
func (s *Session) AccessToken(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.valid() {
		return s.tok.AccessToken, nil
	}
	return s.refreshLocked(ctx)
}

// Refresh gets a new access token now, whatever the held one's expiry
// says: for a server that refused a token the provider still dates as
// valid (revoked, or clocks apart).
func (s *Session) Refresh(ctx context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.refreshLocked(ctx)
}

// valid reports whether the held access token is usable for longer
// than the margin. A token without an expiry counts as valid until a
// server refuses it (Do).
func (s *Session) valid() bool {
	margin := s.c.cfg.ExpiryMargin
	if margin <= 0 {
		margin = 10 * time.Second
	}
	return s.tok.AccessToken != "" && (s.tok.Expiry.IsZero() || time.Now().Add(margin).Before(s.tok.Expiry))
}

func (s *Session) refreshLocked(ctx context.Context) (string, error) {
	if s.tok.RefreshToken == "" {
		return "", ErrSignInAgain
	}
	tok, err := s.c.tokenRequest(ctx, "refresh the sign-in", url.Values{
		"grant_type":    {"refresh_token"},
		"refresh_token": {s.tok.RefreshToken},
	})
	if err != nil {
		return "", err
	}
	// A provider may rotate the refresh token (Hydra does) or keep it
	// (Google, which then sends none): keep the old one when none came.
	if tok.RefreshToken == "" {
		tok.RefreshToken = s.tok.RefreshToken
	}
	s.tok = tok
	return tok.AccessToken, nil
}

// RefreshToken returns the refresh token held, for a RefreshStore when
// the person asked to stay signed in; empty if the provider gave none.
// It changes after a refresh when the provider rotates it.
func (s *Session) RefreshToken() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.RefreshToken
}

// Expiry is when the held access token expires (zero: unknown).
func (s *Session) Expiry() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok.Expiry
}

// Do runs fn with an access token, and if fn's error is one that
// rejected returns true for (the server refused the token: for POP3,
// pop3.IsAuthFailure), refreshes and runs fn once more: the rule for a
// token that expired mid-session. A second refusal is returned as it
// is; a refusal to refresh matches ErrSignInAgain.
func (s *Session) Do(ctx context.Context, rejected func(error) bool, fn func(token string) error) error {
	tok, err := s.AccessToken(ctx)
	if err != nil {
		return err
	}
	err = fn(tok)
	if err == nil || !rejected(err) {
		return err
	}
	if tok, err = s.Refresh(ctx); err != nil {
		return err
	}
	return fn(tok)
}
