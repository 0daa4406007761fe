package mailhdr

import "strings"

// parseMailboxFast reads the forms nearly every From field has, as
// net/mail.AddressParser.ParseList would, without its cost: the parser
// tries each word as an RFC 2047 encoded word (a copy of the decoder and
// a closure per word) and builds its strings rune by rune, which made
// the sender half of an inbox row's parsing. It answers for one mailbox
// of printable US-ASCII, with no comment, encoded word or escape:
//
//	alice@example.org
//	<alice@example.org>
//	Alice Liddell <alice@example.org>
//	"Liddell, Alice" <alice@example.org>
//
// and otherwise returns ok false, for net/mail. name and addr are
// substrings of v. Where it answers, net/mail returns the same single
// mailbox (FuzzParseMailboxFast).
func parseMailboxFast(v string) (name, addr string, ok bool) {
	v = strings.Trim(v, " ")
	if v == "" || strings.Contains(v, "=?") {
		return "", "", false
	}
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' || c > '~' {
			return "", "", false
		}
	}
	if v[len(v)-1] != '>' {
		if !isAddrSpec(v) {
			return "", "", false
		}
		return "", v, true
	}
	lt := strings.LastIndexByte(v, '<')
	if lt < 0 || !isAddrSpec(v[lt+1:len(v)-1]) {
		return "", "", false
	}
	addr = v[lt+1 : len(v)-1]
	phrase := strings.TrimSuffix(v[:lt], " ")
	if name, ok = phraseFast(phrase); !ok {
		return "", "", false
	}
	return name, addr, true
}

// phraseFast reads a display name that is empty, one quoted string
// without escapes, or atoms (dots allowed, as net/mail allows them)
// separated by single spaces, which net/mail would join the same way.
func phraseFast(p string) (string, bool) {
	if p == "" {
		return "", true
	}
	if p[0] == '"' {
		if len(p) < 2 || p[len(p)-1] != '"' || strings.ContainsAny(p[1:len(p)-1], `"\`) {
			return "", false
		}
		return p[1 : len(p)-1], true
	}
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == ' ':
			if i == len(p)-1 || p[i+1] == ' ' {
				return "", false
			}
		case c != '.' && !isAtextASCII(c):
			return "", false
		}
	}
	return p, true
}

// isAddrSpec reports whether s is local@domain, each a dot-atom: atext
// runs joined by single dots, as net/mail requires outside a display
// name.
func isAddrSpec(s string) bool {
	at := strings.IndexByte(s, '@')
	return at >= 0 && isDotAtom(s[:at]) && isDotAtom(s[at+1:])
}

func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '.':
			if s[i+1] == '.' {
				return false
			}
		case !isAtextASCII(c):
			return false
		}
	}
	return true
}

// isAtextASCII is RFC 5322's atext for printable US-ASCII: anything
// but the specials and the space.
func isAtextASCII(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', ':', ';', '@', '\\', ',', '.', '"':
		return false
	}
	return ' ' < c && c <= '~'
}
