package render

import (
	"io"
	"mime"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// wordDecoder returns an RFC 2047 decoder whose charsets go through the
// options' CharsetFunc and the built-in fallback; it never fails on a
// charset, and reports what it could not decode through note.
func wordDecoder(hook CharsetFunc, note func(string)) *mime.WordDecoder {
	return &mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		s, n := decodeCharset(charset, b, hook)
		if n != "" && note != nil {
			note("in a header field, " + n)
		}
		return strings.NewReader(s), nil
	}}
}

// decodeField decodes an unstructured field value (RFC 5322 3.2.5):
// raw 8-bit bytes that are not UTF-8 are read as Windows-1252, then
// encoded words are decoded. ok is false if some encoded word was
// malformed (it is then left as written).
func decodeField(v string, wd *mime.WordDecoder) (string, bool) {
	if !utf8.ValidString(v) {
		v = decodeWindows1252([]byte(v))
	}
	d, err := wd.DecodeHeader(v)
	if err != nil {
		return v, false
	}
	return d, true
}

// headerFields fills the message's header fields.
func (r *renderer) headerFields(h header) {
	m := r.msg
	wd := wordDecoder(r.opts.Charset, func(n string) { r.note("", n) })
	if v := h.get("Subject"); v != "" {
		s, ok := decodeField(v, wd)
		if !ok {
			r.note("", "the Subject has a malformed encoded word; it is shown as written")
		}
		m.Subject = cleanText(s)
	}
	m.From = r.addressField(h, "From", wd)
	m.To = r.addressField(h, "To", wd)
	m.Cc = r.addressField(h, "Cc", wd)
	m.ReplyTo = r.addressField(h, "Reply-To", wd)
	m.DateRaw = cleanText(h.get("Date"))
	if m.DateRaw != "" {
		t, err := parseDate(m.DateRaw)
		if err != nil {
			r.note("", "the Date "+quote(m.DateRaw)+" could not be read")
		} else {
			m.Date = t
		}
	}
	// go-message reads an RFC 5322 msg-id (comments and all); one that
	// does not parse is kept as written, without its angle brackets.
	if id, err := h.MessageID(); err == nil && id != "" {
		m.MessageID = cleanText(id)
	} else {
		m.MessageID = contentID(cleanText(h.get("Message-ID")))
	}
}

// parseDate reads an RFC 5322 date, with a few common deviations. v is
// the field's cleaned text: go-message's mail.Header.Date is net/mail's
// ParseDate on the raw value, which a stray control character defeats.
func parseDate(v string) (time.Time, error) {
	// The common form first: net/mail's parser is general but slow
	// (a tenth of an inbox row's cost in the browser).
	if t, err := time.Parse("Mon, 2 Jan 2006 15:04:05 -0700", v); err == nil {
		return t, nil
	}
	t, err := mail.ParseDate(v)
	if err == nil {
		return t, nil
	}
	for _, layout := range []string{
		"Mon, 2 Jan 2006 15:04:05 -0700 (MST)",
		"Mon, 2 Jan 2006 15:04:05 MST",
		"2 Jan 2006 15:04:05 MST",
		"Mon Jan 2 15:04:05 2006",
		"Mon Jan 2 15:04:05 MST 2006",
		"Mon, 2 Jan 06 15:04:05 -0700",
		time.RFC3339,
	} {
		if t, err2 := time.Parse(layout, v); err2 == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

// addressField parses an address list field (RFC 5322 3.4). When the
// list does not parse, each comma-separated piece is tried alone, and
// what still fails is kept as text, so no recipient disappears.
func (r *renderer) addressField(h header, name string, wd *mime.WordDecoder) []Address {
	vs := h.all(name)
	if len(vs) == 0 {
		return nil
	}
	v := strings.Join(vs, ", ")
	if strings.TrimSpace(v) == "" {
		return nil
	}
	if !utf8.ValidString(v) {
		v = decodeWindows1252([]byte(v))
	}
	p := mail.AddressParser{WordDecoder: wd}
	if list, err := p.ParseList(v); err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: decodeQuotedWords(a.Name, wd), Address: cleanText(a.Address)})
		}
		return out
	}
	r.note("", "the "+name+" field is malformed; it is shown as well as it could be read")
	var out []Address
	for _, piece := range splitAddressList(v) {
		if a, err := p.Parse(piece); err == nil {
			out = append(out, Address{Name: decodeQuotedWords(a.Name, wd), Address: cleanText(a.Address)})
			continue
		}
		out = append(out, looseAddresses(piece, wd)...)
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
	return cleanText(name)
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
		name, _ = decodeField(name, wd)
		out = append(out, Address{Name: cleanText(name), Address: cleanText(rest[lt+1 : lt+gt])})
		rest = rest[lt+gt+1:]
	}
	if len(out) > 0 {
		return out
	}
	piece = strings.TrimSpace(piece)
	if strings.Contains(piece, "@") && !strings.ContainsAny(piece, " \t\"") {
		return []Address{{Address: cleanText(piece)}}
	}
	name, _ := decodeField(piece, wd)
	return []Address{{Name: cleanText(name)}}
}

