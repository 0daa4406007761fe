package ui

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/poppymail/poppy/app/mailbox"
)

// A row's HTML is built from a message's own fields: whatever they hold,
// it parses to the row's elements only, with each field back as text.
func TestRowHTMLEscapes(t *testing.T) {
	hostile := []string{
		`<img src=x onerror=alert(1)>`,
		`"><script>alert(1)</script>`,
		`' onmouseover='alert(1)`,
		`</bdi></span></div><div data-uidl="forged">`,
		"&lt;b&gt; &amp; \u202etxt.exe",
		`<!-- a comment`,
	}
	allowed := map[string]bool{"div": true, "span": true, "input": true, "bdi": true, "button": true}
	attrs := map[string]bool{"id": true, "class": true, "role": true, "tabindex": true, "aria-rowindex": true,
		"aria-selected": true, "data-uidl": true, "type": true, "aria-label": true, "checked": true, "title": true, "dir": true}
	for _, s := range hostile {
		t.Run(s, func(t *testing.T) {
			for _, r := range []mailbox.Summary{
				{UID: s, FromName: s, Subject: s, Size: 10, HasAttachment: true, PendingDelete: true, LocalOnly: true},
				{UID: "u" + s, FromAddr: s, Subject: s, Read: true},
			} {
				l := &messageList{Rows: []mailbox.Summary{r}, Checked: map[string]bool{r.UID: true},
					Found: map[string]string{r.UID: s}, Conv: map[string]convMark{r.UID: {count: 3}}}
				frag := parseRow(t, l.rowHTML(0, time.Now()))
				if len(frag) != 1 || frag[0].Data != "div" || attr(frag[0], "data-uidl") != r.UID || attr(frag[0], "role") != "row" {
					t.Fatalf("%q: the HTML is not one row of UID %q", l.rowHTML(0, time.Now()), r.UID)
				}
				els := findAll(frag[0], func(n *html.Node) bool { return n.Type == html.ElementNode || n.Type == html.CommentNode })
				for _, n := range els {
					if n.Type == html.CommentNode || !allowed[n.Data] {
						t.Fatalf("a field made a <%s> (type %d) in the row", n.Data, n.Type)
					}
					for _, a := range n.Attr {
						if !attrs[a.Key] {
							t.Fatalf("a field made the attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
						}
					}
				}
				sender := r.FromName + r.FromAddr
				for cls, want := range map[string]string{"subject": s, "from": sender, "found-note": s} {
					cells := findAll(frag[0], func(n *html.Node) bool { return attr(n, "class") == cls })
					if len(cells) != 1 || !strings.HasPrefix(textOf(cells[0]), want) {
						t.Errorf("the %s cell reads %q, want %q", cls, textOf(cells[0]), want)
					}
				}
				if box := findAll(frag[0], func(n *html.Node) bool { return attr(n, "class") == "tick" }); len(box) != 1 || !hasAttr(box[0], "checked") {
					t.Error("the ticked row's box is not checked")
				}
			}
		})
	}
}

// The row's cells are the grid's: gridcells only, the selected row the
// one tab stop, and the pending row's Keep button findable by its class.
func TestRowHTMLCells(t *testing.T) {
	l := &messageList{Rows: []mailbox.Summary{{UID: "a", Subject: "A"}, {UID: "b", Subject: "B", PendingDelete: true}}, Selected: 1}
	for i, wantTab := range []string{"-1", "0"} {
		row := parseRow(t, l.rowHTML(i, time.Now()))[0]
		if attr(row, "tabindex") != wantTab || attr(row, "id") != rowID(i) || attr(row, "aria-rowindex") != itoa(int64(i+1)) {
			t.Errorf("row %d: %v", i, row.Attr)
		}
		for c := row.FirstChild; c != nil; c = c.NextSibling {
			if attr(c, "role") != "gridcell" {
				t.Errorf("row %d has a child <%s role=%q>, want only gridcells", i, c.Data, attr(c, "role"))
			}
		}
	}
	if !strings.Contains(l.rowHTML(1, time.Now()), `<button class="link keep"`) || strings.Contains(l.rowHTML(0, time.Now()), "<button") {
		t.Error("only the pending row has a Keep button, of class keep (onListClick finds it by it)")
	}
}

// parseRow parses a row's HTML as the browser does in go-app's wrapper
// <div> (app.Raw).
func parseRow(t *testing.T, s string) []*html.Node {
	t.Helper()
	frag, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	return frag
}
