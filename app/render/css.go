package render

import (
	"strings"
	"unicode"
)

// cssProperties are the CSS properties kept, in style attributes and
// <style> sheets alike (vendor prefixes are ignored when matching, as
// bluemonday does). Left out on purpose: position and its offsets,
// z-index, transform (overlays and spoofing), content, cursor, filter,
// mask, border-image, list-style-image (they load URLs), behavior and
// -moz-binding (code), unicode-bidi (reordering).
var cssProperties = []string{
	"background", "background-attachment", "background-clip", "background-color",
	"background-image", "background-origin", "background-position", "background-repeat",
	"background-size",
	"border", "border-bottom", "border-bottom-color", "border-bottom-left-radius",
	"border-bottom-right-radius", "border-bottom-style", "border-bottom-width",
	"border-collapse", "border-color", "border-left", "border-left-color",
	"border-left-style", "border-left-width", "border-radius", "border-right",
	"border-right-color", "border-right-style", "border-right-width", "border-spacing",
	"border-style", "border-top", "border-top-color", "border-top-left-radius",
	"border-top-right-radius", "border-top-style", "border-top-width", "border-width",
	"box-shadow", "box-sizing", "caption-side", "clear", "color", "column-count",
	"column-gap", "direction", "display", "empty-cells", "float",
	"font", "font-family", "font-feature-settings", "font-kerning", "font-size",
	"font-stretch", "font-style", "font-variant", "font-weight",
	"height", "hyphens", "letter-spacing", "line-height",
	"list-style", "list-style-position", "list-style-type",
	"margin", "margin-bottom", "margin-left", "margin-right", "margin-top",
	"max-height", "max-width", "min-height", "min-width", "opacity",
	"outline", "outline-color", "outline-style", "outline-width",
	"overflow", "overflow-wrap", "overflow-x", "overflow-y",
	"padding", "padding-bottom", "padding-left", "padding-right", "padding-top",
	"tab-size", "table-layout", "text-align", "text-decoration", "text-decoration-color",
	"text-decoration-line", "text-decoration-style", "text-indent", "text-overflow",
	"text-shadow", "text-transform", "vertical-align", "visibility",
	"white-space", "width", "word-break", "word-spacing", "word-wrap",
}

var cssPropertySet = func() map[string]bool {
	m := make(map[string]bool, len(cssProperties))
	for _, p := range cssProperties {
		m[p] = true
	}
	return m
}()

// cssFunctions are the CSS functions a value may call. url() is handled
// apart: allowed only for http(s) and only with AllowRemote.
var cssFunctions = map[string]bool{
	"rgb": true, "rgba": true, "hsl": true, "hsla": true,
	"calc": true, "min": true, "max": true, "clamp": true,
	"linear-gradient": true, "radial-gradient": true,
	"repeating-linear-gradient": true, "repeating-radial-gradient": true,
}

// vendorPrefixes are stripped before matching a property, like
// bluemonday does.
var vendorPrefixes = []string{"-webkit-", "-moz-", "-ms-", "-o-", "mso-", "-xv-", "-atsc-",
	"-wap-", "-khtml-", "prince-", "-ah-", "-hp-", "-ro-", "-rim-", "-tc-"}

func cssPropertyAllowed(p string) bool {
	p = strings.ToLower(strings.TrimSpace(p))
	for _, v := range vendorPrefixes {
		p = strings.TrimPrefix(p, v)
	}
	return cssPropertySet[p]
}

// cssValue checks one declaration value (lower-cased, with CSS escapes
// already decoded by bluemonday for style attributes). It is an
// allowlist: only the functions in cssFunctions, and url() with an http
// or https URL when remote content is allowed. Remote URLs are recorded
// (and counted as blocked when not allowed).
func (st *htmlState) cssValue(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" || len(v) > 4096 {
		return false
	}
	// Characters that have no business in a value we keep: escapes
	// (which could spell anything), markup, blocks, at-rules, comments.
	if strings.ContainsAny(v, "\\<>{};@`\x00") || strings.Contains(v, "/*") {
		return false
	}
	for _, bad := range []string{"expression", "javascript", "vbscript", "behavior", "binding"} {
		if strings.Contains(v, bad) {
			return false
		}
	}
	ok := true
	for i := 0; i < len(v); i++ {
		if v[i] != '(' {
			continue
		}
		name := cssFuncName(v[:i])
		switch {
		case name == "":
			// a plain parenthesis, as inside calc()
		case name == "url":
			arg, end := cssURLArg(v[i+1:])
			if end < 0 {
				return false
			}
			if !isRemote(arg) {
				return false // data:, cid:, relative, javascript:… never
			}
			st.remote(arg)
			if !st.allowRemote {
				ok = false // keep scanning: count every URL of the value
			}
			i += end
		case cssFunctions[name]:
		default:
			return false
		}
	}
	return ok
}

// cssFuncName returns the identifier just before a '(' (white space in
// between included, to be strict: "url (" is not a function in CSS, but
// it is not kept either).
func cssFuncName(before string) string {
	before = strings.TrimRight(before, " \t\r\n\f")
	i := len(before)
	for i > 0 {
		c := before[i-1]
		if c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80 {
			i--
			continue
		}
		break
	}
	name := before[i:]
	if !strings.ContainsAny(name, "abcdefghijklmnopqrstuvwxyz") && !strings.ContainsFunc(name, func(r rune) bool { return r >= 0x80 }) {
		return "" // "-", "2": an operator or a number before a parenthesis
	}
	return name
}

