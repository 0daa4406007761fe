package ui

import (
	"context"
	"errors"
	"fmt"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/app/oauth"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/submission"
)

// An OAuth account sends with the same token as it reads: its provider's
// submission server (Gmail's, Microsoft 365's) takes no password either.

// oauthSASL is the SASL client for an access token: OAUTHBEARER (RFC
// 7628) when the server offers it, else XOAUTH2; neither offered is
// submission.ErrAuthNotOffered, so the outbox keeps the message for a
// person to act on instead of retrying.
func oauthSASL(ext submission.Extensions, user, token string) (sasl.Client, error) {
	switch {
	case ext.HasAuth("OAUTHBEARER"):
		return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: token}), nil
	case ext.HasAuth("XOAUTH2"):
		return pop3.NewXOAuth2Client(user, token), nil
	}
	return nil, fmt.Errorf("ui: the sending server offers neither OAUTHBEARER nor XOAUTH2: %w", submission.ErrAuthNotOffered)
}

// authOAuth authenticates c with sess's access token, refreshed first
// when about to expire; a token the server refuses (535) is refreshed
// and tried once more on the same session, which SMTP allows after a
// failed AUTH (RFC 4954 §4).
func authOAuth(ctx context.Context, c *submission.Client, sess *oauth.Session, user string) error {
	return sess.Do(ctx, tokenRefused, func(tok string) error {
		a, err := oauthSASL(c.Extensions(), user, tok)
		if err != nil {
			return err
		}
		return c.Auth(ctx, a)
	})
}

// tokenRefused reports the server's 535 to a token: expired or revoked,
// which a refresh may cure.
func tokenRefused(err error) bool {
	var e *submission.Error
	return errors.As(err, &e) && e.Stage == submission.StageAuth && e.Code == 535
}

// sessionsByKey are the sessions this tab holds, by account key, so
// that the outbox sends for OAuth accounts too (giveLogins).
func (o *oauthTab) sessionsByKey() map[string]*oauth.Session {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make(map[string]*oauth.Session, len(o.sessions))
	for k, a := range o.sessions {
		out[k] = a.sess
	}
	return out
}
