//go:build !(js && wasm)

package i18n

import (
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// The language matching and plural rules are written in this package
// (match.go, plural.go) to keep golang.org/x/text's tables out of the
// wasm; these tests hold them to x/text's, which the package used
// before, natively, where x/text costs nothing that is shipped.

// xtextNegotiate is Negotiate as it was, with x/text's matcher.
func xtextNegotiate(m language.Matcher, prefs []string) string {
	for _, p := range prefs {
		t, err := language.Parse(p)
		if err != nil {
			continue
		}
		_, i, conf := m.Match(t)
		if conf >= language.High {
			return locales[i].tag
		}
	}
	return Fallback
}

func xtextMatcher() language.Matcher {
	tags := make([]language.Tag, len(locales))
	for i, d := range locales {
		tags[i] = language.MustParse(d.tag)
	}
	return language.NewMatcher(tags)
}

// TestNegotiateMatchesXText tries every two- and three-letter language
// subtag, alone and with regions, scripts and a variant, and a few
// malformed tags.
func TestNegotiateMatchesXText(t *testing.T) {
	m := xtextMatcher()
	var langs []string
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			langs = append(langs, string([]rune{a, b}))
			for c := 'a'; c <= 'z'; c++ {
				langs = append(langs, string([]rune{a, b, c}))
			}
		}
	}
	suffixes := []string{"", "-US", "-EG", "-CH", "-PL", "-419", "-Latn", "-Arab", "-Cyrl",
		"-Latn-DE", "-DE-1996", "_AT", "-x-private", "-u-nu-arab", "-arb", "-Qaaa", "-Latf", "-XY"}
	bad := 0
	for _, l := range langs {
		for _, s := range suffixes {
			prefs := []string{l + s}
			if _, err := language.Parse(prefs[0]); err != nil {
				continue // a subtag no registry lists: see match.go
			}
			if l == "und" && s != "" {
				continue // und-EG: x/text guesses the language from the region (match.go)
			}
			want := xtextNegotiate(m, prefs)
			if got := Negotiate(prefs); got != want {
				if bad++; bad <= 40 {
					t.Errorf("Negotiate(%q) = %q, x/text's matcher gives %q", prefs, got, want)
				}
			}
		}
	}
	for _, p := range [][]string{
		{"", "pl"}, {"*", "de"}, {"en-", "ar"}, {"-ar"}, {"ar--EG", "pl"}, {"AR-eg"}, {"x-foo", "de"},
		{"en-Dsrt", "pl"}, {"de-Latf", "ar"}, {"ar-aao", "pl"}, {"ar-arb-EG"}, {"de-1996", "ar"}, {"en-GB-oed", "de"},
		{"zh-Hant-TW", "ar"}, {"sr-Latn", "pl"}, {"x-whatever", "ar"}, {"de-DE-u-co-phonebk"},
	} {
		if got, want := Negotiate(p), xtextNegotiate(m, p); got != want {
			t.Errorf("Negotiate(%q) = %q, x/text's matcher gives %q", p, got, want)
		}
	}
	if bad > 40 {
		t.Errorf("... %d differences in all", bad)
	}
}

// TestPluralMatchesXText compares every shipped language's rule with
// x/text's CLDR tables for every n below 100,000.
func TestPluralMatchesXText(t *testing.T) {
	names := map[plural.Form]string{plural.Other: "other", plural.Zero: "zero", plural.One: "one",
		plural.Two: "two", plural.Few: "few", plural.Many: "many"}
	for _, d := range locales {
		tag := language.MustParse(d.tag)
		for n := range 100000 {
			want := names[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)]
			if got := d.plural(n); got != want {
				t.Fatalf("%s: plural(%d) = %q, CLDR (x/text) says %q", d.tag, n, got, want)
			}
		}
	}
}
