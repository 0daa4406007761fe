package mailhdr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CleanText makes a decoded header value fit for one line of UI text:
// valid UTF-8, control characters (CR and LF included) turned into
// spaces, runs of white space collapsed, ends trimmed.
func CleanText(s string) string {
	if cleanASCII(s) {
		return s // nearly every header value: nothing to do, nothing to copy
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var sb strings.Builder
	sb.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			space = sb.Len() > 0
			continue
		}
		if space {
			sb.WriteByte(' ')
			space = false
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// cleanASCII reports whether CleanText would return s unchanged because
// it is printable US-ASCII without white space at its ends or two spaces
// in a row (for these bytes, only ' ' is white space or a control).
func cleanASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// CleanAddress is CleanText for an addr-spec, which also loses every
// invisible format character (Unicode category Cf): the bidirectional
// controls, which can show "moc.lapyap@evil.example" reversed, and the
// zero-width characters, which can hide inside a look-alike. None of
// them can be part of an address a person types.
func CleanAddress(s string) string {
	if hasFormat(s) {
		s = strings.Map(func(r rune) rune {
			if IsInvisible(r) {
				return -1
			}
			return r
		}, s)
	}
	return CleanText(s)
}

func hasFormat(s string) bool {
	for _, r := range s {
		if IsInvisible(r) {
			return true
		}
	}
	return false
}

// IsBidiControl reports the characters that reorder text (UAX #9 section
// 2): the embeddings, overrides and isolates and the implicit marks. They
// can make "invoice\u202Efdp.exe" display as "invoiceexe.pdf".
func IsBidiControl(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true
	}
	return false
}

// IsInvisible reports a bidi control or any other format character
// (category Cf: zero-width spaces and joiners, soft hyphens, byte order
// marks, tag characters), which take no room on screen.
func IsInvisible(r rune) bool {
	return IsBidiControl(r) || unicode.Is(unicode.Cf, r)
}

// win1252 maps bytes 0x80-0x9F; the rest of the range is ISO-8859-1,
// that is, the byte value is the code point. Undefined bytes map to the
// C1 control of the same value, as in the WHATWG index.
var win1252 = [32]rune{
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
}

// Windows1252 decodes b as Windows-1252 (WHATWG), which is what browsers
// make of undeclared 8-bit text, and what raw 8-bit header bytes that are
// not UTF-8 nearly always are.
func Windows1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			sb.WriteRune(win1252[c-0x80])
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
