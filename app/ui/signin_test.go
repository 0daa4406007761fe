package ui

import (
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// The sign-in card shows Initial until the person changes something,
// chooses the first server while none is chosen (filling in the demo
// login, unless a login was typed before the servers arrived), and keeps what was typed when another server is chosen.
func TestSignInCardForm(t *testing.T) {
	targets := []bridgeapi.Target{
		{Name: "demo", Security: bridgeapi.SecurityPlain, Demo: &bridgeapi.DemoLogin{Username: "demo", Password: "pw"}},
		{Name: "work", Host: "mail.example.com", Security: bridgeapi.SecurityTLS},
	}
	for _, tc := range []struct {
		name string
		card signInCard
		do   func(*signInCard)
		want signInForm
	}{
		{"no servers yet", signInCard{}, nil, signInForm{}},
		{"first server, demo login", signInCard{Targets: targets}, nil, signInForm{Target: "demo", Username: "demo", Password: "pw"}},
		{"initial kept", signInCard{Targets: targets, Initial: signInForm{Target: "work", Username: "alice"}}, nil,
			signInForm{Target: "work", Username: "alice"}},
		{"typed on the initial form", signInCard{Targets: targets, Initial: signInForm{Target: "work", Username: "alice"}},
			func(c *signInCard) { c.edit().Password = "secret" }, signInForm{Target: "work", Username: "alice", Password: "secret"}},
		{"another server keeps the user name", signInCard{Targets: targets, Initial: signInForm{Target: "work"}},
			func(c *signInCard) {
				c.edit().Username = "bob"
				*c.edit() = c.pick(c.current(), "work")
			}, signInForm{Target: "work", Username: "bob"}},
		{"the demo server fills its login", signInCard{Targets: targets, Initial: signInForm{Target: "work", Username: "alice"}},
			func(c *signInCard) { *c.edit() = c.pick(c.current(), "demo") }, signInForm{Target: "demo", Username: "demo", Password: "pw"}},
		{"touched, Initial no longer applies", signInCard{Targets: targets},
			func(c *signInCard) {
				c.edit().Username = "carol"
				c.Initial = signInForm{Target: "work", Username: "alice"}
			}, signInForm{Target: "demo", Username: "carol", Password: "pw"}},
		{"typed before the servers arrived, kept over the demo login", signInCard{},
			func(c *signInCard) {
				c.edit().Username = "alice"
				c.edit().Password = "secret"
				c.Targets = targets
			}, signInForm{Target: "demo", Username: "alice", Password: "secret"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.card
			if tc.do != nil {
				tc.do(&c)
			}
			if got := c.current(); got != tc.want {
				t.Errorf("form = %+v, want %+v", got, tc.want)
			}
		})
	}
}

// The submit button says what the card waits for.
func TestSignInCardSubmitText(t *testing.T) {
	ts := []bridgeapi.Target{{Name: "a"}}
	for _, tc := range []struct {
		card signInCard
		want string
	}{
		{signInCard{Ready: true}, "Loading mail servers…"},
		{signInCard{Targets: ts}, "Sign in"},
		{signInCard{Targets: ts, Pressed: true}, "Signing in…"},
		{signInCard{Targets: ts, Ready: true, Pressed: true}, "Sign in"},
		{signInCard{Targets: ts, Ready: true}, "Sign in"},
		{signInCard{Targets: ts, Ready: true, Signing: true}, "Signing in…"},
		{signInCard{Targets: ts, Ready: true, Signing: true, Progress: [2]int{1200, 15000}}, "Loading 1,200 of 15,000…"},
	} {
		if got := tc.card.submitText(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.card, got, tc.want)
		}
	}
}
