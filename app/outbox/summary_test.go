package outbox

import (
	"slices"
	"strings"
	"testing"
)

func TestSummary(t *testing.T) {
	tests := []struct {
		name, msg, subject string
		to                 []string
	}{
		{"plain", "Subject: Hi\r\nTo: a@example.org\r\n\r\nbody", "Hi", []string{"a@example.org"}},
		{"encoded words", "Subject: =?UTF-8?B?w5xiZXI=?= it\r\nTo: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>\r\nCc: b@example.org, \"C, D\" <cd@example.org>\r\n\r\n",
			"Über it", []string{"André <andre@example.org>", "b@example.org", "C, D <cd@example.org>"}},
		{"LF only", "Subject: lf\nTo: a@example.org\n\nbody\n", "lf", []string{"a@example.org"}},
		{"no body", "Subject: only a header\r\n", "only a header", nil},
		{"bad address kept out", "Subject: s\r\nTo: not an address\r\n\r\n", "s", nil},
		{"not a header", "\x00\x01garbage", "", nil},
		{"encoded line break", "Subject: =?UTF-8?Q?a=0D=0Ab?=\r\nTo: =?UTF-8?Q?X=0AY?= <x@example.org>\r\n\r\n", "a  b", []string{"X Y <x@example.org>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subject, to, addrs := summary([]byte(tt.msg))
			if subject != tt.subject || !slices.Equal(to, tt.to) || len(addrs) != len(tt.to) {
				t.Errorf("summary = %q %q (%d addresses), want %q %q", subject, to, len(addrs), tt.subject, tt.to)
			}
		})
	}
}

// FuzzSummary: whatever the bytes, summary returns (it runs on what the
// person queues), and what it returns for a list has no line break.
func FuzzSummary(f *testing.F) {
	f.Add([]byte("Subject: =?UTF-8?Q?a?=\r\nTo: A <a@b.c>\r\n\r\nx"))
	f.Add([]byte("Subject: a\r\n b\r\n\r\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		subject, to, addrs := summary(msg)
		for _, s := range append([]string{subject}, to...) {
			if strings.ContainsAny(s, "\r\n") {
				t.Errorf("%q holds a line break", s)
			}
		}
		if len(to) != len(addrs) {
			t.Errorf("%d shown, %d parsed", len(to), len(addrs))
		}
	})
}
