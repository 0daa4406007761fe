package ui

import (
	"errors"
	"testing"

	"github.com/poppymail/poppy/submission"
)

// An OAuth account's message goes with OAUTHBEARER when the server
// offers it, else XOAUTH2, and never with a password mechanism; a server
// with neither is a refusal the outbox does not retry.
func TestOAuthSASL(t *testing.T) {
	for _, tc := range []struct {
		name string
		auth []string
		mech string // "" for the refusal
	}{
		{"both: the standard one", []string{"PLAIN", "XOAUTH2", "OAUTHBEARER"}, "OAUTHBEARER"},
		{"XOAUTH2 alone", []string{"LOGIN", "PLAIN", "XOAUTH2"}, "XOAUTH2"},
		{"passwords only", []string{"PLAIN", "LOGIN"}, ""},
		{"no AUTH", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := oauthSASL(submission.Extensions{Auth: tc.auth}, "alice@example.test", "tok")
			if tc.mech == "" {
				if !errors.Is(err, submission.ErrAuthNotOffered) || submission.Outcome(err) != submission.NotSentPermanent {
					t.Fatalf("err = %v (outcome %v), want ErrAuthNotOffered, not retried", err, submission.Outcome(err))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if mech, _, _ := a.Start(); mech != tc.mech {
				t.Errorf("mechanism %s, want %s", mech, tc.mech)
			}
		})
	}
}

// Only the server's 535 at AUTH is a refused token worth a refresh.
func TestTokenRefused(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&submission.Error{Stage: submission.StageAuth, Code: 535}, true},
		{&submission.Error{Stage: submission.StageAuth, Code: 454}, false},
		{&submission.Error{Stage: submission.StageMail, Code: 535}, false},
		{submission.ErrAuthNotOffered, false},
	} {
		if got := tokenRefused(tc.err); got != tc.want {
			t.Errorf("tokenRefused(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