// attach records a part as an attachment.
func (r *renderer) attach(h header, body []byte, mt string, params map[string]string, disp string, dparams map[string]string, cte, path string) {
	wd := wordDecoder(r.opts.Charset, func(n string) { r.note(path, n) })
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if name != "" {
		// Encoded words in parameters break RFC 2231 but are what most
		// mailers send.
		name, _ = decodeField(name, wd)
		name = SafeFileName(name)
	}
	if name == "" {
		name = "part-" + path + extensionFor(mt)
	}
	a := Attachment{
		Name:        name,
		ContentType: mt,
		PartPath:    path,
		Inline:      disp == "inline",
		ContentID:   contentID(cleanText(h.get("Content-ID"))),
	}
	if !validMediaType(a.ContentType) {
		a.ContentType = "application/octet-stream"
	}
	if int64(len(body)) > r.lim.partSize {
		a.Omitted = true
		a.Size = int64(len(body))
		r.note(path, "the attachment is larger than the size limit; it is only in the source")
	} else {
		data, n := decodeTransfer(cte, body, false)
		r.note(path, n)
		a.Data = data
		a.Size = int64(len(data))
	}
	r.msg.Attachments = append(r.msg.Attachments, a)
	if a.ContentID != "" {
		if _, dup := r.cids[a.ContentID]; !dup {
			r.cids[a.ContentID] = len(r.msg.Attachments) - 1
		}
	}
}

// Headers reads the fields an inbox row shows from a message's header
// (the whole message works too; only the header is read). Like Render,
// it never fails: what it cannot read is left empty and noted.
func Headers(raw []byte, opts *Options) Summary {
	if opts == nil {
		opts = &Options{}
	}
	m := &Message{}
	count := 0
	r := &renderer{opts: opts, lim: opts.limits(), count: &count, msg: m,
		cids: map[string]int{}, noted: map[string]bool{}}
	h, _, notes := parseHeader(raw)
	for _, n := range notes {
		r.note("", n)
	}
	r.headerFields(h)
	s := Summary{
		From:      m.From,
		Subject:   m.Subject,
		Date:      m.Date,
		DateRaw:   m.DateRaw,
		MessageID: m.MessageID,
		Problems:  m.Problems,
	}
	mt, _, _ := parseMediaType(h.get("Content-Type"), nil)
	if !validMediaType(mt) {
		mt = "text/plain"
	}
	s.ContentType = mt
	disp, _, _ := parseMediaType(h.get("Content-Disposition"), nil)
	switch {
	case mt == "multipart/mixed", disp == "attachment":
		s.HasAttachment = true
	case strings.HasPrefix(mt, "multipart/"), strings.HasPrefix(mt, "text/"):
	default:
		// a single non-text part (a PDF sent alone, an image…)
		s.HasAttachment = true
	}
	if strings.EqualFold(strings.TrimSpace(h.get("X-MS-Has-Attach")), "yes") {
		s.HasAttachment = true
	}
	return s
}
