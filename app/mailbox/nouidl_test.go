package mailbox

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// Without UIDL, messages are known by number within one session: every
// session lists everything again, the UI is told (HasUIDL), and a
// deletion works only in the session it was made in.
func TestNoUIDL(t *testing.T) {
	h := newHarness(t, &pop3server.Options{DisableUIDL: true}, messages(3)...)
	clock := &undoClock{}
	m, ev := h.open(&Options{undoTimer: clock.afterFunc})
	if m.HasUIDL() {
		t.Fatal("HasUIDL on a server without UIDL")
	}
	rows := m.Messages()
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if !strings.HasPrefix(r.UID, "~") || r.Subject == "" {
			t.Errorf("row %+v", r)
		}
	}
	byNumber := func(n int) string {
		for _, r := range m.Messages() {
			if r.Number == n {
				return r.UID
			}
		}
		t.Fatalf("no row numbered %d", n)
		return ""
	}
	data, err := m.Fetch(context.Background(), byNumber(2), nil)
	if err != nil || !strings.Contains(string(data), "Body of m2.") {
		t.Fatalf("Fetch = %q, %v", data, err)
	}

	// Delete within the session: committed. This is also the positive
	// control of the stale case below, through the same window's end.
	h.rec.Reset()
	m.Delete(byNumber(1))
	clock.end(t)
	ev.wait(t, EventDeleted)
	if got := h.uids(); !slices.Equal(got, []string{"m2", "m3"}) {
		t.Fatalf("server has %q", got)
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 1"}) {
		t.Errorf("DELE sent %q", got)
	}
	// The new session listed everything again.
	if got := h.lines("TOP"); !slices.Equal(got, []string{"TOP 1 0", "TOP 2 0"}) {
		t.Errorf("TOP after the commit: %q", got)
	}
	if len(m.Messages()) != 2 {
		t.Errorf("%d rows after the commit", len(m.Messages()))
	}

	// A new session before the commit: the deletion cannot be made, and
	// nothing is deleted.
	h.rec.Reset()
	old := byNumber(1)
	m.Delete(old)
	n, err := m.CheckNew(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("CheckNew = %d, %v; want every row again", n, err)
	}
	e := ev.wait(t, EventDeleteFailed)
	if e.Problem.Kind != KindStale || !slices.Equal(e.UIDs, []string{old}) {
		t.Errorf("event %+v, problem %v", e, e.Problem)
	}
	clock.end(t) // the stale batch's window ends: nothing is left to send
	h.noDeletion(t)
	if len(h.uids()) != 2 || len(m.Messages()) != 2 {
		t.Errorf("server %q, rows %q", h.uids(), rowUIDs(m.Messages()))
	}
	if _, err := m.Fetch(context.Background(), old, nil); Classify(err).Kind != KindStale {
		t.Errorf("Fetch of an old session's message: %v", err)
	}
}

// A server that refuses TOP still gets a row per message, from LIST alone,
// and is not asked again.
func TestNoTOP(t *testing.T) {
	h := newHarness(t, &pop3server.Options{DisableTOP: true}, messages(2)...)
	m, _ := h.open(nil)
	rows := m.Messages()
	if len(rows) != 2 {
		t.Fatalf("%d rows", len(rows))
	}
	for _, r := range rows {
		if !r.NoHeaders || r.Size <= 0 || r.Subject != "" {
			t.Errorf("row %+v", r)
		}
	}
	if got := rowUIDs(rows); !slices.Equal(got, []string{"m2", "m1"}) {
		t.Errorf("rows %q: want the higher number first", got)
	}
	h.srv.Deliver(user, message("m3", 3))
	h.rec.Reset()
	if n, err := m.CheckNew(context.Background()); err != nil || n != 1 {
		t.Fatalf("CheckNew = %d, %v", n, err)
	}
	if got := h.lines("TOP"); len(got) != 0 {
		t.Errorf("TOP asked again: %q", got)
	}
}