// cssURLArg reads the argument of url( up to its ')': quotes and white
// space are removed; an argument with white space, quotes or parentheses
// inside is refused (end < 0).
func cssURLArg(s string) (arg string, end int) {
	close := strings.IndexByte(s, ')')
	if close < 0 {
		return "", -1
	}
	arg = strings.TrimSpace(s[:close])
	if len(arg) >= 2 && (arg[0] == '"' || arg[0] == '\'') && arg[len(arg)-1] == arg[0] {
		arg = arg[1 : len(arg)-1]
	}
	if strings.ContainsAny(arg, " \t\r\n\f\"'()") {
		return "", -1
	}
	return arg, close + 1
}

// maxSheetDepth bounds the nesting of @media blocks kept.
const maxSheetDepth = 3

// sanitizeSheets writes to out the <style> sheets of one part, as rules
// confined to the part's box (scope; see scopeSelector) and built only
// from what passes the allowlist: qualified rules with plain
// selectors and allowed declarations, and @media blocks of those.
// Everything else (@import, @font-face, @charset, @keyframes, unknown
// at-rules, statements that do not parse) is dropped. The output is
// written here from parsed pieces, each checked to contain no '<' or
// '\\', so it can neither leave its <style> element nor spell a
// forbidden word through escapes.
func (st *htmlState) sanitizeSheets(out *strings.Builder, sheets []string, scope string) {
	for _, s := range sheets {
		st.writeRules(out, parseSheet(s), scope)
	}
}

func (st *htmlState) writeRules(out *strings.Builder, rules []cssRule, scope string) {
	for _, rule := range rules {
		if rule.isMedia {
			if !mediaQueryOK(rule.media) {
				continue
			}
			var inner strings.Builder
			st.writeRules(&inner, rule.rules, scope)
			if inner.Len() == 0 {
				continue
			}
			out.WriteString("@media ")
			out.WriteString(rule.media)
			out.WriteString(" {\n")
			out.WriteString(inner.String())
			out.WriteString("}\n")
			continue
		}
		var sels []string
		for _, s := range strings.Split(rule.selector, ",") {
			if s = strings.TrimSpace(s); selectorOK(s) {
				sels = append(sels, scopeSelector(s, scope))
			}
		}
		decls := st.declarations(rule.decls)
		if len(sels) == 0 || len(decls) == 0 {
			continue
		}
		out.WriteString(strings.Join(sels, ", "))
		out.WriteString(" { ")
		out.WriteString(strings.Join(decls, "; "))
		out.WriteString(" }\n")
	}
}

// scopeSelector confines a selector of one part's sheet to that part's
// box (scope, "#mail-part-N"): leading html and body compounds, which
// mail uses for the whole page, become the box itself, and the rest must
// be inside it. "body" gives "#mail-part-1", "html > body td"
// "#mail-part-1 td", "p.c" "#mail-part-1 p.c".
// An empty scope leaves sel as it is.
func scopeSelector(sel, scope string) string {
	if scope == "" {
		return sel
	}
	rest := strings.TrimSpace(sel)
	for {
		n := 0
		for n < len(rest) && (rest[n] >= 'a' && rest[n] <= 'z' || rest[n] >= 'A' && rest[n] <= 'Z') {
			n++
		}
		name := rest[:n]
		if !strings.EqualFold(name, "html") && !strings.EqualFold(name, "body") {
			break
		}
		if n < len(rest) && !strings.ContainsRune(" \t\n>+~", rune(rest[n])) {
			break // body.c, body#x, body[...]: not the page as a whole
		}
		rest = strings.TrimLeft(rest[n:], " \t\n>+~")
	}
	if rest == "" {
		return scope
	}
	return scope + " " + rest
}

func (st *htmlState) declarations(decls []cssDecl) []string {
	var kept []string
	for _, d := range decls {
		if !cssPropertyAllowed(d.prop) || !cssIdent(d.prop) {
			continue
		}
		if strings.ContainsAny(d.value, "\\<") || !st.cssValue(d.value) {
			continue
		}
		s := strings.ToLower(d.prop) + ": " + d.value
		if d.important {
			s += " !important"
		}
		kept = append(kept, s)
	}
	return kept
}

// cssIdent reports a plain property name.
func cssIdent(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// selectorOK allows selectors made of names, classes, ids, combinators,
// attribute tests and pseudo-classes: letters, digits and
// " -_.#:>+~*[]=^$|\"'()%!" only.
func selectorOK(s string) bool {
	if s == "" || len(s) > 512 {
		return false
	}
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" \t\n-_.#:>+~*[]=^$|\"'()%!", r) {
			continue
		}
		return false
	}
	return true
}

// mediaQueryOK allows media queries like
// "only screen and (max-width: 600px)".
func mediaQueryOK(s string) bool {
	s = strings.ToLower(s)
	if s == "" || len(s) > 512 || strings.Contains(s, "url") {
		return false
	}
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(" \t\n():,.-/", r) {
			continue
		}
		return false
	}
	return true
}
