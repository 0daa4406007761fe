//go:build unix

package submission

// OAuth 2.0 against a real Postfix whose SASL is a Dovecot with the
// oauth2 passdb, which asks a real OpenID provider (Ory Hydra,
// internal/oidctest) about each token.

import (
	"crypto/tls"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// TestInteropOAuth sends one message over each OAuth mechanism that
// Postfix announces, with a token Hydra issued, and sees the same token
// named for another user refused at AUTH.
func TestInteropOAuth(t *testing.T) {
	t.Parallel()
	p := oidctest.Start(t, nil)
	s := postfixtest.Start(t, &postfixtest.Options{Dovecot: &dovecottest.Config{
		OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()},
	}})
	tok := p.Token(p.RegisterClient(nil), s.User)
	mechs := []struct {
		name string
		mech func(user string) sasl.Client
	}{
		{"XOAUTH2", func(user string) sasl.Client { return pop3.NewXOAuth2Client(user, tok.AccessToken) }},
		{"OAUTHBEARER", func(user string) sasl.Client {
			return sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: user, Token: tok.AccessToken})
		}},
	}
	dial := func(t *testing.T) *Client {
		conn, err := tls.Dial("tcp", s.SubmissionTLSAddr, s.TLSConfig())
		if err != nil {
			t.Fatal(err)
		}
		c, err := NewClient(conn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	for i, m := range mechs {
		t.Run(m.name, func(t *testing.T) {
			c := dial(t)
			if !c.Extensions().HasAuth(m.name) {
				t.Fatalf("AUTH %v, want %s announced", c.Extensions().Auth, m.name)
			}
			if err := c.Auth(t.Context(), m.mech(s.User)); err != nil {
				t.Fatalf("Auth(%s) with Hydra's token: %v", m.name, err)
			}
			msg := "From: " + s.Address + "\r\nTo: " + s.Address + "\r\nSubject: over " + m.name + "\r\n\r\nHello.\r\n"
			if err := c.Send(t.Context(), Envelope{From: s.Address, To: []string{s.Address}}, strings.NewReader(msg), int64(len(msg)), nil); err != nil {
				t.Fatalf("Send: %v", err)
			}
			s.WaitForMessages(s.User, i+1)

			// Postfix answers 535 to XOAUTH2's empty response, and to
			// OAUTHBEARER's %x01 after its error challenge (RFC 7628
			// §3.2.3; "*" would get a 501): bad credentials either way.
			var e *Error
			err := dial(t).Auth(t.Context(), m.mech("bob"))
			if !errors.As(err, &e) || e.Stage != StageAuth || e.Code != 535 {
				t.Errorf("alice's token for bob: %v, want a 535 at AUTH", err)
			}
		})
	}
}
