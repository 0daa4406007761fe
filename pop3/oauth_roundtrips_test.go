package pop3

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"

	"github.com/emersion/go-sasl"
)

func oauthBearer() sasl.Client {
	return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "bob", Token: "tok"})
}

// initial is the base64 of mech's first step.
func initial(t *testing.T, mech sasl.Client) string {
	t.Helper()
	_, ir, err := mech.Start()
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(ir)
}

// TestOAuthRoundTrips counts the POP3 round trips of a sign-in, as a
// scripted server reads them one command at a time: a password sign-in
// (Login: CAPA, then SASL PLAIN) against the OAuth one of the app
// (Capabilities, then Authenticate). OAUTHBEARER sends its initial
// response on the AUTH line, so OAuth costs no extra round trip
// (issue 12's bound is one), and XOAUTH2, with its step on a line of
// its own as Office 365 wants, costs what PLAIN does.
func TestOAuthRoundTrips(t *testing.T) {
	const caps = "+OK\r\nUSER\r\nSASL PLAIN OAUTHBEARER XOAUTH2\r\n.\r\n"
	plain := base64.StdEncoding.EncodeToString([]byte("\x00bob\x00secret"))
	bg := context.Background()
	for _, tc := range []struct {
		name   string
		steps  []step
		signIn func(*Client) error
		trips  int
	}{
		{"password (SASL PLAIN)", []step{
			{"CAPA", caps}, {"AUTH PLAIN", "+ \r\n"}, {plain, "+OK\r\n"},
		}, func(c *Client) error { return c.Login(bg, "bob", "secret") }, 3},
		{"OAUTHBEARER", []step{
			{"CAPA", caps}, {"AUTH OAUTHBEARER " + initial(t, oauthBearer()), "+OK\r\n"},
		}, func(c *Client) error {
			if _, err := c.Capabilities(bg); err != nil {
				return err
			}
			return c.Authenticate(bg, oauthBearer())
		}, 2},
		{"XOAUTH2", []step{
			{"CAPA", caps}, {"AUTH XOAUTH2", "+ \r\n"}, {initial(t, NewXOAuth2Client("bob", "tok")), "+OK\r\n"},
		}, func(c *Client) error {
			if _, err := c.Capabilities(bg); err != nil {
				return err
			}
			return c.Authenticate(bg, NewXOAuth2Client("bob", "tok"))
		}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := serveScript(t, "+OK ready\r\n", tc.steps...)
			c := s.dial(t, nil)
			if err := tc.signIn(c); err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			got := len(s.got)
			s.mu.Unlock()
			if got != tc.trips {
				t.Errorf("%d round trips (%q), want %d", got, s.got, tc.trips)
			}
		})
	}
}

// TestOAuthBearerErrorChallenge: to the server's error challenge (a
// token it no longer accepts) the client answers %x01, not "*" (RFC 7628
// §3.2.3); the server's -ERR is an authentication failure that carries
// the mechanism's account, and the session goes on.
func TestOAuthBearerErrorChallenge(t *testing.T) {
	errJSON := base64.StdEncoding.EncodeToString([]byte(`{"status":"invalid_token","schemes":"bearer","scope":"mail"}`))
	s := serveScript(t, "+OK ready\r\n",
		step{"AUTH OAUTHBEARER " + initial(t, oauthBearer()), "+ " + errJSON + "\r\n"},
		step{"AQ==", "-ERR [AUTH] Invalid token\r\n"},
		step{"NOOP", "+OK\r\n"},
	)
	c := s.dial(t, nil)
	err := c.Authenticate(context.Background(), oauthBearer())
	var be *sasl.OAuthBearerError
	if !IsAuthFailure(err) || !errors.As(err, &be) || be.Status != "invalid_token" {
		t.Fatalf("Authenticate = %v, want an authentication failure with the server's invalid_token", err)
	}
	if err := c.Noop(context.Background()); err != nil {
		t.Fatalf("the session after the refusal: %v", err)
	}
}
