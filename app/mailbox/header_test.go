package mailbox

import (
	"cmp"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseSummary(t *testing.T) {
	date := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		name string
		raw  string
		want Summary
	}{
		{"plain", "From: Ann Example <ann@example.org>\r\nSubject: Hello\r\nDate: Mon, 6 May 2024 07:08:09 +0200\r\nContent-Type: text/plain\r\n\r\n",
			Summary{FromName: "Ann Example", FromAddr: "ann@example.org", Subject: "Hello", Date: date}},
		{"rfc2047 subject and name", "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\nSubject: =?utf-8?B?R3LDvMOfZQ==?= und =?ISO-8859-1?Q?K=E4se?=\r\n\r\n",
			Summary{FromName: "Jürgen", FromAddr: "j@example.de", Subject: "Grüße und Käse"}},
		{"folded subject", "Subject: a long\r\n  folded\r\n\tsubject\r\nFrom: x@example.org\r\n\r\n",
			Summary{FromAddr: "x@example.org", Subject: "a long folded subject"}},
		// A line that is not a field ends the header, in the list as in
		// the reader (mailhdr.Read).
		{"bare LF and no colon line", "From: x@example.org\nSubject: still here\nthis is garbage\nSubject: body\n\n",
			Summary{FromAddr: "x@example.org", Subject: "still here"}},
		{"unknown charset keeps bytes", "Subject: =?x-unknown?Q?caf=E9?=\r\n\r\n",
			Summary{Subject: "caf\uFFFD"}},
		{"controls removed", "Subject: a\x00b\x1b[31mc\r\n\r\n",
			Summary{Subject: "a b [31mc"}},
		{"unquoted comma in name", "From: Doe, John <john@example.org>\r\n\r\n",
			Summary{FromName: "Doe, John", FromAddr: "john@example.org"}},
		{"address only", "From: john@example.org\r\n\r\n",
			Summary{FromAddr: "john@example.org"}},
		{"date comment", "Date: Mon, 6 May 2024 07:08:09 +0200 (CEST)\r\n\r\n", Summary{Date: date}},
		{"date from received", "Received: from a by b; Mon, 6 May 2024 07:08:09 +0200\r\nDate: not a date\r\n\r\n", Summary{Date: date}},
		{"multipart mixed", "Content-Type: multipart/mixed; boundary=x\r\n\r\n", Summary{HasAttachment: true}},
		{"multipart alternative", "Content-Type: multipart/alternative; boundary=x\r\n\r\n", Summary{}},
		{"bare pdf", "Content-Type: application/pdf\r\n\r\n", Summary{HasAttachment: true}},
		{"broken content type", "Content-Type: Multipart/Mixed; boundary=\"unterminated\r\n\r\n", Summary{HasAttachment: true}},
		{"disposition", "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\n", Summary{HasAttachment: true}},
		{"body not read", "Subject: head\r\n\r\nSubject: body\r\n", Summary{Subject: "head"}},
		{"empty", "", Summary{}},
	}
	dec := newDecoder(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseSummary([]byte(tt.raw), dec)
			if !got.Date.Equal(tt.want.Date) {
				t.Errorf("Date %v, want %v", got.Date, tt.want.Date)
			}
			got.Date, tt.want.Date = time.Time{}, time.Time{}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A CharsetReader from the caller (in the browser, TextDecoder) is used
// for the charsets the standard library lacks.
func TestCharsetReader(t *testing.T) {
	dec := newDecoder(func(charset string, in io.Reader) (io.Reader, error) {
		if charset != "windows-1252" {
			return nil, fmt.Errorf("unknown %s", charset)
		}
		b, _ := io.ReadAll(in)
		return strings.NewReader(strings.ReplaceAll(string(b), "\x80", "€")), nil
	})
	got := parseSummary([]byte("Subject: =?windows-1252?Q?5=80?=\r\n\r\n"), dec)
	if got.Subject != "5€" {
		t.Errorf("Subject %q", got.Subject)
	}
}

func TestNewestFirst(t *testing.T) {
	d := func(h int) time.Time { return time.Date(2024, 1, 1, h, 0, 0, 0, time.UTC) }
	rows := []Summary{{UID: "a", Number: 1, Date: d(1)}, {UID: "nodate", Number: 9}, {UID: "b", Number: 2, Date: d(3)}, {UID: "c", Number: 3, Date: d(3)}, {UID: "d", Number: 4, Date: d(2)}}
	sortNewestFirst(rows)
	if got := fmt.Sprint(rowUIDs(rows)); got != "[c b d a nodate]" {
		t.Errorf("order %s", got)
	}
}

func FuzzParseSummary(f *testing.F) {
	f.Add([]byte("From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\nSubject: =?utf-8?B?R3LDvMOfZQ==?=\r\n\r\n"))
	f.Add([]byte("Subject: \xff\xfe\r\n folded\r\nContent-Type: multipart/mixed; boundary=\"\r\n\r\n"))
	dec := newDecoder(nil)
	f.Fuzz(func(t *testing.T, raw []byte) {
		s := parseSummary(raw, dec)
		for _, v := range []string{s.Subject, s.FromName, s.FromAddr} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("field %q not clean", v)
			}
		}
	})
}

// sortNewestFirst sorts by keys that must order rows exactly as
// newestFirst does: dates a nanosecond apart, equal dates, rows without a
// date, and the message number and the UID as the tie-breaks.
func TestSortNewestFirstAgrees(t *testing.T) {
	f := func(seed uint64) {
		r := rand.New(rand.NewPCG(seed, seed))
		base := time.Date(2025, 2, 1, 7, 30, 0, 0, time.UTC)
		rows := make([]Summary, r.IntN(300))
		for i := range rows {
			rows[i] = Summary{UID: fmt.Sprintf("u%d", r.IntN(1000)*1000+i), Number: r.IntN(20)}
			switch r.IntN(4) {
			case 0: // no date
			case 1:
				rows[i].Date = base.Add(time.Duration(r.IntN(3))) // nanoseconds apart
			case 2:
				rows[i].Date = base.Add(time.Duration(r.IntN(5)) * time.Hour).In(time.FixedZone("", 3600*r.IntN(3)))
			default:
				rows[i].Date = time.Date(1+r.IntN(3000), 1, 1, 0, 0, r.IntN(3), 0, time.UTC)
			}
		}
		want := slices.Clone(rows)
		slices.SortFunc(want, func(a, b Summary) int { return newestFirst(&a, &b) })
		sortNewestFirst(rows)
		if got, w := rowUIDs(rows), rowUIDs(want); !slices.Equal(got, w) {
			t.Fatalf("seed %d: order\n%v\nwant\n%v", seed, got, w)
		}
	}
	for seed := range uint64(200) {
		f(seed)
	}
}

// newestFirst is the inbox's order as plainly written, which
// sortNewestFirst's keys must give: by Date, newest first, then by message
// number, highest first (the later delivery), then by UID; rows without a
// date go last.
func newestFirst(a, b *Summary) int {
	if c := compareDate(a.Date, b.Date); c != 0 {
		return -c
	}
	if c := cmp.Compare(a.Number, b.Number); c != 0 {
		return -c
	}
	return cmp.Compare(a.UID, b.UID)
}

func compareDate(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return -1
	case b.IsZero():
		return 1
	}
	return a.Compare(b)
}
