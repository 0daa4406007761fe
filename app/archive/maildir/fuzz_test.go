package maildir

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParseName checks that any name either fails with ErrBadName or
// parses into parts that hold their promises and print back to a name
// that parses the same.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{
		"1700000000.M1P2Q3.host,S=12,W=13:2,FS",
		"1.2.h:1,x",
		".hidden",
		"1.2.h,S=99999999999999999999",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseName(s)
		if err != nil {
			if !errors.Is(err, ErrBadName) {
				t.Fatalf("ParseName(%q): untyped error %v", s, err)
			}
			return
		}
		if n.Key == "" || strings.ContainsAny(n.Key, ":/\x00") || n.Key[0] == '.' {
			t.Fatalf("ParseName(%q): bad key %q", s, n.Key)
		}
		if n.Size < -1 || n.VSize < -1 {
			t.Fatalf("ParseName(%q): size %d, %d", s, n.Size, n.VSize)
		}
		for i := 0; i < len(n.Flags); i++ {
			c := n.Flags[i]
			if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') || (i > 0 && n.Flags[i-1] >= c) {
				t.Fatalf("ParseName(%q): flags %q not sorted unique letters", s, n.Flags)
			}
		}
		again, err := ParseName(n.String())
		if err != nil {
			t.Fatalf("ParseName(%q).String() = %q does not parse: %v", s, n.String(), err)
		}
		if again.Key != n.Key || again.Flags != n.Flags || again.Size != n.Size || again.VSize != n.VSize {
			t.Fatalf("round trip of %q: %+v, then %+v", s, n, again)
		}
	})
}
