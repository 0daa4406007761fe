package mailbox

import (
	"bytes"
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// header is a parsed header section: lower-case field names to their
// unfolded values, in order of appearance.
type header map[string][]string

func (h header) get(name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseHeader reads the header section of raw leniently: real mail has
// lines without a colon, bare LF line endings and 8-bit bytes, and a row
// must still show whatever can be read. It stops at the first empty line.
func parseHeader(raw []byte) header {
	h := header{}
	var name string
	// The field being read: its folded lines are gathered and joined once
	// it ends (appending each to the value so far copied the whole value
	// per line, which made a field of many folded lines quadratic).
	var pieces []string
	flush := func() {
		if name != "" && len(pieces) > 0 {
			h[name] = append(h[name], strings.Join(pieces, " "))
		}
		pieces = pieces[:0]
	}
	for len(raw) > 0 {
		line := raw
		if i := bytes.IndexByte(raw, '\n'); i >= 0 {
			line, raw = raw[:i], raw[i+1:]
		} else {
			raw = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			// RFC 5322 §2.2.3: unfolding removes the line break only.
			if name != "" {
				pieces = append(pieces, strings.TrimSpace(string(line)))
			}
			continue
		}
		flush()
		k, v, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			name = "" // not a field; its continuation lines go with it
			continue
		}
		name = strings.ToLower(string(bytes.TrimSpace(k)))
		pieces = append(pieces, strings.TrimSpace(string(v)))
	}
	flush()
	return h
}

// newWordDecoder returns a decoder for RFC 2047 encoded words that never
// fails for want of a charset: user (may be nil) is tried first, then the
// raw bytes are kept (and later made valid UTF-8).
func newWordDecoder(user func(string, io.Reader) (io.Reader, error)) *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		if user != nil {
			if r, err := user(charset, bytes.NewReader(b)); err == nil && r != nil {
				return r, nil
			}
		}
		return bytes.NewReader(b), nil
	}}
}

// decodeText decodes encoded words in an unstructured field (Subject) and
// makes it fit for one line of a list: valid UTF-8, no control characters.
func decodeText(dec *mime.WordDecoder, s string) string {
	if d, err := dec.DecodeHeader(s); err == nil {
		s = d
	}
	return clean(s)
}

func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// parseSummary makes an inbox row from a header section. It never fails:
// each field that does not parse is left empty.
func parseSummary(raw []byte, dec *mime.WordDecoder) Summary {
	h := parseHeader(raw)
	var s Summary
	s.Subject = decodeText(dec, h.get("subject"))
	s.FromName, s.FromAddr = parseFrom(dec, h.get("from"))
	s.Date = parseDate(h)
	s.HasAttachment = guessAttachment(h.get("content-type"), h.get("content-disposition"))
	return s
}

// parseFrom returns the display name and address of the first mailbox in
// a From field, falling back to a by-hand split for the malformed ones
// net/mail refuses (unquoted commas or dots in names, missing brackets).
func parseFrom(dec *mime.WordDecoder, v string) (name, addr string) {
	if v == "" {
		return "", ""
	}
	p := mail.AddressParser{WordDecoder: dec}
	if a, err := p.Parse(v); err == nil {
		return clean(a.Name), clean(a.Address)
	}
	if l, err := p.ParseList(v); err == nil && len(l) > 0 {
		return clean(l[0].Name), clean(l[0].Address)
	}
	if i := strings.LastIndexByte(v, '<'); i >= 0 {
		if j := strings.IndexByte(v[i:], '>'); j > 0 {
			addr = strings.TrimSpace(v[i+1 : i+j])
			name = strings.Trim(strings.TrimSpace(v[:i]), `"`)
			return decodeText(dec, name), clean(addr)
		}
	}
	if strings.Contains(v, "@") && !strings.ContainsAny(v, " \t") {
		return "", clean(v)
	}
	return decodeText(dec, v), ""
}

// parseDate reads the Date field, else the date at the end of the first
// (newest) Received field (RFC 5321 §4.4: "; date-time").
func parseDate(h header) time.Time {
	if t, ok := parseDateText(h.get("date")); ok {
		return t
	}
	if r := h.get("received"); r != "" {
		if i := strings.LastIndexByte(r, ';'); i >= 0 {
			if t, ok := parseDateText(r[i+1:]); ok {
				return t
			}
		}
	}
	return time.Time{}
}

func parseDateText(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if t, ok := parseDateFast(v); ok {
		return t, true
	}
	if t, err := mail.ParseDate(v); err == nil {
		return t, true
	}
	// A trailing comment such as "(PST)" or "(GMT+01:00)", which older
	// parsers reject.
	if i := strings.IndexByte(v, '('); i > 0 {
		if t, err := mail.ParseDate(strings.TrimSpace(v[:i])); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// guessAttachment looks at the top-level Content-Type and
// Content-Disposition only: multipart/mixed nearly always carries a file,
// and a single part that is not text (a bare PDF) is one.
func guessAttachment(ctype, disp string) bool {
	if d, _, _ := strings.Cut(disp, ";"); strings.EqualFold(strings.TrimSpace(d), "attachment") {
		return true
	}
	mt, _, err := mime.ParseMediaType(ctype)
	if err != nil {
		t, _, _ := strings.Cut(ctype, ";")
		mt = strings.ToLower(strings.TrimSpace(t))
	}
	switch {
	case mt == "multipart/mixed":
		return true
	case strings.HasPrefix(mt, "application/"):
		// Signed or encrypted wrappers and calendar invitations are not
		// what a person means by an attachment mark.
		return mt != "application/pkcs7-mime" && mt != "application/x-pkcs7-mime" && mt != "application/ics"
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"):
		return true
	}
	return false
}
