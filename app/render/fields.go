package render

import (
	"strings"

	"github.com/poppymail/poppy/app/mailhdr"
)

// decoder returns the header decoder of the options: charsets go through
// the options' CharsetFunc and the built-in fallback; it never fails on a
// charset, and reports what it could not decode through note.
func decoder(hook CharsetFunc, note func(Note)) *mailhdr.Decoder {
	return &mailhdr.Decoder{Charset: func(charset string, b []byte) string {
		s, n := decodeCharset(charset, b, hook)
		if n.Kind != noteNone && note != nil {
			n.InHeader = true
			note(n)
		}
		return s
	}}
}

// headerFields fills the message's header fields. From, Subject and Date
// are read by mailhdr.Fields, as the inbox list reads them.
func (r *renderer) headerFields(h header) {
	m := r.msg
	d := decoder(r.opts.Charset, func(n Note) { r.note("", n) })
	f := d.Fields(h.Header)
	for _, p := range f.Problems {
		r.note("", Note{Kind: NoteHeader, Value: p})
	}
	m.Subject, m.Date, m.DateRaw = f.Subject, f.Date, f.DateRaw
	m.From = addresses(f.From)
	m.To = r.addressField(h, "To", d)
	m.Cc = r.addressField(h, "Cc", d)
	m.ReplyTo = r.addressField(h, "Reply-To", d)
	// go-message reads an RFC 5322 msg-id (comments and all); one that
	// does not parse is kept as written, without its angle brackets.
	if id, err := h.MessageID(); err == nil && id != "" {
		m.MessageID = cleanText(id)
	} else {
		m.MessageID = contentID(cleanText(h.get("Message-ID")))
	}
}

// addressField parses an address list field (see mailhdr.Addresses).
func (r *renderer) addressField(h header, name string, d *mailhdr.Decoder) []Address {
	list, problem := d.AddressField(h.Header, name)
	if problem != "" {
		r.note("", Note{Kind: NoteHeader, Value: problem})
	}
	return addresses(list)
}

func addresses(list []mailhdr.Address) []Address {
	if list == nil {
		return nil
	}
	out := make([]Address, len(list))
	for i, a := range list {
		out[i] = Address(a)
	}
	return out
}

// attach records a part as an attachment.
func (r *renderer) attach(h header, body []byte, mt string, params map[string]string, disp string, dparams map[string]string, cte, path string) {
	d := decoder(r.opts.Charset, func(n Note) { r.note(path, n) })
	name := dparams["filename"]
	if name == "" {
		name = params["name"]
	}
	if name != "" {
		// Encoded words in parameters break RFC 2231 but are what most
		// mailers send.
		name, _ = d.Unstructured(name)
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
		r.note(path, Note{Kind: NoteAttachmentTooLarge})
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
		r.note("", Note{Kind: NoteHeader, Value: n})
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
