package render

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Render parses and renders a whole message (RFC 5322 + MIME).
//
// It never returns nil and never fails as a whole: whatever could not be
// parsed or decoded is described in Problems and left out or shown
// best-effort, and Raw always holds the input. On return, Text or HTML
// (or both) is non-nil. raw is retained (as Raw, and attachments may
// alias it): do not modify it afterwards.
//
// Render is safe for concurrent use; each call uses its own sanitizer
// policy, so AllowRemote and the cid: images of one message never leak
// into another.
func Render(raw []byte, opts *Options) *Message {
	count := 0
	return renderMessage(raw, opts, 0, "", &count)
}

// renderer holds the state of rendering one message (nested messages get
// their own, sharing only the part counter).
type renderer struct {
	opts  *Options
	lim   limits
	depth int
	count *int // parts seen in the whole tree
	msg   *Message
	cids  map[string]int // Content-ID -> index in msg.Attachments
	noted map[string]bool
	// bytes of plain text and of HTML kept so far, against MaxBodySize
	bodyText, bodyHTML int
	// digest marks the parts of a multipart/digest, whose parts default
	// to message/rfc822 (RFC 2046 5.1.5).
	digest map[string]bool
}

func renderMessage(raw []byte, opts *Options, depth int, prefix string, count *int) (m *Message) {
	if opts == nil {
		opts = &Options{}
	}
	m = &Message{Raw: raw}
	r := &renderer{opts: opts, lim: opts.limits(), depth: depth, count: count, msg: m,
		cids: map[string]int{}, noted: map[string]bool{}}
	defer func() {
		// Last line of defence: a bug must not blank the message or take
		// the tab down. Show the source as text, which is always safe.
		if p := recover(); p != nil {
			m.HTML = nil
			m.Text = newTextBody(truncate(strings.ToValidUTF8(string(raw), "\uFFFD"), r.lim.body))
			m.Problems = append(m.Problems, internalErrorNote)
			m.Notes = append(m.Notes, Note{Kind: NoteInternalError})
		}
	}()

	h, body, notes := parseHeader(raw)
	for _, n := range notes {
		r.note("", Note{Kind: NoteHeader, Value: n})
	}
	r.headerFields(h)

	slots := r.walk(h, body, prefix, 0, true, false)
	r.assemble(slots)
	return m
}

// internalErrorNote marks a recovered panic; tests and fuzzing look for it.
var internalErrorNote = Note{Kind: NoteInternalError}.String()

// note records a problem once, with the part it concerns: as data in
// Notes, in English in Problems.
func (r *renderer) note(path string, n Note) {
	if n.Kind == noteNone {
		return
	}
	n.Part = path
	msg := n.String()
	if r.noted[msg] {
		return
	}
	r.noted[msg] = true
	r.msg.Problems = append(r.msg.Problems, msg)
	r.msg.Notes = append(r.msg.Notes, n)
}

// slot is one piece of the body, in message order: a text part, an HTML
// part, or an alternative that has both.
type slot struct {
	plain    string
	html     []string // HTML parts, each sanitized on its own
	hasPlain bool
	hasHTML  bool
}

func childPath(parent string, i int) string {
	if parent == "" {
		return strconv.Itoa(i)
	}
	return parent + "." + strconv.Itoa(i)
}

// walk renders one entity and returns its body slots; attachments and
// nested messages are recorded on the way. path is the entity's
// IMAP-style section; the root entity of a message has the message's
// prefix and root set. resource marks the non-root parts of a
// multipart/related, which are never body.
func (r *renderer) walk(h header, body []byte, path string, depth int, root, resource bool) []slot {
	*r.count++
	if *r.count > r.lim.parts {
		r.note("", Note{Kind: NoteTooManyParts, N: r.lim.parts})
		return nil
	}
	leafPath := path
	if root {
		leafPath = childPath(path, 1)
	}
	defType := "text/plain"
	if !root && r.digest[path] {
		defType = "message/rfc822"
	}
	mt, params := r.contentType(h, leafPath, defType)
	disp, dparams := r.disposition(h, leafPath)
	cte := transferEncoding(h.get("Content-Transfer-Encoding"))

	switch {
	case strings.HasPrefix(mt, "multipart/"):
		if r.depth+depth >= r.lim.depth {
			r.note(leafPath, Note{Kind: NoteMultipartTooDeep})
			r.attach(h, body, "application/octet-stream", nil, "attachment", nil, "", leafPath)
			return nil
		}
		return r.multipart(mt, params, body, path, depth)
	case mt == "message/rfc822" || mt == "message/global":
		data, n := decodeTransfer(cte, body, false)
		r.note(leafPath, n)
		if r.depth+depth+1 >= r.lim.depth {
			r.note(leafPath, Note{Kind: NoteMessageTooDeep})
			r.attach(h, body, mt, params, "attachment", dparams, cte, leafPath)
			return nil
		}
		r.msg.Nested = append(r.msg.Nested, renderMessage(data, r.opts, r.depth+depth+1, leafPath, r.count))
		return nil
	case (mt == "text/plain" || mt == "text/html") && disp != "attachment" && !resource:
		return []slot{r.textPart(h, body, mt, params, cte, leafPath)}
	}
	r.attach(h, body, mt, params, disp, dparams, cte, leafPath)
	return nil
}

