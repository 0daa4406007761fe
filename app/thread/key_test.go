package thread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestKey(t *testing.T) {
	a, b, c := hash("a@x"), hash("b@x"), hash("c@x")
	tests := []struct {
		name                string
		id, inReplyTo, refs string
		want                string
	}{
		{"nothing", "", "", "", ""},
		{"own only", "<a@x>", "", "", a},
		{"reply by In-Reply-To", "<b@x>", "<a@x>", "", b + " " + a},
		{"reply by References", "<c@x>", "", "<a@x> <b@x>", c + " " + a + " " + b},
		{"In-Reply-To names the parent", "<c@x>", "<b@x>", "<a@x>", c + " " + a + " " + b},
		{"root and parent once", "<b@x>", "<a@x>", "<a@x>", b + " " + a},
		{"no own ID", "", "<a@x>", "", "- " + a},
		{"folded References", "<c@x>", "", "<a@x>\r\n <b@x>", c + " " + a + " " + b},
		{"white space inside an ID", "< a@x >", "", "", a},
		{"comments and display text", "<a@x> (a comment)", "Your message of Monday <b@x>", "", a + " " + b},
		{"no brackets", "a@x", "", "", a},
		{"no brackets, not an ID", "hello", "", "", ""},
		{"unclosed bracket", "<oops <a@x>", "", "", a},
		{"empty brackets", "<>", "<>", "<> <>", ""},
		{"self reference", "<a@x>", "<a@x>", "<a@x>", a},
		{"first of several Message-IDs", "<a@x> <b@x>", "", "", a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key(tt.id, tt.inReplyTo, tt.refs); got != tt.want {
				t.Errorf("Key(%q, %q, %q) = %q, want %q", tt.id, tt.inReplyTo, tt.refs, got, tt.want)
			}
		})
	}
}

// FuzzKey: any header values give a well-formed key: at most three
// fields, the first a hash or "-", the others hashes, none twice, and
// nothing but base-36 digits, "-" and spaces; "" only when no ID parsed.
func FuzzKey(f *testing.F) {
	f.Add("<a@x>", "<b@x>", "<r@x> <b@x>")
	f.Add("", "", "")
	f.Add("<<>>", "<a@x", "a@x> <b")
	f.Add("a@x b@y", "(c) <\xff@x>", "<a@x>\r\n\t<b@x>")
	f.Fuzz(func(t *testing.T, id, irt, refs string) {
		k := Key(id, irt, refs)
		if k == "" {
			return
		}
		fs := strings.Split(k, " ")
		if len(fs) > 3 {
			t.Fatalf("key %q has %d fields", k, len(fs))
		}
		seen := map[string]bool{}
		for i, f := range fs {
			if f == "" || (f == "-" && i > 0) || seen[f] {
				t.Fatalf("key %q: bad field %d %q", k, i, f)
			}
			seen[f] = true
			if f == "-" {
				continue
			}
			for _, r := range f {
				if !('0' <= r && r <= '9' || 'a' <= r && r <= 'z') {
					t.Fatalf("key %q: %q is not base 36", k, f)
				}
			}
		}
		if fs[0] == "-" && len(fs) == 1 {
			t.Fatalf("key %q names nothing", k)
		}
		if !utf8.ValidString(k) {
			t.Fatalf("key %q is not UTF-8", k)
		}
	})
}
