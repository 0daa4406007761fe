package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/thread"
)

func TestArrange(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	row := func(uid, from string, size int64, d int, subject, id, parent string) mailbox.Summary {
		return mailbox.Summary{UID: uid, FromName: from, Size: size, Date: day(d), Subject: subject, Thread: thread.Key(id, parent, parent)}
	}
	// Newest first, as Mailbox.Messages returns them.
	rows := func() []mailbox.Summary {
		return []mailbox.Summary{
			row("e", "bob", 10, 9, "Re: Lunch", "<e@x>", "<a@x>"),
			row("d", "Carol", 500, 8, "Invoice", "<d@x>", ""),
			row("c", "alice", 30, 7, "Re: Lunch", "<c@x>", "<a@x>"),
			row("b", "bob", 20, 6, "Trip", "<b@x>", ""),
			row("a", "Alice", 40, 5, "Lunch", "<a@x>", ""),
		}
	}
	uids := func(rs []mailbox.Summary) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.UID)
		}
		return out
	}
	tests := []struct {
		set     store.ViewSettings
		want    []string
		replies []string // rows marked in-conversation
		heads   map[string]int
	}{
		{store.ViewSettings{}, []string{"e", "d", "c", "b", "a"}, nil, nil},
		// Case-insensitive, and the same sender's newest first.
		{store.ViewSettings{Sort: store.SortSender}, []string{"c", "a", "e", "b", "d"}, nil, nil},
		{store.ViewSettings{Sort: store.SortSize}, []string{"d", "a", "c", "b", "e"}, nil, nil},
		// The conversation stands where its newest message would, and
		// reads oldest first.
		{store.ViewSettings{Conversations: true}, []string{"a", "c", "e", "d", "b"}, []string{"c", "e"}, map[string]int{"a": 3}},
		{store.ViewSettings{Sort: store.SortSize, Conversations: true}, []string{"d", "a", "c", "e", "b"}, []string{"c", "e"}, map[string]int{"a": 3}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.set), func(t *testing.T) {
			o := inboxOrder{set: tt.set}
			got := o.arrange(rows())
			if !slices.Equal(uids(got), tt.want) {
				t.Errorf("order %v, want %v", uids(got), tt.want)
			}
			var replies []string
			for _, r := range got {
				if convClass(o.marks, r.UID) != "" {
					replies = append(replies, r.UID)
				}
				if n := o.marks[r.UID].count; n != tt.heads[r.UID] {
					t.Errorf("%s counts %d, want %d", r.UID, n, tt.heads[r.UID])
				}
			}
			if !slices.Equal(replies, tt.replies) {
				t.Errorf("in conversation: %v, want %v", replies, tt.replies)
			}
		})
	}
}

// TestArrangeReuse: a second arrangement of the same rows reuses the
// order and keeps the marks; new rows, or new settings, arrange anew.
func TestArrangeReuse(t *testing.T) {
	rows := func(uids ...string) []mailbox.Summary {
		var out []mailbox.Summary
		for i, u := range uids {
			out = append(out, mailbox.Summary{UID: u, FromName: u, Size: int64(i), Thread: thread.Key("<"+u+"@x>", "", "")})
		}
		return out
	}
	o := inboxOrder{set: store.ViewSettings{Sort: store.SortSender}}
	first := o.arrange(rows("c", "a", "b"))
	again := o.arrange(rows("c", "a", "b"))
	if !slices.Equal(uidsOf(first), []string{"a", "b", "c"}) || !slices.Equal(uidsOf(again), uidsOf(first)) {
		t.Fatalf("arranged %v, then %v", uidsOf(first), uidsOf(again))
	}
	if got := uidsOf(o.arrange(rows("c", "d", "a", "b"))); !slices.Equal(got, []string{"a", "b", "c", "d"}) {
		t.Errorf("a new row: %v", got)
	}
	o.set.Sort = store.SortSize
	if got := uidsOf(o.arrange(rows("c", "d", "a", "b"))); !slices.Equal(got, []string{"b", "a", "d", "c"}) {
		t.Errorf("by size: %v", got)
	}
}

func uidsOf(rs []mailbox.Summary) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.UID)
	}
	return out
}

// BenchmarkArrange10000 is the cost of one change of a 10,000-row list
// in each order (paid once per change, not per render).
func BenchmarkArrange10000(b *testing.B) {
	base := make([]mailbox.Summary, 10000)
	for i := range base {
		id, parent := fmt.Sprintf("<%d@x>", i), ""
		if i%4 != 0 {
			parent = fmt.Sprintf("<%d@x>", i-i%4)
		}
		base[i] = mailbox.Summary{UID: fmt.Sprint(i), FromName: fmt.Sprintf("Sender %d", i%97), Size: int64(i * 7919 % 100000),
			Date: time.Unix(int64(2e9-i*60), 0), Subject: fmt.Sprintf("Subject %d", i/4), Thread: thread.Key(id, parent, parent)}
	}
	for _, set := range []store.ViewSettings{{}, {Sort: store.SortSender}, {Sort: store.SortSize}, {Conversations: true}} {
		b.Run(fmt.Sprintf("%s-%v", set.Sort, set.Conversations), func(b *testing.B) {
			rows := make([]mailbox.Summary, len(base))
			for b.Loop() {
				copy(rows, base)
				o := inboxOrder{set: set}
				o.arrange(rows)
			}
		})
		// A change that keeps the rows (a read mark): the last order
		// is reused.
		b.Run(fmt.Sprintf("%s-%v-same-rows", set.Sort, set.Conversations), func(b *testing.B) {
			rows := make([]mailbox.Summary, len(base))
			o := inboxOrder{set: set}
			copy(rows, base)
			o.arrange(rows)
			for b.Loop() {
				copy(rows, base)
				o.arrange(rows)
			}
		})
	}
}
