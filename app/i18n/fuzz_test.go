package i18n

import (
	"strings"
	"testing"
)

// FuzzParseCatalog: any input either fails with ErrCatalog or gives a
// catalog whose every message formats without panicking, and a plural
// message always has its "other" form.
func FuzzParseCatalog(f *testing.F) {
	f.Add([]byte(`{"a": "b {0}", "{0} x": {"one": "1", "other": "{0} n {1}"}}`))
	f.Add([]byte(`{"a": {"few": "x"}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCatalog(data)
		if err != nil {
			return
		}
		for k, m := range c {
			if m.Plural != nil {
				if _, ok := m.Plural["other"]; !ok {
					t.Fatalf("%q: plural without other", k)
				}
				continue
			}
			format(m.Text, []string{"a", "b"})
		}
	})
}

// FuzzFormat: text without braces comes back unchanged, and with any
// arguments nothing is lost that is not a placeholder.
func FuzzFormat(f *testing.F) {
	f.Add("{0} of {1}", "x", "y")
	f.Add("{{0}} {", "", "z")
	f.Fuzz(func(t *testing.T, msg, a, b string) {
		got := format(msg, []string{a, b})
		if !strings.Contains(msg, "{") && got != msg {
			t.Fatalf("format(%q) = %q", msg, got)
		}
	})
}

// FuzzNegotiate: any preference gives a shipped language, the same
// whatever the letters' case, and a language subtag that lookup serves
// it serves again with a region added.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"ar-EG", "de-CH-1996", "pl", "x-foo", "und-PL", "en-Latn-US-u-nu-arab", "ar-arb", "", "-", "de--CH"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pref string) {
		got := Negotiate([]string{pref})
		if _, ok := locale(got); !ok {
			t.Fatalf("Negotiate(%q) = %q, not a shipped language", pref, got)
		}
		if up := Negotiate([]string{strings.ToUpper(pref)}); up != got {
			t.Fatalf("Negotiate(%q) = %q, but in capitals %q", pref, got, up)
		}
		if l := lookup(pref); l != "" && !strings.ContainsAny(pref, "-_") {
			if r := lookup(pref + "-US"); r != l {
				t.Fatalf("lookup(%q) = %q, but with a region %q", pref, l, r)
			}
		}
	})
}
