package mbox

import (
	"io"
	"strings"
	"testing"
)

// Stats tells what an import report says of each message: mixed line
// endings, mboxrd quoting undone, and unquoted "From " body lines.
func TestStats(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want []Stats
	}{
		{"LF only", "From a@b Thu Jan  1 00:00:00 1970\nS: x\n\nbody\n", []Stats{{LF: 2}}},
		{"CRLF only", "From a@b Thu Jan  1 00:00:00 1970\r\nS: x\r\n\r\nbody\r\n", []Stats{{CRLF: 2}}},
		{"mixed", "From a@b Thu Jan  1 00:00:00 1970\nS: x\r\n\nbody\n", []Stats{{CRLF: 1, LF: 1}}},
		{"quoted and unquoted From lines", "From a@b Thu Jan  1 00:00:00 1970\nS: x\n\n>From here\nFrom there on\n>>From deep\n\n" +
			"From c@d Thu Jan  1 00:00:01 1970\nS: y\n\nplain\n",
			[]Stats{{LF: 4, Unquoted: 2, FromLines: 1}, {LF: 2}}},
	} {
		r := NewReader(strings.NewReader(tt.in), nil)
		var got []Stats
		for {
			m, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadAll(m); err != nil {
				t.Fatal(err)
			}
			got = append(got, m.Stats())
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %d messages, want %d", tt.name, len(got), len(tt.want))
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: message %d: Stats = %+v, want %+v", tt.name, i+1, got[i], tt.want[i])
			}
		}
	}
}
