package mailhdr

import (
	"net/mail"
	"testing"
	"time"
)

func TestParseDateFast(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // RFC 3339, or "" for "not this path"
	}{
		{"Mon, 2 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00"},
		{"2 Jan 2006 15:04:05 +0000", "2006-01-02T15:04:05Z"},
		{"Tue, 29 Feb 2028 23:59 +0530", "2028-02-29T23:59:00+05:30"},
		{"Sat,  1 Mar 2025 10:00:00 +0100", "2025-03-01T10:00:00+01:00"},
		{"Fri, 13 Jun 2025 08:00:00 -0000", "2025-06-13T08:00:00Z"},
		{"Thu, 29 Feb 2027 10:00:00 +0000", ""}, // no such day
		{"Mon, 2 Jan 2006 15:04:05 GMT", ""},    // obsolete zone: net/mail
		{"Mon, 2 Jan 06 15:04:05 +0000", ""},    // two-digit year: net/mail
		{"Mon, 2 Jan 2006 15:04:05 +0000 (UTC)", ""},
		{"Xyz, 2 Jan 2006 15:04:05 +0000", ""},
		{"Mon, 2 Foo 2006 15:04:05 +0000", ""},
		{"Mon, 2 Jan 2006 24:00:00 +0000", ""},
		{"", ""},
	} {
		got, ok := parseDateFast(tc.in)
		switch {
		case tc.want == "" && ok:
			t.Errorf("%q: parsed as %v, want it left to net/mail", tc.in, got)
		case tc.want != "" && (!ok || got.Format(time.RFC3339) != tc.want):
			t.Errorf("%q = %v, %v; want %s", tc.in, got.Format(time.RFC3339), ok, tc.want)
		}
	}
}

// Where the fast path answers, net/mail agrees.
func FuzzParseDateFast(f *testing.F) {
	for _, s := range []string{"Mon, 2 Jan 2006 15:04:05 -0700", "31 Dec 1999 23:59 +1400", "Sun, 30 Feb 2025 00:00:00 +0000", "1 Jan 0000 00:00:00 -9959"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDateFast(s)
		if !ok {
			return
		}
		want, err := mail.ParseDate(s)
		if err != nil {
			t.Fatalf("%q: fast path %v, net/mail refuses: %v", s, got, err)
		}
		_, gotOff := got.Zone()
		_, wantOff := want.Zone()
		if !got.Equal(want) || gotOff != wantOff {
			t.Fatalf("%q: fast path %v, net/mail %v", s, got, want)
		}
	})
}