func (r *renderer) multipart(mt string, params map[string]string, body []byte, path string, depth int) []slot {
	notePath := path
	if len(bytes.TrimSpace(body)) == 0 {
		return nil // a header-only message, or an empty multipart
	}
	boundary := params["boundary"]
	if boundary == "" {
		r.note(notePath, Note{Kind: NoteNoBoundary})
		return []slot{r.textPart(header{}, body, "text/plain", nil, "", childPath(path, 1))}
	}
	room := r.lim.parts - *r.count
	if room < 0 {
		room = 0
	}
	parts, found, closed, more := splitMultipart(body, boundary, room)
	if !found {
		r.note(notePath, Note{Kind: NoteNoPartsFound})
		return []slot{r.textPart(header{}, body, "text/plain", nil, "", childPath(path, 1))}
	}
	if !closed && !more {
		r.note(notePath, Note{Kind: NoteNoFinalBoundary})
	}
	if more {
		r.note("", Note{Kind: NoteTooManyParts, N: r.lim.parts})
	}
	type child struct {
		h    header
		body []byte
		path string
	}
	children := make([]child, 0, len(parts))
	for i, p := range parts {
		cp := childPath(path, i+1)
		h, b, notes := parseHeader(p)
		for _, n := range notes {
			r.note(cp, Note{Kind: NoteHeader, Value: n})
		}
		children = append(children, child{h, b, cp})
	}
	sub := strings.TrimPrefix(mt, "multipart/")
	if sub == "digest" {
		if r.digest == nil {
			r.digest = map[string]bool{}
		}
		for _, c := range children {
			r.digest[c.path] = true
		}
	}
	switch sub {
	case "alternative":
		var best, plain []slot
		for _, c := range children {
			if isIgnoredAlternative(c.h) {
				*r.count++
				continue
			}
			s := r.walk(c.h, c.body, c.path, depth+1, false, false)
			switch {
			case hasHTML(s):
				best = s
			case hasPlain(s):
				plain = s
			}
		}
		if best == nil {
			return plain
		}
		merged := slot{html: htmlParts(best), hasHTML: true}
		if plain != nil {
			merged.plain, merged.hasPlain = joinPlain(plain), true
		} else if hasPlain(best) {
			merged.plain, merged.hasPlain = joinPlain(best), true
		}
		return []slot{merged}
	case "related":
		start := 0
		if id := contentID(params["start"]); id != "" {
			for i, c := range children {
				if contentID(c.h.get("Content-ID")) == id {
					start = i
					break
				}
			}
		}
		// The root part is the body; the others are resources (images
		// for cid: URLs), listed as attachments in message order.
		var slots []slot
		for i, c := range children {
			s := r.walk(c.h, c.body, c.path, depth+1, false, i != start)
			if i == start {
				slots = s
			}
		}
		return slots
	}
	// mixed, and every other multipart (RFC 2046 5.1.7: treat unknown
	// subtypes as mixed): report, signed, encrypted, digest, parallel.
	var slots []slot
	for _, c := range children {
		slots = append(slots, r.walk(c.h, c.body, c.path, depth+1, false, false)...)
	}
	return slots
}

// isIgnoredAlternative reports alternatives no reader shows and nobody
// wants as an attachment (Apple Watch's text/watch-html, text/enriched).
func isIgnoredAlternative(h header) bool {
	t, _, _ := parseMediaType(h.get("Content-Type"), nil)
	switch t {
	case "text/watch-html", "text/x-watch-html", "text/enriched", "text/richtext", "text/x-amp-html", "text/x-aol":
		return true
	}
	return false
}

