package mailbox

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// afterLogin returns the recorded command lines after the last PASS.
func (h *harness) afterLogin() []string {
	var out []string
	for _, c := range h.rec.All() {
		if strings.HasPrefix(c.Line, "PASS") || strings.HasPrefix(c.Line, "USER") {
			out = nil
			continue
		}
		out = append(out, c.Line)
	}
	return out
}

// A revisit with nothing new costs STAT and one UIDL n, not a listing.
func TestQuickRevisit(t *testing.T) {
	h := newHarness(t, nil, messages(50)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	want := rowUIDs(m.Messages())
	m.Close()

	h.rec.Reset()
	m2, _ := h.open(&Options{Store: st, KeepaliveInterval: -1})
	got := h.afterLogin()
	if slices.Contains(got, "UIDL") || slices.Contains(got, "LIST") || len(h.lines("TOP")) > 0 {
		t.Errorf("a revisit with nothing new sent %q", got)
	}
	if !slices.Contains(got, "STAT") || !slices.Contains(got, "UIDL 50") {
		t.Errorf("commands %q, want STAT and UIDL 50", got)
	}
	if !slices.Equal(rowUIDs(m2.Messages()), want) {
		t.Errorf("rows %q, want %q", rowUIDs(m2.Messages()), want)
	}
	// RETR uses a number the server confirms first.
	h.rec.Reset()
	if b := body(t, m2, "m7"); !strings.Contains(string(b), "Body of m7.") {
		t.Fatalf("body %q", b)
	}
	if got := h.afterLogin(); !slices.Equal(got, []string{"UIDL 7", "RETR 7"}) {
		t.Errorf("commands %q", got)
	}
}

// A new message changes STAT: the full listing runs, and only the new
// header is fetched.
func TestQuickRevisitNewMail(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	m.Close()
	if err := h.srv.Deliver(user, message("m6", 6)); err != nil {
		t.Fatal(err)
	}
	h.rec.Reset()
	m2, _ := h.open(&Options{Store: st})
	if got := h.lines("TOP"); !slices.Equal(got, []string{"TOP 6 0"}) {
		t.Errorf("TOP %q", got)
	}
	// The sizes of known messages are the rows'; only the new one's is
	// asked for.
	if got := h.lines("LIST"); !slices.Equal(got, []string{"LIST 6"}) {
		t.Errorf("LIST %q", got)
	}
	if !hasRow(m2, "m6") {
		t.Error("no row for the new message")
	}
	// The new listing is kept: the next visit is quick again.
	m2.Close()
	h.rec.Reset()
	h.open(&Options{Store: st})
	if got := h.afterLogin(); slices.Contains(got, "UIDL") || !slices.Contains(got, "UIDL 6") {
		t.Errorf("the visit after the new mail sent %q", got)
	}
}

// If the kept listing is wrong in a way STAT and the last UIDL cannot
// see (two messages swapped), the confirmation before RETR and DELE
// catches it: the right message is read and the right one deleted.
func TestQuickListingWrongIsCaught(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	m.Close()
	c := load(t, st)
	l := c.Listing
	if len(l.UIDs) != 3 {
		t.Fatalf("kept listing %+v", l)
	}
	l.UIDs[0], l.UIDs[1] = l.UIDs[1], l.UIDs[0] // m2, m1, m3
	if err := st.PutListing(context.Background(), account.Key(), l); err != nil {
		t.Fatal(err)
	}

	m2, ev := h.open(&Options{Store: st, UndoWindow: 10 * time.Millisecond})
	if b := body(t, m2, "m1"); !strings.Contains(string(b), "Body of m1.") {
		t.Fatalf("Fetch m1 gave %q", b)
	}
	m2.Delete("m2")
	ev.wait(t, EventDeleted)
	if got, want := h.uids(), []string{"m1", "m3"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
}
