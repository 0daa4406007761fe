package mailhdr

import "testing"

// CleanText's fast path (a value it returns as it is) agrees with the
// general one on the inputs at its edges.
func TestCleanText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Lunch on Friday?", "Lunch on Friday?"},
		{"a", "a"},
		{" a", "a"},
		{"a ", "a"},
		{"a  b", "a b"},
		{"a\tb", "a b"},
		{"a\r\n b", "a b"},
		{"a\x7fb", "a b"},
		{"~!", "~!"},
		{"café  au lait", "café au lait"},
		{"a\u00a0b", "a b"}, // no-break space is white space
		{"\xff", "\uFFFD"},
	} {
		if got := CleanText(c.in); got != c.want {
			t.Errorf("CleanText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
