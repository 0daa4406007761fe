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

// Addresses parses the values of an address list field (RFC 5322
// section 3.4; every value when the field appears more than once, in
// order). When the list does not parse, each comma-separated piece is
// tried alone, and what still fails is kept as text, so no mailbox
// disappears; ok is then false.
func (d *Decoder) Addresses(values []string) (list []Address, ok bool) {
	v := strings.Join(values, ", ")
	if strings.TrimSpace(v) == "" {
		return nil, true
	}
	if !utf8.ValidString(v) {
		v = Windows1252([]byte(v))
	}
	wd := d.words()
	p := mail.AddressParser{WordDecoder: wd}
	if parsed, err := p.ParseList(v); err == nil {
		out := make([]Address, 0, len(parsed))
		for _, a := range parsed {
			out = append(out, Address{Name: decodeQuotedWords(a.Name, wd), Address: CleanAddress(a.Address)})
		}
		return out, true
	}
	var out []Address
	for _, piece := range joinNames(splitAddressList(v)) {
		if a, err := p.Parse(piece); err == nil {
			out = append(out, Address{Name: decodeQuotedWords(a.Name, wd), Address: CleanAddress(a.Address)})
			continue
		}
		out = append(out, looseAddresses(piece, wd)...)
	}
	return out, false
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
// brackets.
func splitAddressList(v string) []string {
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
			out = append(out, v[start:i])
			start = i + 1
		}
	}
	out = append(out, v[start:])
	var kept []string
	for _, s := range out {
		if s = strings.TrimSpace(s); s != "" {
			kept = append(kept, s)
		}
	}
	return kept
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
