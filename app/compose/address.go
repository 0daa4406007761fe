package compose

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/poppymail/poppy/app/mailhdr"
)

// Address is a mailbox: a display name (may be empty) and an addr-spec.
// It is net/mail's type, which go-message's mail package uses too.
type Address = mail.Address

// Limits on one addr-spec (RFC 5321 section 4.5.3.1).
const (
	maxLocalPart = 64
	maxDomain    = 255
	maxAddress   = 254
)

// ParseAddressList reads what a person typed into a To, Cc or Bcc field:
// entries separated by commas, semicolons or line breaks (outside quotes,
// angle brackets and comments), each one of
//
//	ann@example.org
//	Ann Smith <ann@example.org>
//	"Smith, Ann" <ann@example.org>
//	Ann Smith ann@example.org        (no brackets: the last word is the address)
//	=?utf-8?q?Ren=C3=A9e?= <renee@example.org>
//
// Empty entries (a trailing comma, ",,") are skipped, and an address that
// appears twice (compared without regard to case) is kept once. Domains
// are kept as typed, so an internationalised domain stays in Unicode, and
// a non-ASCII local part is allowed (RFC 6531/6532); such addresses need
// SMTPUTF8 to be sent (see [NeedsSMTPUTF8]). An entry that is not an
// address fails the whole list with an *AddressError naming the entry,
// so that the person can correct it.
func ParseAddressList(s string) ([]Address, error) {
	var list []Address
	seen := map[string]bool{}
	for _, entry := range splitEntries(s) {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		a, err := parseEntry(entry)
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(a.Address)
		if seen[key] {
			continue
		}
		seen[key] = true
		list = append(list, a)
	}
	return list, nil
}

// splitEntries cuts s at commas, semicolons and line breaks that are
// outside a quoted string, angle brackets and comments.
func splitEntries(s string) []string {
	var out []string
	var quoted, escaped bool
	angle, comment, start := 0, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case escaped:
			escaped = false
		case c == '\\' && (quoted || comment > 0):
			escaped = true
		case quoted:
			quoted = c != '"'
		case c == '"' && comment == 0:
			quoted = true
		case c == '(':
			comment++
		case c == ')' && comment > 0:
			comment--
		case comment > 0:
		case c == '<':
			angle++
		case c == '>' && angle > 0:
			angle--
		case angle > 0:
		case c == ',' || c == ';' || c == '\n' || c == '\r':
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// parseEntry reads one mailbox as typed.
func parseEntry(entry string) (Address, error) {
	if !utf8.ValidString(entry) {
		return Address{}, &AddressError{Entry: entry, Reason: "it contains bytes that are not text"}
	}
	if !strings.Contains(entry, "@") {
		return Address{}, &AddressError{Entry: entry, Reason: "it has no @; an address looks like name@example.org"}
	}
	a, err := mail.ParseAddress(entry)
	if err != nil {
		// "Ann Smith ann@example.org": a name followed by a bare address.
		i := strings.LastIndexAny(entry, " \t")
		if i < 0 || strings.ContainsAny(entry, "<>") || !strings.Contains(entry[i+1:], "@") {
			return Address{}, &AddressError{Entry: entry, Reason: reasonFor(entry, err)}
		}
		b, err2 := mail.ParseAddress("<" + strings.TrimSpace(entry[i+1:]) + ">")
		if err2 != nil {
			return Address{}, &AddressError{Entry: entry, Reason: reasonFor(entry[i+1:], err2)}
		}
		b.Name = strings.Trim(strings.TrimSpace(entry[:i]), `"`)
		a = b
	}
	if reason := checkAddrSpec(a.Address); reason != "" {
		return Address{}, &AddressError{Entry: entry, Reason: reason}
	}
	return Address{Name: mailhdr.CleanText(a.Name), Address: a.Address}, nil
}

// reasonFor words what net/mail found wrong, for a person.
func reasonFor(entry string, err error) string {
	switch {
	case strings.Count(entry, "@") > 1 && !strings.Contains(entry, `"`):
		return "it has more than one @; separate addresses with commas"
	case strings.HasSuffix(strings.TrimRight(entry, "> "), "@"):
		return "the domain is missing after @"
	case strings.HasPrefix(strings.TrimLeft(entry, "< "), "@"):
		return "the name before @ is missing"
	}
	return "it is not written the way an address is (" + strings.TrimPrefix(err.Error(), "mail: ") + ")"
}

// checkAddrSpec returns why addr cannot be used to send, or "".
func checkAddrSpec(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 {
		return "the name before @ is missing"
	}
	local, domain := addr[:at], addr[at+1:]
	switch {
	case domain == "":
		return "the domain is missing after @"
	case len(local) > maxLocalPart:
		return "the part before @ is longer than 64 characters"
	case len(domain) > maxDomain || len(addr) > maxAddress:
		return "it is longer than an address may be"
	}
	if strings.HasPrefix(domain, "[") {
		if !strings.HasSuffix(domain, "]") || strings.ContainsAny(domain[1:len(domain)-1], "[]\\ ") {
			return "the domain in brackets is not closed"
		}
		return ""
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" {
			return "the domain " + domain + " has an empty part between dots"
		}
		if len(label) > 63 {
			return "a part of the domain is longer than 63 characters"
		}
		if label[0] == '-' || label[len(label)-1] == '-' {
			return "a part of the domain starts or ends with -"
		}
		for _, r := range label {
			if r < utf8.RuneSelf && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-') {
				return "the domain " + domain + " contains " + quoteRune(r)
			}
			if r >= utf8.RuneSelf && mailhdr.IsInvisible(r) {
				return "the domain contains an invisible character"
			}
		}
	}
	return ""
}

func quoteRune(r rune) string { return "'" + string(r) + "'" }

// NeedsSMTPUTF8 reports whether addr has non-ASCII characters, in its
// local part or its domain (which is kept as typed), so that a server
// must offer SMTPUTF8 (RFC 6531) to accept it.
func NeedsSMTPUTF8(addr string) bool {
	for i := 0; i < len(addr); i++ {
		if addr[i] >= utf8.RuneSelf {
			return true
		}
	}
	return false
}
