package ui

import (
	"html"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/i18n"
)

// The inbox's rows are written as HTML, one app.Raw each, rather than as
// go-app elements. go-app mounts an element with a call out to
// JavaScript for the element, each attribute, each event handler and
// each child (a row of the inbox is about 14 elements and 40 calls), and
// a sign-in's first inbox mounted its rows in about 50 ms of the page's
// main thread; as HTML, which the browser parses in one call per row,
// the same rows took about 24 ms (paired runs of the benchmark's sign-in,
// docs/architecture.md). A row whose HTML is unchanged is left as it is;
// a changed one (selected, ticked, another message at that place as the
// list scrolls) is replaced whole, and OnUpdate puts the focus back on
// the selected row. The rows' clicks are taken by one handler on the
// list (onListClick).
//
// Every value from a message (names, addresses, the subject) and every
// translated text goes through html.EscapeString, which escapes the five
// characters that could end a text or a quoted attribute value; the tags
// and attribute names are constants. The HTML is the tree go-app would
// build, with no white space between elements, so the layout is the same.

// esc escapes s for HTML text and double-quoted attribute values.
var esc = html.EscapeString

// rowHTML is row i of the list, as HTML.
func (c *messageList) rowHTML(i int, now time.Time) string {
	r := c.Rows[i]
	cls := "row"
	if !r.Read {
		cls += " unread"
	}
	if i == c.Selected {
		cls += " selected"
	}
	if c.OpenUID != "" && c.OpenUID == r.UID {
		cls += " open"
	}
	if r.PendingDelete {
		cls += " pending"
	}
	if r.LocalOnly {
		cls += " local-only"
	}
	cls += convClass(c.Conv, r.UID)
	subject := r.Subject
	if subject == "" {
		subject = i18n.T("(no subject)")
	}
	tab, selected := "-1", "false"
	if i == c.Selected {
		tab, selected = "0", "true"
	}
	var b strings.Builder
	b.Grow(1024)
	b.WriteString(`<div id="` + rowID(i) + `" class="` + esc(cls) + `" role="row" tabindex="` + tab +
		`" aria-rowindex="` + itoa(int64(i+1)) + `" aria-selected="` + selected + `" data-uidl="` + esc(r.UID) + `">`)
	// Out of the tab order, as everything inside the grid's rows: the x
	// key ticks the selected row (keys.go).
	b.WriteString(`<span class="tick-cell" role="gridcell"><input type="checkbox" class="tick" aria-label="` +
		esc(i18n.T("Select {0}", subject)) + `" tabindex="-1"`)
	if c.Checked[r.UID] {
		b.WriteString(` checked`)
	}
	b.WriteString(`></span><span class="from" role="gridcell">`)
	writeSender(&b, r.FromName, r.FromAddr)
	b.WriteString(`</span><span class="date" role="gridcell">` + esc(formatDate(r.Date, now)) +
		`</span><span class="subject" role="gridcell"><bdi>` + esc(subject) + `</bdi>`)
	writeConvCount(&b, c.Conv, r.UID)
	b.WriteString(`</span><span class="meta" role="gridcell">`)
	if r.HasAttachment {
		label := esc(i18n.T("Has attachments"))
		b.WriteString(`<span class="clip" role="img" aria-label="` + label + `" title="` + label + `">📎</span>`)
	}
	b.WriteString(`<span class="size">` + esc(formatSize(r.Size)) + `</span>`)
	if !r.Read {
		label := esc(i18n.T("Unread"))
		b.WriteString(`<span class="dot" role="img" aria-label="` + label + `" title="` + label + `"></span>`)
	}
	if r.LocalOnly {
		b.WriteString(`<span class="local-note">` + esc(i18n.T("Only on this device")) + `</span>`)
	}
	if found := c.Found[r.UID]; found != "" {
		b.WriteString(`<span class="found-note">` + esc(found) + `</span>`)
	}
	b.WriteString(`</span>`)
	if r.PendingDelete {
		b.WriteString(`<span class="pending-note" role="gridcell">` + esc(i18n.T("Will be deleted when connected")+" ") +
			`<button class="link keep" aria-label="` + esc(i18n.T("Keep {0}", subject)) + `">` + esc(i18n.T("Keep")) + `</button></span>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// writeSender writes a row's sender: the name, else the address (left
// to right, whatever the page's direction), each in its own bidi isolate
// (<bdi>): a right-to-left override in a name then ends with the name
// instead of reversing what follows it (issue 9). Else it says the
// sender is unknown.
func writeSender(b *strings.Builder, name, addr string) {
	switch {
	case name != "":
		b.WriteString(`<bdi class="name">` + esc(name) + `</bdi>`)
	case addr != "":
		b.WriteString(`<bdi class="addr" dir="ltr">` + esc(addr) + `</bdi>`)
	default:
		b.WriteString(esc(i18n.T("(unknown sender)")))
	}
}

// writeConvCount writes the count a conversation's first row shows.
func writeConvCount(b *strings.Builder, marks map[string]convMark, uid string) {
	m := marks[uid]
	if m.count < 2 {
		return
	}
	label := esc(i18n.N("{0} messages in this conversation", m.count))
	b.WriteString(`<span class="conv-count" aria-label="` + label + `" title="` + label + `">` + itoa(int64(m.count)) + `</span>`)
}
