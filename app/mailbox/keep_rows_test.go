package mailbox

import (
	"context"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// LoadKept runs as every account opens; with nothing kept only on the
// device it must not tell the UI the list changed (the UI would sort and
// draw the whole list again for nothing). A copy kept only here is a
// change, and is told: the positive control.
func TestLoadKeptTellsOnlyChanges(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t, nil, messages(2)...)
	st := store.NewMem(nil)
	m, ev := h.open(&Options{Store: st})
	settle(t, m, ev)
	before := ev.count(EventListChanged)
	if err := m.LoadKept(ctx); err != nil {
		t.Fatal(err)
	}
	settle(t, m, ev)
	if n := ev.count(EventListChanged) - before; n != 0 {
		t.Errorf("LoadKept with nothing kept only here told %d list changes, want none", n)
	}

	raw := []byte("From: a@example.org\r\nSubject: Gone\r\n\r\nbody\r\n")
	k := store.Kept{UID: "gone-1", ListSize: int64(len(raw)), Gone: time.Now()}
	k.Row.Subject = "Gone"
	if _, err := st.PutKept(ctx, m.key, k, raw); err != nil {
		t.Fatal(err)
	}
	if err := m.LoadKept(ctx); err != nil {
		t.Fatal(err)
	}
	settle(t, m, ev)
	if n := ev.count(EventListChanged) - before; n != 1 || !hasRow(m, "gone-1") {
		t.Errorf("a copy kept only here: %d list changes told (want 1), row listed %v", n, hasRow(m, "gone-1"))
	}
}
