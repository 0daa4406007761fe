package search

import "strings"

// addressAt looks for an e-mail address (RFC 5322 addr-spec, dot-atom
// form only) starting at text[i], and returns it folded to lower case and
// its length in bytes, or n == 0. An address starts at a word boundary.
// In a query (partial) an address being typed counts from its @ on:
// "anna@exa" is kept whole, to be matched as a prefix.
func addressAt(text string, i int, partial bool) (addr string, n int) {
	if i > 0 && isAtomByte(text[i-1]) {
		return "", 0
	}
	j := i
	for j < len(text) && isAtomByte(text[j]) {
		j++
	}
	if j == i || j >= len(text) || text[j] != '@' {
		return "", 0
	}
	at := j
	j++
	dots := 0
	for j < len(text) && (isDomainByte(text[j]) || text[j] == '.') {
		if text[j] == '.' {
			dots++
		}
		j++
	}
	// A sentence's full stop after an address is not part of it.
	for j > at+1 && text[j-1] == '.' {
		j--
		dots--
	}
	if !partial && (j == at+1 || dots == 0) {
		return "", 0
	}
	return strings.ToLower(text[i:j]), j - i
}

// isAtomByte reports whether c may appear in the local part of an
// address (ASCII atext and the dot).
func isAtomByte(c byte) bool {
	return isDomainByte(c) || strings.IndexByte(".!#$%&'*+/=?^_`{|}~", c) >= 0
}

// isDomainByte reports whether c may appear in a domain label.
func isDomainByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-'
}
