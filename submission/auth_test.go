package submission

import (
	"context"
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/pop3"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// Each go-sasl mechanism, and XOAUTH2, goes out as the server expects;
// the ones with an initial response put it on the AUTH line (one round
// trip), and one too long for the line waits for an empty challenge.
func TestAuthMechanisms(t *testing.T) {
	longToken := strings.Repeat("t", 600)
	for _, tc := range []struct {
		name  string
		mech  sasl.Client
		wire  []string // lines the server must receive, in order
		turns int      // round trips after EHLO's
	}{
		{"PLAIN", sasl.NewPlainClient("", "ann", "pw"), []string{"AUTH PLAIN " + b64("\x00ann\x00pw")}, 1},
		{"LOGIN", sasl.NewLoginClient("ann", "pw"), []string{"AUTH LOGIN " + b64("ann"), b64("pw")}, 2},
		{"OAUTHBEARER", sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "ann", Token: "tok"}),
			[]string{"AUTH OAUTHBEARER " + b64("n,a=ann,\x01auth=Bearer tok\x01\x01")}, 1},
		{"XOAUTH2", pop3.NewXOAuth2Client("ann", "tok"), []string{"AUTH XOAUTH2 " + b64("user=ann\x01auth=Bearer tok\x01\x01")}, 1},
		{"XOAUTH2 long", pop3.NewXOAuth2Client("ann", longToken),
			[]string{"AUTH XOAUTH2", b64("user=ann\x01auth=Bearer " + longToken + "\x01\x01")}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &fake{ext: []string{"AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2"}}
			c := open(t, f, nil)
			if err := c.Auth(context.Background(), tc.mech); err != nil {
				t.Fatal(err)
			}
			want := "EHLO localhost\r\n" + strings.Join(tc.wire, "\r\n") + "\r\n"
			if got := f.receivedString(); got != want {
				t.Errorf("the server received\n%q\nwant\n%q", got, want)
			}
			f.mu.Lock()
			turns := f.turns - 1
			f.mu.Unlock()
			if turns != tc.turns {
				t.Errorf("AUTH took %d round trips, want %d", turns, tc.turns)
			}
		})
	}
}

// A refusal keeps its codes and is permanent for wrong credentials,
// temporary for a 454; an unoffered mechanism is refused before any
// credential is written.
func TestAuthRefused(t *testing.T) {
	for _, tc := range []struct {
		reply    string
		want     Delivery
		enhanced [3]int
	}{
		{"535 5.7.8 Authentication credentials invalid", NotSentPermanent, [3]int{5, 7, 8}},
		{"454 4.7.0 Temporary authentication failure", NotSentRetry, [3]int{4, 7, 0}},
	} {
		f := &fake{ext: []string{"AUTH PLAIN"}, authReply: tc.reply}
		c := open(t, f, nil)
		err := c.Auth(context.Background(), plainAuth)
		var e *Error
		if !errors.As(err, &e) || e.Stage != StageAuth || e.Enhanced != tc.enhanced || Outcome(err) != tc.want {
			t.Errorf("reply %q: Auth = %#v, Outcome %v, want %v", tc.reply, err, Outcome(err), tc.want)
		}
	}
	f := &fake{ext: []string{"AUTH PLAIN"}}
	c := open(t, f, nil)
	err := c.Auth(context.Background(), sasl.NewLoginClient("ann", "pw"))
	if !errors.Is(err, ErrAuthNotOffered) || Outcome(err) != NotSentPermanent {
		t.Errorf("LOGIN on a PLAIN-only server: %v", err)
	}
	// Control: the session still works, and PLAIN would be written.
	if err := c.Auth(context.Background(), plainAuth); err != nil {
		t.Fatal(err)
	}
	if got := f.receivedString(); strings.Contains(got, "LOGIN") || !strings.Contains(got, "AUTH PLAIN ") {
		t.Errorf("recorded %q", got)
	}
}

// TestAuthOAuthBearerErrorChallenge: to the server's error challenge (an
// expired or revoked token) the client answers with a lone %x01, as RFC
// 7628 §3.2.3 asks, not with "*", so the server's final 535 reaches the
// caller as a permanent refusal with the mechanism's account beside it.
func TestAuthOAuthBearerErrorChallenge(t *testing.T) {
	challenge := b64(`{"status":"invalid_token","scope":"mail"}`)
	f := &fake{ext: []string{"AUTH OAUTHBEARER"}, authChallenge: challenge, authReply: "535 5.7.8 Authentication credentials invalid"}
	c := open(t, f, nil)
	err := c.Auth(context.Background(), sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: "ann", Token: "old"}))
	var e *Error
	var bearer *sasl.OAuthBearerError
	if !errors.As(err, &e) || e.Code != 535 || Outcome(err) != NotSentPermanent || !errors.As(err, &bearer) || bearer.Status != "invalid_token" {
		t.Fatalf("Auth = %#v (Outcome %v), want the 535 and the invalid_token challenge", err, Outcome(err))
	}
	want := "AUTH OAUTHBEARER " + b64("n,a=ann,\x01auth=Bearer old\x01\x01") + "\r\n" + b64("\x01") + "\r\n"
	if got := f.receivedString(); !strings.HasSuffix(got, want) {
		t.Errorf("the server received\n%q\nwant it to end with\n%q", got, want)
	}
}
