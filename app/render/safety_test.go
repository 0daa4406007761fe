package render

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file is the independent check of the sanitizer's output: it parses
// what Render produced with a real HTML5 parser (the same algorithm as the
// browser's, foreign content included) and walks the tree. It does not
// share lists with the policy on purpose, so a mistake in one is caught
// by the other.

// safeElements may appear in a rendered body.
var safeElements = map[string]bool{}

func init() {
	for _, e := range strings.Fields(`html head body a abbr acronym address article aside b bdi bdo big
		blockquote br caption center cite code col colgroup dd del details dfn div dl dt em
		figcaption figure font footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd li main
		mark nav ol p pre q rp rt ruby s samp section small span strike strong sub summary sup
		table tbody td tfoot th thead time tr tt u ul var wbr`) {
		safeElements[e] = true
	}
}

// safeAttrs may appear on a rendered element (URL and style attributes
// get their own checks below).
var safeAttrs = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`alt title dir lang class align valign width height bgcolor text
		link vlink alink color face size noshade border cellpadding cellspacing colspan rowspan
		nowrap span start reversed type value open datetime hspace vspace
		href src srcset background style target rel`) {
		safeAttrs[a] = true
	}
}

var (
	reDataImage  = regexp.MustCompile(`^data:image/(png|apng|gif|jpeg|webp|avif|bmp|x-icon);base64,[A-Za-z0-9+/=]*$`)
	reCSSEscape  = regexp.MustCompile(`\\([0-9a-fA-F]{1,6}\s?|.)`)
	reCSSURL     = regexp.MustCompile(`url\(\s*(['"]?)([^'")\s]*)(['"]?)\s*\)`)
	reRemoteURL  = regexp.MustCompile(`^(?i)https?://`)
	reSafeHref   = regexp.MustCompile(`^(?i)(https?|mailto):`)
	reMailPart   = regexp.MustCompile(`^mail-part-[1-9][0-9]*$`)
	badCSSTokens = []string{"expression", "javascript:", "vbscript:", "@import", "behavior", "-moz-binding", "</", "<!"}
)

// checkMessage checks every HTML output of m (and of its nested
// messages): the SrcDoc document and the text body's HTML.
func checkMessage(m *Message, allowRemote bool) []string {
	var v []string
	if m == nil {
		return []string{"Render returned nil"}
	}
	if m.Text == nil && m.HTML == nil {
		v = append(v, "neither Text nor HTML is set")
	}
	if m.Text != nil {
		v = append(v, checkTextHTML(m.Text.HTML)...)
		var joined strings.Builder
		for _, s := range m.Text.Spans {
			joined.WriteString(s.Text)
			if s.Href != "" && !reSafeHref.MatchString(s.Href) {
				v = append(v, "text span links to "+strconv.Quote(s.Href))
			}
		}
		if joined.String() != m.Text.Plain {
			v = append(v, "text spans do not add up to Plain")
		}
	}
	if m.HTML != nil {
		v = append(v, checkSrcDoc(m.HTML.SrcDoc, allowRemote)...)
		if allowRemote && m.HTML.RemoteBlocked != 0 {
			v = append(v, "RemoteBlocked is not zero with AllowRemote")
		}
	}
	if strings.ContainsAny(m.Subject, "\r\n\x00") {
		v = append(v, "subject has control characters")
	}
	for _, a := range m.Attachments {
		if strings.ContainsAny(a.Name, "/\\\x00\r\n\u202e") {
			v = append(v, "attachment name not cleaned: "+strconv.Quote(a.Name))
		}
	}
	for i, n := range m.Nested {
		for _, x := range checkMessage(n, allowRemote) {
			v = append(v, fmt.Sprintf("nested %d: %s", i, x))
		}
	}
	return v
}

