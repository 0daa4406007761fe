package ui

import (
	"fmt"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/mailbox"
)

func TestFilterRows(t *testing.T) {
	rows := []mailbox.Summary{
		{UID: "1", FromName: "Bob Smith", FromAddr: "bob@example.com", Subject: "Lunch on Friday"},
		{UID: "2", FromName: "Carol", FromAddr: "carol@example.org", Subject: "Minutes of the meeting"},
		{UID: "3", FromAddr: "noreply@shop.example", Subject: "Your order has shipped"},
	}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"1", "2", "3"}},
		{"bob", []string{"1"}},
		{"BOB", []string{"1"}},
		{"example.org", []string{"2"}},
		{"the meeting", []string{"2"}},
		{"order shop", []string{"3"}},
		{"lunch carol", nil},
		{"   ", []string{"1", "2", "3"}},
	} {
		got := filterRows(rows, tc.query)
		var uids []string
		for _, r := range got {
			uids = append(uids, r.UID)
		}
		if fmt.Sprint(uids) != fmt.Sprint(tc.want) {
			t.Errorf("filterRows(%q) = %v, want %v", tc.query, uids, tc.want)
		}
	}
}

func TestVisibleWindow(t *testing.T) {
	for _, tc := range []struct {
		total, scroll, view int
		want                window
	}{
		{0, 0, 640, window{0, 0, 0, 0}},
		{5, 0, 640, window{0, 5, 0, 0}},
		{10000, 0, 640, window{0, 19, 0, (10000 - 19) * rowHeight}},
		{10000, 64 * 5000, 640, window{4992, 5019, 4992 * rowHeight, (10000 - 5019) * rowHeight}},
		{10000, 64 * 9995, 640, window{9987, 10000, 9987 * rowHeight, 0}},
	} {
		got := visibleWindow(tc.total, tc.scroll, tc.view)
		if got != tc.want {
			t.Errorf("visibleWindow(%d, %d, %d) = %+v, want %+v", tc.total, tc.scroll, tc.view, got, tc.want)
		}
		if rendered := got.last - got.first; rendered > tc.view/rowHeight+2*overscan+1 {
			t.Errorf("renders %d rows for a %d px viewport", rendered, tc.view)
		}
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{{-1, ""}, {0, "0 B"}, {999, "999 B"}, {1000, "1 kB"}, {15_400, "15 kB"}, {2_345_678, "2.3 MB"}, {10_000_000_000, "10 GB"}} {
		if got := formatSize(tc.n); got != tc.want {
			t.Errorf("formatSize(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	for n, want := range map[int]string{0: "0", 312: "312", 1000: "1,000", 1234567: "1,234,567"} {
		if got := groupThousands(n); got != want {
			t.Errorf("groupThousands(%d) = %q, want %q", n, got, want)
		}
	}
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.Local)
	for _, tc := range []struct {
		t    time.Time
		want string
	}{
		{time.Time{}, ""},
		{time.Date(2026, 11, 26, 9, 5, 0, 0, time.Local), "09:05"},
		{time.Date(2026, 3, 2, 9, 5, 0, 0, time.Local), "2 Mar"},
		{time.Date(2024, 3, 2, 9, 5, 0, 0, time.Local), "2 Mar 2024"},
	} {
		if got := formatDate(tc.t, now); got != tc.want {
			t.Errorf("formatDate(%v) = %q, want %q", tc.t, got, tc.want)
		}
	}

}
