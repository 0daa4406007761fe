package mailbox

import (
	"fmt"
	"io"
	"runtime"
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
		{"bare LF and no colon line", "From: x@example.org\nthis is garbage\nSubject: still here\n\n",
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
	dec := newWordDecoder(nil)
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
	dec := newWordDecoder(func(charset string, in io.Reader) (io.Reader, error) {
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
	dec := newWordDecoder(nil)
	f.Fuzz(func(t *testing.T, raw []byte) {
		s := parseSummary(raw, dec)
		for _, v := range []string{s.Subject, s.FromName, s.FromAddr} {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("field %q not clean", v)
			}
		}
	})
}

// TestParseHeaderFolded unfolds a field of many folded lines and counts
// the bytes allocated, which do not depend on the machine's load:
// appending each line to the value so far allocated the whole value per
// line (quadratic: about 40,000 times the header's size here); gathering
// the lines and joining them once allocates about 20 times its size
// (a string and a slice entry per line).
func TestParseHeaderFolded(t *testing.T) {
	const lines = 20_000
	raw := []byte("Subject: a" + strings.Repeat("\r\n b", lines) + "\r\nFrom: x@example.com\r\n \r\n\tc\r\n\r\nbody")
	var h header
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	h = parseHeader(raw)
	runtime.ReadMemStats(&after)
	if n := after.TotalAlloc - before.TotalAlloc; n > 100*uint64(len(raw)) {
		t.Errorf("unfolding %d lines (%d bytes) allocated %d bytes: more than linear", lines, len(raw), n)
	}
	if got := h.get("subject"); len(got) != 1+2*lines || !strings.HasPrefix(got, "a b b") {
		t.Errorf("subject unfolded to %d bytes %q…", len(got), got[:min(len(got), 20)])
	}
	if got := h.get("from"); got != "x@example.com  c" {
		t.Errorf("from = %q", got)
	}
}