// checkTextHTML checks TextBody.HTML: one <pre class="mail-text"> with
// text and safe links only.
func checkTextHTML(s string) []string {
	var v []string
	if !strings.HasPrefix(s, `<pre class="mail-text">`) || !strings.HasSuffix(s, `</pre>`) {
		v = append(v, "text HTML is not one <pre>")
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		return append(v, "text HTML does not parse: "+err.Error())
	}
	if len(nodes) != 1 {
		v = append(v, fmt.Sprintf("text HTML has %d top-level nodes", len(nodes)))
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "pre":
			case "a":
				if n.Parent == nil || n.Parent.Data != "pre" {
					v = append(v, "text link outside the <pre>")
				}
				href, target, rel := attr(n, "href"), attr(n, "target"), attr(n, "rel")
				if !reSafeHref.MatchString(href) {
					v = append(v, "text link to "+strconv.Quote(href))
				}
				if target != "_blank" || rel != "noopener noreferrer" {
					v = append(v, "text link without target/rel")
				}
				for _, a := range n.Attr {
					if a.Key != "href" && a.Key != "target" && a.Key != "rel" {
						v = append(v, "text link has attribute "+a.Key)
					}
				}
			default:
				v = append(v, "text HTML has element <"+n.Data+">")
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return v
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// checkSrcDoc parses an HTMLBody.SrcDoc as the browser will and reports
// everything that could run script, submit, frame, navigate the frame or
// (without allowRemote) load anything remote.
func checkSrcDoc(doc string, allowRemote bool) []string {
	var v []string
	csp := CSP(allowRemote)
	wantPrefix := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(csp) + `">`
	if !strings.HasPrefix(doc, wantPrefix) {
		v = append(v, "SrcDoc does not start with the CSP meta")
	}
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return append(v, "SrcDoc does not parse: "+err.Error())
	}
	// The head must hold exactly our meta, meta, base and styles, in order.
	var head *html.Node
	var find func(n *html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "head" && head == nil {
			head = n
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			find(c)
		}
	}
	find(root)
	if head == nil {
		return append(v, "no head")
	}
	var headEls []*html.Node
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			headEls = append(headEls, c)
		}
	}
	if len(headEls) < 5 {
		v = append(v, fmt.Sprintf("head has %d elements", len(headEls)))
	} else {
		if headEls[0].Data != "meta" || !strings.EqualFold(attr(headEls[0], "http-equiv"), "Content-Security-Policy") ||
			attr(headEls[0], "content") != csp || len(headEls[0].Attr) != 2 {
			v = append(v, "first head element is not the CSP meta")
		}
		if headEls[1].Data != "meta" || !strings.EqualFold(attr(headEls[1], "http-equiv"), "x-dns-prefetch-control") ||
			attr(headEls[1], "content") != "off" || len(headEls[1].Attr) != 2 {
			v = append(v, "second head element is not the DNS prefetch meta")
		}
		if headEls[2].Data != "meta" || attr(headEls[2], "name") != "referrer" || attr(headEls[2], "content") != "no-referrer" || len(headEls[2].Attr) != 2 {
			v = append(v, "third head element is not the referrer meta")
		}
		if headEls[3].Data != "base" || attr(headEls[3], "target") != "_blank" || len(headEls[3].Attr) != 1 {
			v = append(v, "fourth head element is not <base target=_blank>")
		}
		for _, e := range headEls[4:] {
			if e.Data != "style" || len(e.Attr) != 0 {
				v = append(v, "unexpected <"+e.Data+"> in head")
				continue
			}
			if e.FirstChild != nil {
				v = append(v, checkCSS(e.FirstChild.Data, allowRemote, "<style>")...)
			}
		}
		if len(headEls) > 6 {
			v = append(v, "more than two <style> elements")
		}
	}
	var walk func(n *html.Node, inHead bool)
	walk = func(n *html.Node, inHead bool) {
		switch n.Type {
		case html.ElementNode:
			if n.Namespace != "" {
				v = append(v, "foreign element <"+n.Namespace+":"+n.Data+">")
			}
			if inHead {
				break // checked above
			}
			if !safeElements[n.Data] {
				v = append(v, "element <"+n.Data+">")
			}
			v = append(v, checkAttrs(n, allowRemote)...)
		case html.DoctypeNode:
			v = append(v, "doctype in body")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inHead || (n.Type == html.ElementNode && n.Data == "head"))
		}
	}
	walk(root, false)
	return v
}

