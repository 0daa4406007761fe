package mailbox

import (
	"context"
	"testing"
)

// TestWarm: the warm-up runs a whole sync on its made-up mailbox, every
// header parsed into a row, and can run again (each call is a session
// of its own). 2,000 messages make a TOP batch larger than the
// pipelining window: the responder must read a batch while its replies
// wait, or client and responder would wait for each other.
func TestWarm(t *testing.T) {
	for _, n := range []int{1, 40, 2000} {
		got, err := Warm(context.Background(), n, nil)
		if err != nil {
			t.Fatalf("Warm(%d): %v", n, err)
		}
		if got != n {
			t.Errorf("Warm(%d) made %d rows", n, got)
		}
	}
}

// TestWarmCancelled: a warm-up whose context has ended stops with an
// error instead of running the sync.
func TestWarmCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if n, err := Warm(ctx, 40, nil); err == nil {
		t.Errorf("Warm on an ended context made %d rows and no error", n)
	}
}

// TestWarmPause: pause is asked before every read of the canned
// replies, and a pause that says stop ends the warm-up with an error and
// no rows, at whatever point of the session (the greeting, the login,
// the listing, the headers) it comes.
func TestWarmPause(t *testing.T) {
	const n = 40 // about 40 KB of replies: several reads
	calls := 0
	if _, err := Warm(context.Background(), n, func() bool { calls++; return true }); err != nil {
		t.Fatal(err)
	}
	if calls < 5 {
		t.Fatalf("pause was asked %d times for a session of %d messages", calls, n)
	}
	for stop := 1; stop <= calls; stop++ {
		k := 0
		got, err := Warm(context.Background(), n, func() bool { k++; return k < stop })
		if err == nil || got != 0 {
			t.Errorf("stopped at read %d of %d: %d rows, error %v; want none and an error", stop, calls, got, err)
		}
	}
}
