package render

import (
	"strings"

	"golang.org/x/net/html"
)

// closeFragment makes one HTML part of a message with several a closed
// fragment before it is sanitized, so that nothing in it reaches the
// parts after it (a mail gateway's warning is often a part of its own):
//
//   - it is parsed as a document by an HTML5 tree builder (the browser's
//     own DOMParser in the tab, golang.org/x/net/html natively), which
//     closes what the part left open: an unclosed comment, <style> or
//     <title> ends with the part, and so does an unclosed
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
// nested deeper than x/net/html accepts (512 elements); the caller then
// shows the part's text instead.
//
// The tab uses the browser's parser rather than x/net/html's, which would
// add 300 KB to app.wasm (53 KB with brotli, against a 2.5 MB budget):
// the browser's is the parser that will read the result anyway, and a
// DOMParser document runs no script and loads nothing. Natively, which is
// where the worst-case timing tests run, x/net/html does the same job.
// Both implementations pass the same tests (TestPartsSanitizedApart runs
// natively and in Chromium), but for the depth limit: x/net/html refuses
// a part nested deeper than 512 elements, while Chromium's parser
// flattens it below that depth; either result is safe.
//
// closeFragment is in fragment_other.go and fragment_js.go.

// bodyStyle maps the presentation attributes of a parsed <body> onto a
// <div>: bgcolor, text and background become its inline style, where the
// CSS allowlist checks them like any other style (and counts a remote
// background as a remote image); link, vlink and alink, which have no
// inline equivalent, are dropped; the rest are kept as they are.
func bodyStyle(in []html.Attribute) []html.Attribute {
	var style []string
	var attrs []html.Attribute
	for _, a := range in {
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
		default:
			attrs = append(attrs, a)
		}
	}
	if len(style) > 0 {
		attrs = append(attrs, html.Attribute{Key: "style", Val: strings.Join(style, "; ")})
	}
	return attrs
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
