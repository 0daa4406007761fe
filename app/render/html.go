package render

import (
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/microcosm-cc/bluemonday"
)

// CSP returns the Content-Security-Policy that heads every SrcDoc: nothing
// may run, be submitted, framed or fetched, except data: images and fonts
// and inline styles; with allowRemote, http and https images too. The
// sandbox attribute already blocks scripts and forms; the policy is a
// second, independent wall (and the only one against remote loads).
func CSP(allowRemote bool) string {
	img := "data:"
	if allowRemote {
		img = "data: https: http:"
	}
	return "default-src 'none'; img-src " + img +
		"; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"
}

// baseCSS is the package's own style sheet in every SrcDoc: mail is
// written for a white page whatever the app's theme, and plain-text
// parts mixed into an HTML body keep their line breaks.
const baseCSS = `html{background:#fff;color:#000;color-scheme:light}` +
	`body{margin:8px;font-family:sans-serif;overflow-wrap:break-word}` +
	`pre.mail-text{white-space:pre-wrap;font-family:inherit;margin:0 0 1em}` +
	// Each part's box holds its floats and margins, and scrolls what
	// overflows it, so one part cannot lay itself over another. Mail
	// cannot set an id, so only these elements match.
	`[id^="mail-part-"]{display:flow-root;overflow:auto}`

// htmlState is the per-message state the sanitizer policy's callbacks
// use: the message's cid: images, and the remote URLs seen.
type htmlState struct {
	r           *renderer
	allowRemote bool
	hasRemote   bool
	blocked     map[string]bool
	inlineLeft  int64
	dataURLs    map[int]string // attachment index -> data: URL opaque part
}

func (st *htmlState) remote(u string) {
	st.hasRemote = true
	if !st.allowRemote {
		st.blocked[strings.ToLower(u)] = true
	}
}

// sanitize builds the HTMLBody for the HTML parts of a message.
//
// When there are several, each part is sanitized on its own, as a closed
// fragment (see closeFragment), and sits in a <div id="mail-part-N"> of
// its own whose style sheets are scoped to it (see scopeSelector):
// nothing one part leaves open, and no rule of its sheets, reaches
// another part. A message with a single part, by far the most common,
// needs none of this: nothing follows it.
func (r *renderer) sanitize(parts []string) *HTMLBody {
	st := &htmlState{
		r:           r,
		allowRemote: r.opts.AllowRemote,
		blocked:     map[string]bool{},
		inlineLeft:  r.lim.inline,
		dataURLs:    map[int]string{},
	}
	if len(parts) > 1 {
		for i, p := range parts {
			closed, ok := closeFragment(p)
			if !ok {
				r.note("", Note{Kind: NoteHTMLTooDeep})
				closed = spansHTML(linkify(fragmentText(p)))
			}
			parts[i] = closed
		}
	}
	scans := make([]scanResult, len(parts))
	var attrs, sheets []string
	for i, p := range parts {
		scans[i] = scanHTML(p)
		for _, u := range scans[i].remote {
			st.remote(u)
		}
		attrs = append(attrs, scans[i].attrs...)
		sheets = append(sheets, scans[i].sheets...)
	}
	styles := !cssTooCostly(attrs, sheets)
	if !styles {
		r.note("", Note{Kind: NoteStylesTooLarge})
	}
	// The one and only sanitizing pass of each part. Its output is used
	// as it is.
	policy := st.policy(styles)
	var body, sheet strings.Builder
	// The sanitizer writes straight into body, grown once to twice the
	// input's size (links gain rel and target attributes, so the output
	// can outgrow the input): a large slice grows by a quarter at a time,
	// and growing a 4 MiB body that way, then copying it twice out of
	// Sanitize's own buffer, was a third of the cost of a 4 MiB message.
	size := 0
	for _, p := range parts {
		size += 2*len(p) + 64
	}
	body.Grow(size)
	for i, p := range parts {
		if len(parts) == 1 {
			if styles {
				st.sanitizeSheets(&sheet, scans[i].sheets, "")
			}
			sanitizeInto(&body, policy, p)
			break
		}
		id := "mail-part-" + strconv.Itoa(i+1)
		if styles {
			st.sanitizeSheets(&sheet, scans[i].sheets, "#"+id)
		}
		body.WriteString(`<div id="`)
		body.WriteString(id)
		body.WriteString(`">`)
		sanitizeInto(&body, policy, p)
		body.WriteString(`</div>`)
	}
	csp := CSP(st.allowRemote)
	var doc strings.Builder
	doc.Grow(body.Len() + sheet.Len() + 512)
	doc.WriteString(`<meta http-equiv="Content-Security-Policy" content="`)
	doc.WriteString(html.EscapeString(csp))
	doc.WriteString(`">`)
	// Right after the CSP: the browser must not resolve the names of the
	// links' hosts before the person clicks one (a DNS query tells the
	// sender the message was opened, even with remote content blocked).
	doc.WriteString(`<meta http-equiv="x-dns-prefetch-control" content="off">`)
	doc.WriteString(`<meta name="referrer" content="no-referrer"><base target="_blank"><style>`)
	doc.WriteString(baseCSS)
	doc.WriteString(`</style>`)
	if sheet.Len() > 0 {
		doc.WriteString(`<style>`)
		doc.WriteString(sheet.String())
		doc.WriteString(`</style>`)
	}
	doc.WriteString(body.String())
	return &HTMLBody{
		SrcDoc:        doc.String(),
		Body:          body.String(),
		CSP:           csp,
		HasRemote:     st.hasRemote,
		RemoteBlocked: len(st.blocked),
	}
}

