package mailbox

import (
	"context"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// gateProbe is a WriteGate that says when a burst of writes asked for it.
type gateProbe struct {
	gate  chan struct{}
	asked chan struct{}
}

func newGateProbe() *gateProbe {
	return &gateProbe{gate: make(chan struct{}), asked: make(chan struct{}, 8)}
}

func (g *gateProbe) get() <-chan struct{} {
	select {
	case g.asked <- struct{}{}:
	default: // the test waits for the first ask; later ones must not block the writer
	}
	return g.gate
}

// waitAsked waits until a burst has reached the gate: past writeDelay,
// about to write, had it no gate.
func (g *gateProbe) waitAsked(t *testing.T) {
	t.Helper()
	select {
	case <-g.asked:
	case <-time.After(10 * time.Second):
		t.Fatal("no burst of Store writes asked for the gate")
	}
}

// storedRows is how many rows the store keeps for the test's account.
func storedRows(t *testing.T, st store.Mail) int {
	t.Helper()
	c, err := st.Load(context.Background(), Account{Server: "test", Username: user}.Key())
	if err != nil {
		t.Fatal(err)
	}
	return len(c.Headers)
}

// waitStoredRows waits until the store keeps n rows.
func waitStoredRows(t *testing.T, st store.Mail, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for storedRows(t, st) != n {
		if time.Now().After(deadline) {
			t.Fatalf("the store keeps %d rows, want %d", storedRows(t, st), n)
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, not waiting for time
	}
}

// TestWriteGateHoldsWrites: a sync's rows reach the store only once the
// gate opens (in the browser: once the inbox is painted).
func TestWriteGateHoldsWrites(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	st := store.NewMem(nil)
	g := newGateProbe()
	h.open(&Options{Store: st, WriteGate: g.get})
	g.waitAsked(t)
	// The burst is at the gate: without one it would be writing now.
	if n := storedRows(t, st); n != 0 {
		t.Fatalf("the store kept %d rows while the gate was shut", n)
	}
	close(g.gate)
	waitStoredRows(t, st, 5)
}

// TestWriteGateCloseWrites: closing the Mailbox while the gate is shut
// writes what was queued; nothing waits for a gate that never opens.
func TestWriteGateCloseWrites(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	st := store.NewMem(nil)
	g := newGateProbe()
	m, _ := h.open(&Options{Store: st, WriteGate: g.get})
	g.waitAsked(t)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if n := storedRows(t, st); n != 5 {
		t.Fatalf("after Close the store keeps %d rows, want 5", n)
	}
}
