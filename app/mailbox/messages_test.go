package mailbox

import (
	"slices"
	"testing"
)

// Messages hands every caller the same slice until the list changes,
// and the Mailbox never writes to a slice it handed out: a read mark and
// a deletion make a new one, which shows them, while the old one stays
// as it was. Appending to it cannot reach the next caller's rows.
func TestMessagesShared(t *testing.T) {
	h := newHarness(t, nil, messages(4)...)
	m, ev := h.open(nil)
	first := m.Messages()
	was := slices.Clone(first)
	if again := m.Messages(); &again[0] != &first[0] {
		t.Error("a second call without a change copied the rows")
	}
	_ = append(first, Summary{UID: "appended"})
	if got := rowUIDs(m.Messages()); slices.Contains(got, "appended") {
		t.Fatalf("an append to the returned slice reached the Mailbox: %q", got)
	}

	m.MarkRead(true, "m2")
	ev.wait(t, EventListChanged)
	m.Delete("m3")
	ev.wait(t, EventListChanged)
	now := m.Messages()
	if i := slices.IndexFunc(now, func(s Summary) bool { return s.UID == "m2" }); i < 0 || !now[i].Read {
		t.Errorf("after the read mark, rows %+v", now)
	}
	if slices.ContainsFunc(now, func(s Summary) bool { return s.UID == "m3" }) {
		t.Errorf("after the deletion, rows %q still list m3", rowUIDs(now))
	}
	if !slices.Equal(first, was) {
		t.Errorf("the slice handed out before the changes changed:\n%+v\nwas\n%+v", first, was)
	}
}
