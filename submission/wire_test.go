package submission

import (
	"bufio"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestReadReply(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want reply
		bad  bool
	}{
		{in: "250 OK\r\n", want: reply{code: 250, lines: []string{"OK"}}},
		{in: "250\r\n", want: reply{code: 250, lines: []string{""}}},
		{in: "250 OK\n", want: reply{code: 250, lines: []string{"OK"}}},
		{in: "550 5.1.1 User unknown\r\n", want: reply{code: 550, enhanced: [3]int{5, 1, 1}, lines: []string{"User unknown"}}},
		{in: "452-4.5.3 Too many\r\n452 4.5.3 recipients\r\n", want: reply{code: 452, enhanced: [3]int{4, 5, 3}, lines: []string{"Too many", "recipients"}}},
		{in: "250-mx.example\r\n250-PIPELINING\r\n250 SIZE 100\r\n", want: reply{code: 250, lines: []string{"mx.example", "PIPELINING", "SIZE 100"}}},
		// A code whose class disagrees with the reply stays text.
		{in: "550 2.1.1 odd\r\n", want: reply{code: 550, lines: []string{"2.1.1 odd"}}},
		{in: "550 5.1234.1 odd\r\n", want: reply{code: 550, lines: []string{"5.1234.1 odd"}}},
		{in: "250 1.2\r\n", want: reply{code: 250, lines: []string{"1.2"}}},
		{in: "25\r\n", bad: true},
		{in: "2x0 OK\r\n", bad: true},
		{in: "150 OK\r\n", bad: true},
		{in: "250_OK\r\n", bad: true},
		{in: "250-a\r\n251 b\r\n", bad: true},
		{in: "250 " + strings.Repeat("x", 3000) + "\r\n", bad: true},
		{in: strings.Repeat("250-x\r\n", maxReplyLines+1), bad: true},
	} {
		got, err := readReply(bufio.NewReader(strings.NewReader(tc.in)), defaultMaxLine)
		if tc.bad {
			var pe *ProtocolError
			if !errors.As(err, &pe) {
				t.Errorf("readReply(%.40q) = %v, %v; want a *ProtocolError", tc.in, got, err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("readReply(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestParseEHLO(t *testing.T) {
	got := parseEHLO([]string{"mx.example greets you", "PIPELINING", "size 35882577", "8BITMIME", "SMTPUTF8",
		"AUTH PLAIN login", "AUTH=LOGIN", "ENHANCEDSTATUSCODES", "STARTTLS", "CHUNKING", "X-UNKNOWN 1"})
	want := Extensions{Size: 35882577, SizeOffered: true, EightBitMIME: true, SMTPUTF8: true, Pipelining: true,
		StartTLS: true, EnhancedStatusCodes: true, Auth: []string{"PLAIN", "LOGIN"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parseEHLO = %+v\nwant %+v", got, want)
	}
	if x := parseEHLO([]string{"mx", "SIZE"}); !x.SizeOffered || x.Size != 0 {
		t.Errorf("SIZE without a limit: %+v", x)
	}
	if !want.HasAuth("login") || want.HasAuth("CRAM-MD5") {
		t.Error("HasAuth")
	}
}

// The content on the wire: dots doubled at line starts, bare LFs made
// CRLF, the last line ended; however the message is cut into writes.
func TestDotWriter(t *testing.T) {
	for _, tc := range []struct {
		in   []string // successive writes
		want string
	}{
		{[]string{"a\r\nb\r\n"}, "a\r\nb\r\n"},
		{[]string{".\r\n"}, "..\r\n"},
		{[]string{"a\r\n.b\r\n..c\r\n"}, "a\r\n..b\r\n...c\r\n"},
		{[]string{"a\nb\n"}, "a\r\nb\r\n"},
		{[]string{"a\r", "\nb"}, "a\r\nb\r\n"},
		{[]string{"a\r\n", ".", "b"}, "a\r\n..b\r\n"},
		{[]string{"no end"}, "no end\r\n"},
		{[]string{"cr at end\r"}, "cr at end\r\n"},
		{[]string{"x.y\r\n"}, "x.y\r\n"},
		{[]string{""}, ""},
	} {
		var b strings.Builder
		bw := bufio.NewWriter(&b)
		d := newDotWriter(bw)
		for _, w := range tc.in {
			if n, err := d.Write([]byte(w)); n != len(w) || err != nil {
				t.Fatalf("Write(%q) = %d, %v", w, n, err)
			}
		}
		d.finish()
		bw.Flush()
		if b.String() != tc.want {
			t.Errorf("%q → %q, want %q", tc.in, b.String(), tc.want)
		}
	}
}
