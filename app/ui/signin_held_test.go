package ui

import (
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// TestSignInHeldUntilStore: before the device's store is open the form
// takes a press and hands it to OnHold, never to OnSubmit (a sign-in
// then would keep nothing); once held, the button takes no second press;
// with the store open a press signs in at once.
func TestSignInHeldUntilStore(t *testing.T) {
	targets := []bridgeapi.Target{{Name: "work", Host: "mail.example.com", Security: bridgeapi.SecurityTLS}}
	f := signInForm{Target: "work", Username: "ada", Password: "secret"}
	for _, tc := range []struct {
		name              string
		card              signInCard
		canPress          bool
		wantHold, wantRun int
	}{
		{"store opening", signInCard{Targets: targets}, true, 1, 0},
		{"store opening, pressed in the page's shell", signInCard{Targets: targets, Pressed: true}, true, 1, 0},
		{"held already", signInCard{Targets: targets, Held: true}, false, 0, 0},
		{"store open", signInCard{Targets: targets, Ready: true}, true, 0, 1},
		{"signing in", signInCard{Targets: targets, Ready: true, Signing: true}, false, 0, 0},
		{"no servers yet", signInCard{}, false, 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.card
			var held, run []signInForm
			c.OnHold = func(f signInForm) { held = append(held, f) }
			c.OnSubmit = func(f signInForm) { run = append(run, f) }
			if got := c.canSubmit(f); got != tc.canPress {
				t.Errorf("canSubmit = %v, want %v", got, tc.canPress)
			}
			c.submit(f)
			if len(held) != tc.wantHold || len(run) != tc.wantRun {
				t.Fatalf("a press held %d and signed in %d times, want %d and %d", len(held), len(run), tc.wantHold, tc.wantRun)
			}
			if len(held) == 1 && held[0] != f {
				t.Errorf("held %+v, want the form %+v", held[0], f)
			}
		})
	}
}

// TestTakeHeld: the press held until the store opened is signed in with
// once, and dropped when the start opened an account instead.
func TestTakeHeld(t *testing.T) {
	f := signInForm{Target: "work", Username: "ada", Password: "secret"}
	s := &Shell{held: &f, pressed: true}
	if got, ok := s.takeHeld(false); !ok || got != f {
		t.Fatalf("takeHeld = %+v, %v; want the held form", got, ok)
	}
	if _, ok := s.takeHeld(false); ok || s.held != nil {
		t.Error("a held press was given twice")
	}
	s = &Shell{held: &f, pressed: true}
	if _, ok := s.takeHeld(true); ok || s.held != nil || s.pressed {
		t.Errorf("a start that opened an account kept the press (held %v, pressed %v)", s.held != nil, s.pressed)
	}
	if _, ok := (&Shell{}).takeHeld(false); ok {
		t.Error("takeHeld gave a press that was never made")
	}
}
