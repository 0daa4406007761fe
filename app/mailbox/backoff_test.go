package mailbox

import (
	"context"
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

func TestMemStore(t *testing.T) {
	ctx := context.Background()
	s := NewMemStore()
	s.SetRead(ctx, "a", true, []string{"u1", "u2", "u3"})
	s.SetRead(ctx, "b", true, []string{"u1"})
	s.SetRead(ctx, "a", false, []string{"u2"})
	s.Forget(ctx, "a", []string{"u3"})
	got, _ := s.ReadMarks(ctx, "a")
	if len(got) != 1 || !got["u1"] {
		t.Errorf("account a: %v", got)
	}
	got, _ = s.ReadMarks(ctx, "b")
	if len(got) != 1 || !got["u1"] {
		t.Errorf("account b: %v", got)
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

// Read marks survive a new Mailbox through the Store, and marks of
// messages gone from the server are pruned.
func TestReadMarksInStore(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	store := NewMemStore()
	store.SetRead(context.Background(), Account{Server: "test", Username: user}.Key(), true, []string{"gone-long-ago"})
	m, ev := h.open(&Options{Store: store})
	m.MarkRead(true, "m1", "m3")
	m.MarkRead(false, "m3")
	ev.wait(t, EventListChanged)
	m.Close()

	m2, _ := h.open(&Options{Store: store})
	var read []string
	for _, r := range m2.Messages() {
		if r.Read {
			read = append(read, r.UID)
		}
	}
	if !slices.Equal(read, []string{"m1"}) {
		t.Errorf("read rows %q", read)
	}
	m2.Close()
	marks, _ := store.ReadMarks(context.Background(), m2.key)
	if len(marks) != 1 || !marks["m1"] {
		t.Errorf("store %v", marks)
	}
}
