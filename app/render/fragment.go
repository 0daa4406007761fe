package render

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// closeFragment makes one HTML part of a message with several a closed
// fragment before it is sanitized, so that nothing in it reaches the
// parts after it (a mail gateway's warning is often a part of its own):
//
//   - it is parsed as a document by golang.org/x/net/html, the HTML5 tree
//     builder, which closes what the part left open: an unclosed comment,
//     <style> or <title> ends with the part, and so does an unclosed
//     element, such as a <div style="display:none"> that would otherwise
//     hide what follows, a table that would swallow it, or a <b> that the
//     browser would reopen in the next part;
//   - it is rendered back with every element explicitly closed: the head's
//     children (their <style> sheets feed the sheet sanitizer), then the
//     body as a <div>, whose bgcolor, text and background attributes
//     become its inline style (a <body> start tag inside a document would
//     merge them into the page's own body, restyling every part).
//
// This happens before the one sanitizing pass, not after: the sanitizer
// still decides alone what reaches the page. ok is false when the part is
// nested deeper than the parser accepts (512 elements); the caller then
// shows the part's text instead.
func closeFragment(s string) (out string, ok bool) {
	doc, err := html.ParseWithOptions(strings.NewReader(s), html.ParseOptionEnableScripting(false))
	if err != nil {
		return "", false
	}
	var root *html.Node
	for n := doc.FirstChild; n != nil; n = n.NextSibling {
		if n.Type == html.ElementNode && n.DataAtom == atom.Html {
			root = n
		}
	}
	if root == nil {
		return "", true
	}
	var sb strings.Builder
	sb.Grow(len(s) + len(s)/8)
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		switch {
		case n.Type == html.ElementNode && n.DataAtom == atom.Head:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if err := html.Render(&sb, c); err != nil {
					return "", false
				}
			}
		case n.Type == html.ElementNode && n.DataAtom == atom.Body:
			bodyAsDiv(n)
			if err := html.Render(&sb, n); err != nil {
				return "", false
			}
		}
	}
	return sb.String(), true
}

// bodyAsDiv turns a parsed <body> into a <div>, moving the presentation
// attributes the policy keeps on <body> into an inline style, where the
// CSS allowlist checks them like any other style (and counts a remote
// background as a remote image).
func bodyAsDiv(n *html.Node) {
	n.Data, n.DataAtom = "div", atom.Div
	var style []string
	var attrs []html.Attribute
	for _, a := range n.Attr {
		switch a.Key {
		case "bgcolor":
			if reColor.MatchString(a.Val) {
				style = append(style, "background-color: "+strings.TrimSpace(a.Val))
			}
		case "text":
			if reColor.MatchString(a.Val) {
				style = append(style, "color: "+strings.TrimSpace(a.Val))
			}
		case "background":
			if reRemote.MatchString(a.Val) {
				style = append(style, "background-image: url("+strings.TrimSpace(a.Val)+")")
			}
		case "style":
			style = append(style, a.Val)
		case "link", "vlink", "alink":
			// no inline equivalent
		default:
			attrs = append(attrs, a)
		}
	}
	if len(style) > 0 {
		attrs = append(attrs, html.Attribute{Key: "style", Val: strings.Join(style, "; ")})
	}
	n.Attr = attrs
}

// fragmentText is the text of an HTML part that cannot be parsed as a
// tree, without the content of the elements the sanitizer drops whole.
func fragmentText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var sb strings.Builder
	skipping := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return sb.String()
		case html.TextToken:
			if skipping == 0 {
				sb.Write(z.Text())
			}
		case html.StartTagToken:
			if name, _ := z.TagName(); skipContent[string(name)] {
				skipping++
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); skipContent[string(name)] && skipping > 0 {
				skipping--
			}
		}
	}
}