func hasHTML(s []slot) bool {
	for _, x := range s {
		if x.hasHTML {
			return true
		}
	}
	return false
}

func hasPlain(s []slot) bool {
	for _, x := range s {
		if x.hasPlain {
			return true
		}
	}
	return false
}

func joinPlain(s []slot) string {
	var parts []string
	for _, x := range s {
		if x.hasPlain {
			parts = append(parts, strings.TrimRight(x.plain, "\n"))
		}
	}
	return strings.Join(parts, "\n\n")
}

// htmlParts lists the HTML parts of slots, in order, for the sanitizer,
// which takes each as a fragment of its own; plain-only slots become
// escaped, linkified <pre> blocks.
func htmlParts(s []slot) []string {
	var parts []string
	for _, x := range s {
		if x.hasHTML {
			parts = append(parts, x.html...)
		} else if x.hasPlain {
			parts = append(parts, spansHTML(linkify(x.plain)))
		}
	}
	return parts
}

// contentType returns the media type and parameters of an entity:
// defType when the field is missing, text/plain when it is unusable
// (RFC 2045 5.2).
func (r *renderer) contentType(h header, path, defType string) (string, map[string]string) {
	v := h.get("Content-Type")
	if strings.TrimSpace(v) == "" {
		return defType, map[string]string{}
	}
	t, params, ok := parseMediaType(v, r.opts.Charset)
	if !validMediaType(t) {
		r.note(path, Note{Kind: NoteUnusableContentType, Value: quote(v)})
		return "text/plain", params
	}
	if !ok {
		r.note(path, Note{Kind: NoteMalformedContentType, Value: quote(v)})
	}
	return t, params
}

// disposition returns the Content-Disposition type ("inline",
// "attachment" or "") and its parameters. With several fields, one that
// says "attachment" wins: it is the safer reading.
func (r *renderer) disposition(h header, path string) (string, map[string]string) {
	vs := h.all("Content-Disposition")
	if len(vs) == 0 {
		return "", map[string]string{}
	}
	pick := vs[0]
	for _, v := range vs {
		if strings.HasPrefix(strings.ToLower(strings.TrimSpace(v)), "attachment") {
			pick = v
			break
		}
	}
	d, params, ok := parseMediaType(pick, r.opts.Charset)
	if !ok && d != "inline" && d != "attachment" {
		r.note(path, Note{Kind: NoteMalformedDisposition, Value: quote(pick)})
	}
	if d != "inline" && d != "attachment" {
		// RFC 2183: unknown dispositions are treated as attachment.
		if d != "" {
			d = "attachment"
		}
	}
	return d, params
}

// contentID strips the angle brackets and white space of a Content-ID
// (or of a multipart/related start parameter).
func contentID(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "<")
	v = strings.TrimSuffix(v, ">")
	return strings.TrimSpace(v)
}

// textPart decodes a text/plain or text/html part into a body slot.
func (r *renderer) textPart(h header, body []byte, mt string, params map[string]string, cte, path string) slot {
	data, n := decodeTransfer(cte, body, true)
	r.note(path, n)
	charset := params["charset"]
	if charset == "" && mt == "text/html" && !utf8.Valid(data) {
		charset = sniffMetaCharset(data)
	}
	s, n := decodeCharset(charset, data, r.opts.Charset)
	r.note(path, n)
	used := &r.bodyText
	if mt == "text/html" {
		used = &r.bodyHTML
	}
	if room := r.lim.body - *used; len(s) > room {
		s = truncate(s, max(room, 0))
		r.note(path, Note{Kind: NoteBodyCut, N: r.lim.body})
		r.attach(h, body, mt, params, "attachment", nil, cte, path)
	}
	*used += len(s)
	if mt == "text/html" {
		return slot{html: []string{s}, hasHTML: true}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.EqualFold(params["format"], "flowed") {
		s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
	}
	return slot{plain: s, hasPlain: true}
}

// truncate cuts s to at most n bytes without splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// assemble turns the body slots into Text and HTML.
func (r *renderer) assemble(slots []slot) {
	m := r.msg
	if hasPlain(slots) {
		m.Text = newTextBody(joinPlain(slots))
	}
	if hasHTML(slots) {
		m.HTML = r.sanitize(htmlParts(slots))
	}
	if m.Text == nil && m.HTML == nil {
		m.Text = newTextBody("")
	}
}
