package i18n

import "strings"

// Choosing a language: RFC 4647's lookup (section 3.4) over the shipped
// tags. Each preference, most preferred first, is tried as written and
// then with its last subtag removed, until one names a shipped
// language: "de-CH-1996" tries de-ch-1996, de-ch, de. Poppy ships one
// tag per language with no region or script, so lookup finds what
// golang.org/x/text/language's matcher found with High confidence, at
// a fraction of its size (its tables of every language, region and
// script). TestNegotiateMatchesXText compares the two natively over
// every two- and three-letter language subtag, with and without
// regions and scripts, so they cannot drift apart.
//
// Where lookup and x/text's matcher differ, the difference is kept
// here: x/text also serves some other languages' speakers with a
// shipped language, from CLDR's language matching data (aliases), and
// refuses a tag whose script is not the language's usual one (de-Cyrl,
// de-Latf: scriptOf). It refuses tags with well-formed subtags that no
// registry lists (de-QQ), which lookup serves like any other region:
// a browser sends what it has, and German is the right answer for it.
// And it guesses the language of "und" (undetermined) from a region or
// script (und-PL is Polish) with CLDR's likely subtags, a table of
// every region and script: a browser never sends und, so lookup serves
// it with English.

// aliases are the language subtags, other than the shipped ones, that
// x/text's matcher serves with a shipped language with High
// confidence: ISO 639-2/3 codes of the same language (deu, pol, ara,
// arb), and those CLDR's languageMatching pairs closely with one (gsw,
// lb and rm with German, ckb with Arabic).
var aliases = map[string]string{
	"eng": "en",
	"ara": "ar", "arb": "ar", "ckb": "ar",
	"deu": "de", "ger": "de", "gsw": "de", "lb": "de", "ltz": "de", "rm": "de", "roh": "de",
	"pol": "pl",
}

// scriptOf is the script each shipped language is written in; a
// preference naming another script is not served by it.
var scriptOf = map[string]string{"en": "latn", "de": "latn", "pl": "latn", "ar": "arab"}

// lookup is the shipped language that serves pref, a BCP 47 tag (RFC
// 5646 section 2.1: language, extlang, script, region, variants, then
// extensions and private use, which do not matter here), or "".
func lookup(pref string) string {
	subs := strings.Split(strings.ToLower(strings.ReplaceAll(pref, "_", "-")), "-")
	if !isAlpha(subs[0]) || len(subs[0]) < 2 || len(subs[0]) > 3 {
		return "" // empty, private use (x-), grandfathered (i-), or not a tag
	}
	lang, rest := subs[0], subs[1:]
	if len(rest) > 0 && len(rest[0]) == 3 && isAlpha(rest[0]) {
		lang, rest = rest[0], rest[1:] // an extlang is the language (ar-arb is arb)
	}
	if a, ok := aliases[lang]; ok {
		lang = a
	}
	script, ok := scriptOf[lang]
	if !ok {
		return ""
	}
	for i, s := range rest {
		switch {
		case len(s) == 1 && isAlnum(s):
			// An extension or private use: the rest does not choose the
			// language, but must be well-formed.
			for _, e := range rest[i+1:] {
				if len(e) == 0 || len(e) > 8 || !isAlnum(e) {
					return ""
				}
			}
			return lang
		case len(s) == 4 && isAlpha(s):
			if s != script {
				return "" // another script
			}
		case len(s) == 0 || len(s) > 8 || !isAlnum(s):
			return "" // not well-formed: skipped, as x/text's Parse does
		}
	}
	return lang
}
func isAlpha(s string) bool {
	for i := range len(s) {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

func isAlnum(s string) bool {
	for i := range len(s) {
		if (s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}
