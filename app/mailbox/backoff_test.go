package mailbox

import (
	"slices"
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	const base, max = 100 * time.Millisecond, 3 * time.Second
	for _, r := range []float64{0, 0.5, 0.999} {
		rnd := func() float64 { return r }
		prev := time.Duration(0)
		for a := range 12 {
			d := backoff(a, base, max, rnd)
			step := min(base<<a, max)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d (rnd %v): %v outside [%v, %v]", a, r, d, step/2, step)
			}
			if d < prev && step < max {
				t.Fatalf("attempt %d: %v after %v", a, d, prev)
			}
			prev = d
		}
	}
	if d := backoff(1000, base, max, func() float64 { return 1 }); d != max {
		t.Errorf("huge attempt: %v", d)
	}
}

func TestAccountKey(t *testing.T) {
	keys := []string{
		Account{Username: "a@b", Server: "c"}.Key(),
		Account{Username: "a", Server: "b@c"}.Key(),
		Account{Username: "a%40b", Server: "c"}.Key(),
	}
	slices.Sort(keys)
	if len(slices.Compact(keys)) != 3 {
		t.Errorf("keys collide: %q", keys)
	}
}
