package render

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// twoParts is a multipart/mixed message of an HTML part and a second part
// (HTML or plain text) that a mail gateway appended.
func twoParts(first, secondType, second string) []byte {
	return msg("From: a@example.com\nSubject: parts\nContent-Type: multipart/mixed; boundary=b\n",
		"--b\nContent-Type: text/html\n\n"+first+"\n--b\nContent-Type: "+secondType+"\n\n"+second+"\n--b--\n")
}

// partVisibility parses SrcDoc as the browser does and tells why the
// text want would not be seen: "" when it is in a text node inside its
// own part's box (a <div id="mail-part-N"> child of <body>, N = part),
// with no hiding style on the way, under a <body> that the message did
// not restyle, and when no sheet rule reaches outside its own part.
func partVisibility(srcDoc, want string, part int) string {
	doc, err := html.Parse(strings.NewReader(srcDoc))
	if err != nil {
		return "SrcDoc does not parse: " + err.Error()
	}
	box := fmt.Sprintf("mail-part-%d", part)
	var found *html.Node
	var sheets []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode && strings.Contains(n.Data, want) && found == nil {
			found = n
		}
		if n.Type == html.ElementNode && n.Data == "style" && n.FirstChild != nil {
			sheets = append(sheets, n.FirstChild.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		return "no text node holds it (swallowed by a comment, a raw-text element, or dropped)"
	}
	inBox := false
	for n := found.Parent; n != nil; n = n.Parent {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.Data {
		case "style", "title", "textarea", "template", "script", "noscript", "xmp":
			return "it is inside <" + n.Data + ">"
		case "body":
			if len(n.Attr) != 0 {
				return "the page's <body> took attributes from the message"
			}
		}
		style := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", ""))
		for _, hide := range []string{"display:none", "visibility:hidden", "opacity:0", "height:0", "font-size:0"} {
			if strings.Contains(style, hide) {
				return fmt.Sprintf("an ancestor <%s> has style %q", n.Data, attr(n, "style"))
			}
		}
		if attr(n, "id") == box {
			if n.Parent == nil || n.Parent.Data != "body" {
				return "its part's box is not a child of <body>"
			}
			inBox = true
		}
	}
	if !inBox {
		return "it is not inside " + box
	}
	// The first sheet is the package's own; every rule of the message's
	// must be confined to one part's box.
	for _, sheet := range sheets[1:] {
		for _, line := range strings.Split(sheet, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || line == "}" || strings.HasPrefix(line, "@media") {
				continue
			}
			sel, _, _ := strings.Cut(line, "{")
			for _, s := range strings.Split(sel, ",") {
				if !strings.HasPrefix(strings.TrimSpace(s), "#mail-part-") {
					return fmt.Sprintf("sheet rule %q is not confined to a part", line)
				}
			}
		}
	}
	return ""
}

// TestPartsSanitizedApart holds issue 9's "parts joined before
// sanitizing": whatever the first HTML part leaves open or styles, the
// text of the part after it stays visible. Before the fix, the parts
// were joined into one string and every case but the stray end tags
// hid the warning.
func TestPartsSanitizedApart(t *testing.T) {
	firsts := map[string]string{
		"unclosed comment":          `<p>hello<!-- the rest is a comment`,
		"unclosed style":            `<p>hello<style>p { color: red }`,
		"unclosed title":            `<p>hello<title>`,
		"unclosed textarea":         `<p>hello<textarea>`,
		"display none wrapper":      `<div style="display:none"><p>hello`,
		"nested hiding":             `<div style="display:none"><div><div><span style="visibility:hidden"><p>hello`,
		"table left open":           `<div style="display:none"><table><tr><td><p>hello`,
		"formatting reopened":       `<p><font style="display:none">hello</p>`,
		"list left open":            `<ul style="display:none"><li>hello`,
		"stray end tags":            `</div></div></td></tr></table></body></html><div style="display:none">hello`,
		"body restyled":             `<body text="#ffffff" bgcolor="#ffffff" style="display:none"><p>hello`,
		"sheet hides everything":    `<style>* { display: none } div, p, pre { display: none } body { visibility: hidden }</style><p>hello`,
		"sheet hides by body":       `<style>html body div { display: none !important } body > div { opacity: 0 }</style><p>hello`,
		"hidden by zero font size":  `<div style="font-size:0"><p>hello`,
		"deeply nested (no tree)":   strings.Repeat("<div>", 600) + `<div style="display:none">hello`,
		"many parts of one element": `<span style="display:none">hello`,
	}
	seconds := map[string][2]string{
		"html warning":  {"text/html", `<p>GATEWAY WARNING: external sender</p>`},
		"plain warning": {"text/plain", "GATEWAY WARNING: external sender"},
	}
	for name, first := range firsts {
		for kind, second := range seconds {
			t.Run(name+"/"+kind, func(t *testing.T) {
				if name == "deeply nested (no tree)" && runtime.GOOS == "js" {
					// In the tab the browser's parser closes the part,
					// and Chromium flattens nesting past 512 elements
					// where x/net/html refuses it (fragment.go): the
					// result is balanced, but nests deeper than the
					// x/net/html parser that partVisibility judges
					// with accepts. The native run holds this case.
					t.Skip("partVisibility's parser cannot read what Chromium's flattening leaves; held natively")
				}
				for _, allow := range []bool{false, true} {
					m := Render(twoParts(first, second[0], second[1]), &Options{AllowRemote: allow})
					mustSafe(t, m, allow)
					if m.HTML == nil {
						t.Fatalf("no HTML body")
					}
					if why := partVisibility(m.HTML.SrcDoc, "GATEWAY WARNING", 2); why != "" {
						t.Errorf("the second part's text is not visible: %s\n%s", why, m.HTML.SrcDoc)
					}
				}
			})
		}
	}
}

// TestPartVisibilityControl shows that partVisibility sees a hidden or
// swallowed text: the same messages with the warning hidden inside its
// own part, or with the parts joined into one as before the fix.
func TestPartVisibilityControl(t *testing.T) {
	m := Render(twoParts(`<p>hello`, "text/html", `<div style="display:none">GATEWAY WARNING</div>`), nil)
	if why := partVisibility(m.HTML.SrcDoc, "GATEWAY WARNING", 2); !strings.Contains(why, "display: none") {
		t.Errorf("a warning hidden by its own part: partVisibility says %q", why)
	}
	for _, first := range []string{`<p>hello<!--`, `<div style="display:none">hello`, `<style>p{display:none}</style>`, `<body text="#fff">`} {
		joined := Render(msg("Content-Type: text/html\n", first+`<p>GATEWAY WARNING</p>`), nil)
		if why := partVisibility(joined.HTML.SrcDoc, "GATEWAY WARNING", 1); why == "" {
			t.Errorf("%q joined with the warning: partVisibility sees nothing wrong\n%s", first, joined.HTML.SrcDoc)
		}
	}
}

func TestScopeSelector(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"body", "#s"},
		{"html", "#s"},
		{"html body", "#s"},
		{"html > body td", "#s td"},
		{"BODY  p.c", "#s p.c"},
		{"body.c", "#s body.c"},
		{"body:hover a", "#s body:hover a"},
		{"bodyx", "#s bodyx"},
		{"p, a", "#s p, a"}, // callers split on commas first
		{"* ", "#s *"},
		{"> p", "#s > p"},
	} {
		if got := scopeSelector(tc.in, "#s"); got != tc.want {
			t.Errorf("scopeSelector(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := scopeSelector("body p", ""); got != "body p" {
		t.Errorf("empty scope changed the selector to %q", got)
	}
}
