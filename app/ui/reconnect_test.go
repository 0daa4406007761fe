package ui

import (
	"testing"
	"time"

	"github.com/poppymail/poppy/app/mailbox"
)

// TestReconnectStatus: the immediate first try is silent; a later try, or
// a first one that waits (a server's login delay), is announced.
func TestReconnectStatus(t *testing.T) {
	for _, tc := range []struct {
		attempt  int
		delay    time.Duration
		announce bool
		want     string
	}{
		{1, 0, false, ""},
		{1, 3 * time.Second, true, "Connection lost; reconnecting in 3 s (attempt 1)…"},
		{2, time.Second, true, "Connection lost; reconnecting in 1 s (attempt 2)…"},
	} {
		got, announce := reconnectStatus(mailbox.Event{Kind: mailbox.EventReconnecting, Attempt: tc.attempt, Delay: tc.delay})
		if got != tc.want || announce != tc.announce {
			t.Errorf("attempt %d after %v: %q, %v; want %q, %v", tc.attempt, tc.delay, got, announce, tc.want, tc.announce)
		}
	}
}
