package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxTermBytes caps a term: longer runs (base64 left in a body, hashes)
// are cut, so that junk cannot bloat the index; a prefix query still
// finds them by their first maxTermBytes bytes.
const maxTermBytes = 48

// Tokens returns the index terms of text, in order, with repeats: words
// (runs of letters, marks and digits), folded to lower case with accents
// removed; CJK runs as overlapping bigrams; and each e-mail address whole
// as well as by its words.
func Tokens(text string) []string {
	var out []string
	tokenize(text, false, true, func(t string) { out = append(out, t) })
	return out
}

// QueryTerms returns the terms of a query typed by a person. It differs
// from Tokens in two ways: a word with an @ is kept whole even when it is
// not yet a complete address (it is being typed), and a CJK run is cut
// into bigrams without repeating its last character.
func QueryTerms(q string) []string {
	var out []string
	tokenize(q, true, true, func(t string) { out = append(out, t) })
	return out
}

// tokenize calls emit for every term of text; addresses says whether to
// look for e-mail addresses.
func tokenize(text string, query, addresses bool, emit func(string)) {
	var (
		word strings.Builder
		cjk  []rune // the current CJK run
	)
	flushWord := func() {
		if word.Len() > 0 {
			emit(cut(word.String()))
			word.Reset()
		}
	}
	flushCJK := func() {
		emitCJK(cjk, query, emit)
		cjk = cjk[:0]
	}
	for i := 0; i < len(text); {
		if addresses {
			if addr, n := addressAt(text, i, query); n > 0 {
				flushWord()
				flushCJK()
				emit(cut(addr))
				// And its words, so that "anna" or "example" find it.
				tokenize(text[i:i+n], query, false, emit)
				i += n
				continue
			}
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		if r < utf8.RuneSelf {
			switch {
			case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
				flushCJK()
				word.WriteByte(byte(r))
			case 'A' <= r && r <= 'Z':
				flushCJK()
				word.WriteByte(byte(r) + 'a' - 'A')
			default:
				flushWord()
				flushCJK()
			}
			continue
		}
		foldRune(r, func(f rune) {
			switch {
			case isCJK(f):
				flushWord()
				cjk = append(cjk, f)
			case unicode.Is(unicode.Mn, f) || f == '\u0640' || f == '\u200d' || f == '\u200c':
				// Accents (NFKD's combining marks), the Arabic
				// tatweel and zero-width joiners: dropped, and the
				// word goes on.
			case isWordRune(f):
				flushCJK()
				word.WriteRune(f)
			default:
				flushWord()
				flushCJK()
			}
		})
	}
	flushWord()
	flushCJK()
}

// emitCJK turns a run of ideographs and kana into overlapping bigrams.
// For the index, the run's last character is also a term on its own, so
// that every character of the run starts some term and a one-character
// query finds it by prefix.
func emitCJK(run []rune, query bool, emit func(string)) {
	switch {
	case len(run) == 0:
	case len(run) == 1:
		emit(string(run))
	default:
		for i := 0; i+1 < len(run); i++ {
			emit(string(run[i : i+2]))
		}
		if !query {
			emit(string(run[len(run)-1:]))
		}
	}
}

// cut shortens t to at most maxTermBytes, on a rune boundary.
func cut(t string) string {
	if len(t) <= maxTermBytes {
		return t
	}
	n := maxTermBytes
	for n > 0 && !utf8.RuneStart(t[n]) {
		n--
	}
	return t[:n]
}

// isCJK reports whether r is written without spaces between words:
// Han ideographs, Hiragana and Katakana. Hangul is written with spaces
// and is a word script.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) ||
		r == '\u30fc' // the prolonged sound mark inside katakana words
}

// isWordRune reports whether r continues a word: a letter, a digit or a
// spacing mark (Mc: the vowel signs of Indic scripts).
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r)
}

// foldRune calls emit with the compatibility decomposition (NFKD) of r,
// each rune lowered by simple case folding. A few letters that NFKD does
// not decompose but that people type without their stroke (Polish ł,
// Danish ø, German ß) are spelt out in their base letters.
func foldRune(r rune, emit func(rune)) {
	if s, ok := spelt[r]; ok {
		for _, f := range s {
			emit(f)
		}
		return
	}
	p := norm.NFKD.PropertiesString(string(r))
	d := p.Decomposition()
	if d == nil {
		emit(lower(r))
		return
	}
	for len(d) > 0 {
		f, size := utf8.DecodeRune(d)
		d = d[size:]
		if s, ok := spelt[f]; ok {
			for _, g := range s {
				emit(g)
			}
			continue
		}
		emit(lower(f))
	}
}

// lower folds r: ToLower(ToUpper(r)) maps the variants of a letter to
// one (final sigma to sigma, dotless i to i, the Kelvin sign to k).
func lower(r rune) rune {
	return unicode.ToLower(unicode.ToUpper(r))
}

// spelt holds the letters with no decomposition that are searched for
// by their base letters.
var spelt = map[rune]string{
	'ß': "ss", 'ẞ': "ss",
	'ł': "l", 'Ł': "l",
	'ø': "o", 'Ø': "o",
	'đ': "d", 'Đ': "d",
	'ħ': "h", 'Ħ': "h",
	'æ': "ae", 'Æ': "ae",
	'œ': "oe", 'Œ': "oe",
	'þ': "th", 'Þ': "th",
	'ı': "i",
}