// Attribute value patterns. Values are escaped on output whatever they
// are; the patterns keep attributes meaningful and URL attributes to
// their schemes.
var (
	reLinkHref = regexp.MustCompile(`(?i)^\s*(https?://|mailto:)`)
	reSrcCID   = regexp.MustCompile(`(?i)^\s*cid:`)
	reSrcAny   = regexp.MustCompile(`(?i)^\s*(cid:|https?://)`)
	reRemote   = regexp.MustCompile(`(?i)^\s*https?://[^\s"'<>\\()]+\s*$`)
	reSrcset   = regexp.MustCompile(`(?i)^\s*https?://[^\s,"'<>\\()]+(\s+[0-9.]+[wx])?(\s*,\s*https?://[^\s,"'<>\\()]+(\s+[0-9.]+[wx])?)*\s*$`)
	reDir      = regexp.MustCompile(`(?i)^\s*(ltr|rtl|auto)\s*$`)
	reLang     = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)
	reClass    = regexp.MustCompile(`^[\p{L}\p{N}\s_-]*$`)
	reAlign    = regexp.MustCompile(`(?i)^\s*(left|right|center|justify|top|middle|bottom|baseline|absmiddle|absbottom|texttop|char)\s*$`)
	reVAlign   = regexp.MustCompile(`(?i)^\s*(top|middle|bottom|baseline)\s*$`)
	reLength   = regexp.MustCompile(`(?i)^\s*[0-9]{1,5}(\.[0-9]+)?\s*(%|px)?\s*$`)
	reInt      = regexp.MustCompile(`^\s*[0-9]{1,5}\s*$`)
	reFontSize = regexp.MustCompile(`^\s*[+-]?[0-9]{1,2}\s*$`)
	reColor    = regexp.MustCompile(`^\s*(#[0-9a-fA-F]{3,8}|[a-zA-Z]{1,32}|[0-9a-fA-F]{6})\s*$`)
	reFace     = regexp.MustCompile(`^[\p{L}\p{N}\s,'"_-]*$`)
	reListType = regexp.MustCompile(`^\s*(1|a|A|i|I|disc|circle|square|none)\s*$`)
	reDatetime = regexp.MustCompile(`^[0-9T:.+\-Z ]{1,40}$`)
)

// Elements kept. Everything else is dropped, its text kept, except the
// content of script, style, title, iframe, object, noscript and the like,
// which bluemonday drops with the element. Notably absent: script,
// style (sheets are handled apart), iframe, frame, object, embed,
// applet, form and every form control, meta, base, link, svg, math,
// template, noscript, textarea, xmp, plaintext, video, audio, source,
// picture, map, area.
var keptElements = []string{
	"a", "abbr", "acronym", "address", "article", "aside", "b", "bdi", "bdo", "big",
	"blockquote", "body", "br", "caption", "center", "cite", "code", "col", "colgroup",
	"dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
	"font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
	"i", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "pre", "q",
	"rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong",
	"sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
	"tr", "tt", "u", "ul", "var", "wbr",
}

var tableElements = []string{"table", "thead", "tbody", "tfoot", "tr", "td", "th", "col", "colgroup"}