func checkAttrs(n *html.Node, allowRemote bool) []string {
	var v []string
	el := "<" + n.Data + "> "
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			v = append(v, el+"namespaced attribute "+a.Namespace+":"+a.Key)
			continue
		}
		if strings.HasPrefix(key, "on") {
			v = append(v, el+"event handler "+key)
			continue
		}
		if key == "id" && n.Data == "div" && n.Parent != nil && n.Parent.Data == "body" && reMailPart.MatchString(a.Val) {
			continue // the package's box around one part
		}
		if !safeAttrs[key] {
			v = append(v, el+"attribute "+key)
			continue
		}
		val := strings.TrimSpace(a.Val)
		switch key {
		case "href":
			if n.Data != "a" {
				v = append(v, el+"has href")
			}
			if !reSafeHref.MatchString(val) {
				v = append(v, el+"href "+strconv.Quote(val))
			}
			if reRemoteURL.MatchString(val) && (attr(n, "target") != "_blank" || !strings.Contains(attr(n, "rel"), "noopener") || !strings.Contains(attr(n, "rel"), "noreferrer")) {
				v = append(v, el+"link without target=_blank rel=noopener noreferrer")
			}
		case "target":
			if val != "_blank" {
				v = append(v, el+"target "+strconv.Quote(val))
			}
		case "src":
			if n.Data != "img" {
				v = append(v, el+"has src")
			}
			if !reDataImage.MatchString(val) && !(allowRemote && reRemoteURL.MatchString(val)) {
				v = append(v, el+"src "+strconv.Quote(short(val)))
			}
		case "srcset", "background":
			if !allowRemote {
				v = append(v, el+key+" without AllowRemote")
				break
			}
			for _, c := range strings.Split(val, ",") {
				if f := strings.Fields(c); len(f) > 0 && !reRemoteURL.MatchString(f[0]) {
					v = append(v, el+key+" "+strconv.Quote(val))
				}
			}
		case "style":
			v = append(v, checkCSS(val, allowRemote, el+"style")...)
		}
	}
	return v
}

// checkCSS looks for what could run or load in CSS, after undoing CSS
// escapes (which can spell "url(" as "\75 rl(").
func checkCSS(css string, allowRemote bool, where string) []string {
	var v []string
	plain := strings.ToLower(reCSSEscape.ReplaceAllStringFunc(css, func(m string) string {
		h := strings.TrimSpace(m[1:])
		if n, err := strconv.ParseUint(h, 16, 32); err == nil && len(h) > 0 && isHexString(h) {
			return string(rune(n))
		}
		return m[1:]
	}))
	for _, bad := range badCSSTokens {
		if strings.Contains(plain, bad) {
			v = append(v, where+" contains "+strconv.Quote(bad))
		}
	}
	urls := reCSSURL.FindAllStringSubmatch(plain, -1)
	if strings.Count(plain, "url(") != len(urls) {
		v = append(v, where+" has a url( that could not be read")
	}
	for _, u := range urls {
		if !allowRemote || !reRemoteURL.MatchString(u[2]) {
			v = append(v, where+" loads "+strconv.Quote(u[2]))
		}
	}
	for _, fn := range []string{"image(", "image-set(", "cross-fade(", "element(", "attr(", "src("} {
		if strings.Contains(plain, fn) {
			v = append(v, where+" calls "+fn)
		}
	}
	return v
}

func isHexString(s string) bool {
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

func short(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}
