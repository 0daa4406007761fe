package mailhdr

import (
	"mime"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Address is one mailbox of an address field. A mailbox that could not
// be parsed keeps its text in Name, with Address empty.
type Address struct {
	// Name is the display name, decoded and cleaned (CleanText); it may
	// hold bidi controls, so show it in its own isolate. May be empty.
	Name string
	// Address is the addr-spec, e.g. "alice@example.com", cleaned by
	// CleanAddress: no bidi controls or other invisible characters. May
	// be empty.
	Address string
}

// Bounds on what Addresses reads of one field: net/mail and the fallback
// below are linear but cost up to about 1.5 µs per byte on crafted input
// (a field of a million commas), and every mailbox becomes DOM nodes.
// A real address field, even a long mailing list's, stays well within.
const (
	MaxAddressBytes = 32 << 10 // of the joined field values
	MaxAddresses    = 500      // mailboxes kept per field
)

// Addresses parses the values of an address list field (RFC 5322
// section 3.4; every value when the field appears more than once, in
// order). When the list does not parse, each comma-separated piece is
// tried alone, and what still fails is kept as text, so no mailbox
// disappears; malformed is then true. A field longer than
// MaxAddressBytes, or with more than MaxAddresses mailboxes, is read only
// that far; cut is then true.
func (d *Decoder) Addresses(values []string) (list []Address, malformed, cut bool) {
	v := strings.Join(values, ", ")
	if strings.TrimSpace(v) == "" {
		return nil, false, false
	}
	if len(v) > MaxAddressBytes {
		v, cut = v[:MaxAddressBytes], true
	}
	if !utf8.ValidString(v) {
		v = Windows1252([]byte(v))
	}
	if name, addr, ok := parseMailboxFast(v); ok {
		// No encoded word, no format character: decodeQuotedWords and
		// CleanAddress would only clean.
		return []Address{{Name: CleanText(name), Address: CleanText(addr)}}, false, cut
	}
	wd := d.words()
	p := mail.AddressParser{WordDecoder: wd}
	if parsed, err := p.ParseList(v); err == nil {
		list = make([]Address, 0, min(len(parsed), MaxAddresses))
		for _, a := range parsed {
			list = append(list, Address{Name: decodeQuotedWords(a.Name, wd), Address: CleanAddress(a.Address)})
		}
	} else {
		malformed = true
		for _, piece := range joinNames(splitAddressList(v, MaxAddresses+1)) {
			if a, err := p.Parse(piece); err == nil {
				list = append(list, Address{Name: decodeQuotedWords(a.Name, wd), Address: CleanAddress(a.Address)})
				continue
			}
			list = append(list, looseAddresses(piece, wd)...)
		}
	}
	if len(list) > MaxAddresses {
		list, cut = list[:MaxAddresses], true
	}
	return list, malformed, cut
}

// joinNames puts a piece that is only a name back in front of the
// name-addr that follows it: "Doe, John <john@example.org>", with the
// comma unquoted, is one mailbox in nearly every message that has it.
func joinNames(pieces []string) []string {
	out := pieces[:0:0]
	for i := 0; i < len(pieces); i++ {
		p := pieces[i]
		for i+1 < len(pieces) && !strings.ContainsAny(p, "<@\"") && strings.Contains(pieces[i+1], "<") {
			i++
			p += ", " + pieces[i]
		}
		out = append(out, p)
	}
	return out
}

// decodeQuotedWords decodes encoded words that net/mail left alone
// because they were inside a quoted string: RFC 2047 forbids them there,
// but mailers send them and every reader decodes them.
func decodeQuotedWords(name string, wd *mime.WordDecoder) string {
	if strings.Contains(name, "=?") && strings.Contains(name, "?=") {
		if d, err := wd.DecodeHeader(name); err == nil {
			name = d
		}
	}
	return CleanText(name)
}

// splitAddressList splits at commas outside quotes, comments and angle
// brackets, into at most max non-empty pieces (the rest is dropped).
func splitAddressList(v string, max int) []string {
	var out []string
	quoted, angle, paren := false, false, 0
	start := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && (quoted || paren > 0):
			i++
		case c == '"' && paren == 0:
			quoted = !quoted
		case quoted:
		case c == '(':
			paren++
		case c == ')' && paren > 0:
			paren--
		case paren > 0:
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case c == ',' && !angle:
			if p := strings.TrimSpace(v[start:i]); p != "" {
				if out = append(out, p); len(out) == max {
					return out
				}
			}
			start = i + 1
		}
	}
	if p := strings.TrimSpace(v[start:]); p != "" {
		out = append(out, p)
	}
	return out
}

// looseAddresses reads what it can from a piece net/mail rejected: every
// "<addr>" with the text before it as the name, or the piece as a bare
// address or as a name.
func looseAddresses(piece string, wd *mime.WordDecoder) []Address {
	var out []Address
	rest := piece
	for {
		lt := strings.IndexByte(rest, '<')
		if lt < 0 {
			break
		}
		gt := strings.IndexByte(rest[lt:], '>')
		if gt < 0 {
			break
		}
		name := strings.Trim(strings.TrimSpace(rest[:lt]), "\"")
		name, _ = unstructured(name, wd)
		out = append(out, Address{Name: CleanText(name), Address: CleanAddress(rest[lt+1 : lt+gt])})
		rest = rest[lt+gt+1:]
	}
	if len(out) > 0 {
		return out
	}
	piece = strings.TrimSpace(piece)
	if strings.Contains(piece, "@") && !strings.ContainsAny(piece, " \t\"") {
		return []Address{{Address: CleanAddress(piece)}}
	}
	name, _ := unstructured(piece, wd)
	return []Address{{Name: CleanText(name)}}
}
