package mailbox

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"
)

// An idle session gets NOOPs, so that servers with short idle timers keep
// it.
func TestKeepaliveNoop(t *testing.T) {
	h := newHarness(t, nil, messages(2)...)
	h.open(&Options{KeepaliveInterval: 20 * time.Millisecond})
	h.waitLines(t, "NOOP", 2)
	h.noDeletion(t)
}

// A session that drops is noticed by the keepalive and reopened at once,
// then with growing, jittered waits while the server refuses
// connections; then a deletion is committed exactly once.
func TestReconnectBackoff(t *testing.T) {
	const base, maxWait = 10 * time.Millisecond, 40 * time.Millisecond
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{KeepaliveInterval: 15 * time.Millisecond, ReconnectBase: base, ReconnectMax: maxWait, UndoWindow: 10 * time.Millisecond})

	h.refuseNext(3)
	h.dropAll()
	var waits []time.Duration
	for range 4 {
		e := ev.wait(t, EventReconnecting)
		if e.Attempt != len(waits)+1 || e.Problem == nil || !e.Problem.Temporary() {
			t.Fatalf("attempt %d: %+v", len(waits)+1, e)
		}
		waits = append(waits, e.Delay)
	}
	ev.wait(t, EventConnected)
	// The first attempt is at once; the backoff begins with the second.
	if waits[0] != 0 {
		t.Errorf("waits %v: the first attempt waited", waits)
	}
	for i, d := range waits[1:] {
		if d < base/2 || d > maxWait || (i > 0 && d < waits[i]) {
			t.Errorf("waits %v: not growing within [%v, %v] from the second", waits, base/2, maxWait)
		}
	}
	if !m.Connected() || len(m.Messages()) != 3 || m.Problem() != nil {
		t.Fatalf("after reconnect: connected %v, %d rows, problem %v", m.Connected(), len(m.Messages()), m.Problem())
	}
	h.noDeletion(t)

	m.Delete("m2")
	ev.wait(t, EventDeleted)
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 2"}) {
		t.Errorf("DELE sent %q", got)
	}
	if got := h.uids(); !slices.Equal(got, []string{"m1", "m3"}) {
		t.Errorf("server has %q", got)
	}
}

// The reconnect loop gives up after ReconnectAttempts and says so.
func TestReconnectGivesUp(t *testing.T) {
	h := newHarness(t, nil, messages(1)...)
	m, ev := h.open(&Options{KeepaliveInterval: 10 * time.Millisecond, ReconnectBase: time.Millisecond, ReconnectMax: 2 * time.Millisecond, ReconnectAttempts: 3})
	h.refuseNext(100)
	h.dropAll()
	e := ev.wait(t, EventProblem)
	if e.Problem.Kind != KindUnreachable {
		t.Errorf("problem %v", e.Problem)
	}
	if n := ev.count(EventReconnecting); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
	if m.Connected() || m.Problem() == nil {
		t.Error("state after giving up")
	}
	h.refuseNext(0)
	if err := m.Sync(context.Background(), nil); err != nil || m.Problem() != nil {
		t.Errorf("Sync after giving up: %v, problem %v", err, m.Problem())
	}
}

// Whatever else happens (sync, new mail, reading, keepalive, dropped
// connections, reconnects, an undone delete whose window then ends,
// close), nothing the person did not delete is deleted: no DELE, and no
// QUIT that could commit one.
func TestNeverDeletesUnasked(t *testing.T) {
	h := newHarness(t, nil, append(messages(5), message("control", 9))...)
	clock := &undoClock{}
	m, ev := h.open(&Options{KeepaliveInterval: 10 * time.Millisecond, ReconnectBase: 5 * time.Millisecond, undoTimer: clock.afterFunc})
	ctx := context.Background()
	// Positive control: a deletion the person did ask for shows in the
	// same command log as DELE and QUIT.
	m.Delete("control")
	clock.end(t)
	ev.wait(t, EventDeleted)
	if d, q := h.lines("DELE"), h.lines("QUIT"); !slices.Equal(d, []string{"DELE 6"}) || len(q) != 1 {
		t.Fatalf("control: DELE %q, QUIT %q", d, q)
	}
	h.rec.Reset()

	body(t, m, "m1")
	h.srv.Deliver(user, message("m6", 6))
	if _, err := m.CheckNew(ctx); err != nil {
		t.Fatal(err)
	}
	m.MarkRead(true, "m6")
	h.dropAll()
	ev.wait(t, EventReconnecting)
	ev.wait(t, EventConnected)
	h.dropAll()
	body(t, m, "m6")
	undo := m.Delete("m2", "m3")
	if !undo() {
		t.Fatal("undo within the window failed")
	}
	if err := m.Sync(ctx, nil); err != nil {
		t.Fatal(err)
	}
	clock.end(t) // the undone window ends too; its commit finds nothing due
	m.Close()
	h.noDeletion(t)
	if len(h.uids()) != 6 {
		t.Errorf("server has %q", h.uids())
	}
	for _, c := range h.rec.All() {
		if v, _, _ := strings.Cut(c.Line, " "); !slices.Contains([]string{"CAPA", "USER", "PASS", "APOP", "STAT", "UIDL", "LIST", "TOP", "RETR", "NOOP"}, v) {
			t.Errorf("unexpected command %q", c.Line)
		}
	}
}