// policy builds the allowlist for one message. It is built per call
// because its callbacks carry the message's state (cid: images, remote
// counts) and AllowRemote.
func (st *htmlState) policy(styles bool) *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(keptElements...)

	// URLs: parseable, absolute, and of these schemes only. cid: is
	// accepted so that the src rewriter can replace it; the attribute
	// patterns below restrict which attribute may carry which scheme.
	// http and https need a host: "http:0" or "https:///" would resolve
	// against nothing sensible (and get no target/rel from bluemonday).
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	hasHost := func(u *url.URL) bool { return u.Host != "" && u.Opaque == "" }
	p.AllowURLSchemeWithCustomPolicy("http", hasHost)
	p.AllowURLSchemeWithCustomPolicy("https", hasHost)
	// mailto: keeps the address only. (bluemonday serializes the URL
	// after its policy returns, so the policy's change is what is kept.)
	p.AllowURLSchemeWithCustomPolicy("mailto", mailtoAddressOnly)
	p.AllowURLSchemeWithCustomPolicy("cid", func(*url.URL) bool { return true })

	// Links open in a new tab, without opener or referrer.
	p.AllowAttrs("href").Matching(reLinkHref).OnElements("a")
	p.RequireNoReferrerOnLinks(true)
	p.AddTargetBlankToFullyQualifiedLinks(true)

	// Images: cid: always (rewritten to data:), http(s) only when remote
	// content is allowed. srcset and background likewise.
	if st.allowRemote {
		p.AllowAttrs("src").Matching(reSrcAny).OnElements("img")
		p.AllowAttrs("srcset").Matching(reSrcset).OnElements("img")
		p.AllowAttrs("background").Matching(reRemote).OnElements("body", "table", "td", "th", "tr")
	} else {
		p.AllowAttrs("src").Matching(reSrcCID).OnElements("img")
	}
	p.RewriteSrc(st.rewriteSrc)
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("border", "hspace", "vspace").Matching(reInt).OnElements("img")

	// Presentation attributes of old-school HTML mail.
	p.AllowAttrs("title").Globally()
	p.AllowAttrs("dir").Matching(reDir).Globally()
	p.AllowAttrs("lang").Matching(reLang).Globally()
	p.AllowAttrs("class").Matching(reClass).Globally()
	p.AllowAttrs("align").Matching(reAlign).Globally()
	p.AllowAttrs("valign").Matching(reVAlign).OnElements(tableElements...)
	p.AllowAttrs("width", "height").Matching(reLength).OnElements(append([]string{"img", "hr", "div"}, tableElements...)...)
	p.AllowAttrs("bgcolor").Matching(reColor).OnElements(append([]string{"body"}, tableElements...)...)
	p.AllowAttrs("text", "link", "vlink", "alink").Matching(reColor).OnElements("body")
	p.AllowAttrs("color").Matching(reColor).OnElements("font", "hr")
	p.AllowAttrs("face").Matching(reFace).OnElements("font")
	p.AllowAttrs("size").Matching(reFontSize).OnElements("font", "hr")
	p.AllowAttrs("noshade").OnElements("hr")
	p.AllowAttrs("border", "cellpadding", "cellspacing").Matching(reInt).OnElements("table")
	p.AllowAttrs("colspan", "rowspan").Matching(reInt).OnElements("td", "th")
	p.AllowAttrs("nowrap").OnElements("td", "th")
	p.AllowAttrs("span").Matching(reInt).OnElements("col", "colgroup")
	p.AllowAttrs("start").Matching(reInt).OnElements("ol")
	p.AllowAttrs("reversed").OnElements("ol")
	p.AllowAttrs("type").Matching(reListType).OnElements("ol", "ul", "li")
	p.AllowAttrs("value").Matching(reInt).OnElements("li")
	p.AllowAttrs("open").OnElements("details")
	p.AllowAttrs("datetime").Matching(reDatetime).OnElements("time", "del", "ins")

	// Inline styles: allowed properties, values checked by cssValue.
	if styles {
		p.AllowStyles(cssProperties...).MatchingHandler(st.cssValue).Globally()
	}
	return p
}

// placeholder is a transparent 1×1 GIF, shown for a cid: image that is
// missing, not an image, or over the inline budget.
const placeholder = "image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

// rewriteSrc is bluemonday's src rewriter for img: it replaces cid: URLs
// with data: URLs of the message's own image parts. Any other URL that
// reaches it is http(s) admitted by the policy because remote content is
// allowed; anything else becomes the placeholder.
func (st *htmlState) rewriteSrc(u *url.URL) {
	if u == nil {
		return
	}
	switch strings.ToLower(u.Scheme) {
	case "cid":
		*u = url.URL{Scheme: "data", Opaque: st.cidData(u)}
	case "http", "https":
		if !st.allowRemote || u.Host == "" {
			*u = url.URL{Scheme: "data", Opaque: placeholder}
		}
	default:
		*u = url.URL{Scheme: "data", Opaque: placeholder}
	}
}

// sanitizeInto runs the policy over one part and appends its output to w.
// Neither a strings.Reader nor a strings.Builder can fail, so the error
// after which Sanitize would give "" cannot happen here; and bluemonday
// writes only tokens it has already cleaned, so even a partial output
// would be safe to keep.
func sanitizeInto(w *strings.Builder, policy *bluemonday.Policy, part string) {
	_ = policy.SanitizeReaderToWriter(strings.NewReader(part), w)
}
