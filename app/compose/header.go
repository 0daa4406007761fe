package compose

import (
	"strings"
	"unicode/utf8"

	"github.com/poppymail/poppy/app/mailhdr"
)

// maxWord is the longest run without white space that a header value may
// keep unencoded: go-message folds header lines at white space near 76
// characters, and a longer word would be cut with an inserted space.
const maxWord = 60

// oneLine makes s a single line of text for a header field: control
// characters (line breaks included) become spaces, invalid UTF-8 is
// replaced, bidi and invisible characters are kept out as
// mailhdr.CleanText does.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(mailhdr.CleanText(s))
}

// encodeText encodes an unstructured field value (a Subject): as written
// when it is ASCII, else as RFC 2047 encoded words; also as encoded words
// when a word is too long to fold, since adjacent encoded words may be
// folded between and are joined again by readers (RFC 2047 section 6.2).
func encodeText(s string) string {
	s = oneLine(s)
	if needsWords(s) {
		return forceQ(s)
	}
	return s
}

// needsWords reports whether s must be written as encoded words: it has
// non-ASCII characters or a word too long to fold.
func needsWords(s string) bool {
	for _, w := range strings.Fields(s) {
		if len(w) > maxWord {
			return true
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}

// forceQ writes s as Q encoded words of at most 66 characters each, so
// that even the first fits a 76-character line after "Subject: " (RFC
// 2047 section 2 allows 75), never splitting a UTF-8 character.
func forceQ(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for s != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("=?utf-8?q?")
		n := 0
		for s != "" {
			_, size := utf8.DecodeRuneInString(s)
			enc := 0
			for i := 0; i < size; i++ {
				c := s[i]
				if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ' {
					enc++
				} else {
					enc += 3
				}
			}
			if n > 0 && n+enc > 66-len("=?utf-8?q??=") {
				break
			}
			for i := 0; i < size; i++ {
				c := s[i]
				switch {
				case c == ' ':
					b.WriteByte('_')
				case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
					b.WriteByte(c)
				default:
					b.WriteByte('=')
					b.WriteByte(hex[c>>4])
					b.WriteByte(hex[c&15])
				}
			}
			n += enc
			s = s[size:]
		}
		b.WriteString("?=")
	}
	return b.String()
}

// maxMsgID bounds a Message-ID carried into In-Reply-To and References;
// real ones are well under 100 characters, and a longer one could not be
// folded into a header line.
const maxMsgID = 250

// cleanMsgID returns id without angle brackets if it can be written as a
// msg-id (printable ASCII, no white space or brackets, an @), else "".
func cleanMsgID(id string) string {
	id = strings.TrimSpace(id)
	id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	if id == "" || len(id) > maxMsgID || !strings.Contains(id, "@") {
		return ""
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return ""
		}
	}
	return id
}

// maxReferences is how many Message-IDs References keeps: the first (the
// thread's root) and the most recent ones, as common clients do, so that
// a long thread's header stays small and threading still works.
const maxReferences = 20

// cleanMsgIDs keeps the valid, distinct ids, trimmed to maxReferences.
func cleanMsgIDs(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if id = cleanMsgID(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	if len(out) > maxReferences {
		out = append(out[:1], out[len(out)-maxReferences+1:]...)
	}
	return out
}
