package render

import (
	"strings"

	"github.com/gorilla/css/scanner"
	"golang.org/x/net/html"
)

// scanResult is what a read-only pass over the input HTML learns before
// the sanitizer runs. It changes nothing: the sanitizer still sees the
// input as it came.
type scanResult struct {
	// remote lists http(s) URLs of img src/srcset and background
	// attributes on elements the policy keeps: the images that blocking
	// removes (or that AllowRemote lets load).
	remote []string
	// sheets holds the text of <style> elements, for the stylesheet
	// sanitizer (bluemonday drops <style> whole).
	sheets []string
	// attrs holds the values of style attributes, for cssTooCostly.
	attrs []string
}

// skipContent are the elements whose content bluemonday drops with them;
// the scan ignores what they contain, like the sanitizer does.
var skipContent = map[string]bool{
	"frame": true, "frameset": true, "iframe": true, "noembed": true, "noframes": true,
	"noscript": true, "nostyle": true, "object": true, "script": true, "style": true, "title": true,
}

// remoteAttrHolders are the elements on which the policy keeps src,
// srcset or background.
var remoteAttrHolders = map[string]bool{
	"img": true, "body": true, "table": true, "td": true, "th": true, "tr": true,
}

// scanHTML tokenizes s exactly as bluemonday does (golang.org/x/net/html's
// tokenizer), so both see the same elements and attributes.
func scanHTML(s string) (res scanResult) {
	z := html.NewTokenizer(strings.NewReader(s))
	skipping := 0
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return res
		case html.TextToken:
			if inStyle {
				res.sheets = append(res.sheets, string(z.Text()))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			name := t.Data
			inStyle = name == "style" && tt == html.StartTagToken
			if skipContent[name] && tt == html.StartTagToken && name != "style" && name != "script" {
				skipping++
			}
			for _, a := range t.Attr {
				if a.Key == "style" {
					res.attrs = append(res.attrs, a.Val)
				}
			}
			if skipping > 0 || !remoteAttrHolders[name] {
				continue
			}
			for _, a := range t.Attr {
				switch {
				case a.Key == "src" && name == "img", a.Key == "background":
					if u := strings.TrimSpace(a.Val); isRemote(u) {
						res.remote = append(res.remote, u)
					}
				case a.Key == "srcset" && name == "img":
					for _, c := range strings.Split(a.Val, ",") {
						if f := strings.Fields(c); len(f) > 0 && isRemote(f[0]) {
							res.remote = append(res.remote, f[0])
						}
					}
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName() // lower case, like the Token names above
			n := string(name)
			if n == "style" {
				inStyle = false
			}
			if skipContent[n] && n != "style" && n != "script" && skipping > 0 {
				skipping--
			}
		}
	}
}

// isRemote reports an absolute http or https URL: what AllowRemote
// lets load. (Scheme-relative "//host/x" URLs are dropped either way,
// like every relative URL, so they are not counted as blocked.)
func isRemote(u string) bool {
	u = strings.TrimSpace(u)
	return hasPrefixFold(u, "http://") || hasPrefixFold(u, "https://")
}

// CSS limits. Style attributes are parsed by bluemonday with
// github.com/aymerick/douceur, on the gorilla/css tokenizer; both have
// super-linear corners that a hostile message can hit:
//
//   - the tokenizer tries its url( pattern at every "url(" and scans
//     ahead for the ')' each time: 64 KB of "url(url(url(…" takes 40 s;
//   - douceur builds each declaration by appending token after token to a
//     string: one 64 KB declaration of one-character tokens takes 1 s;
//   - bluemonday decodes the CSS escapes of every declaration value one at
//     a time (removeUnicode), searching again from the start and
//     rebuilding the string after each: 200 KB of "\\41" takes minutes.
//     A decoded character can itself start a new escape ("\\5c 41" is
//     "\\41", then "A"), so the number of rounds is bounded only by the
//     value's length: a value with a backslash costs up to its length
//     squared.
//
// Past any of these bounds, all styles of the message are dropped (with a
// note): the text stays, its formatting goes. Real mail stays far below.
const (
	maxCSSBytes   = 1 << 20     // style attributes and sheets together
	maxURLScan    = 2_000_000   // bytes the url( pattern may scan, in total
	maxDeclCost   = 300_000_000 // tokens × bytes over style declarations (≈0.1 s)
	maxEscCost    = 300_000_000 // bytes² over style declarations with escapes
	cheapCSSBytes = 256         // below this, a text needs no tokenizing
)

func cssTooCostly(attrs, sheets []string) bool {
	total, scan := 0, 0
	for _, list := range [][]string{attrs, sheets} {
		for _, s := range list {
			total += len(s)
			scan += urlScanCost(s)
		}
	}
	if total > maxCSSBytes || scan > maxURLScan {
		return true
	}
	var decl, esc int64
	for _, a := range attrs {
		d, e := declCost(a)
		if decl, esc = decl+d, esc+e; decl > maxDeclCost || esc > maxEscCost {
			return true
		}
	}
	return false
}

// urlScanCost bounds what the tokenizer's url( pattern scans in s: from
// each "url(" to the next ')' (or the end). Linear: the next ')' only
// moves forward.
func urlScanCost(s string) int {
	cost, closeAt := 0, -1
	for i := 0; ; {
		j := strings.Index(s[i:], "url(")
		if j < 0 {
			return cost
		}
		at := i + j
		if closeAt < at {
			if k := strings.IndexByte(s[at:], ')'); k >= 0 {
				closeAt = at + k
			} else {
				closeAt = len(s)
			}
		}
		cost += closeAt - at
		i = at + 4
	}
}

// declCost estimates the work of the style attribute s in douceur (decl:
// tokens × bytes between the ';', '{' and '}' tokens that split its
// declarations, using the same tokenizer) and in bluemonday's escape
// decoding (esc: bytes² of each such declaration that holds a
// backslash). Call it only once urlScanCost is known to be small. It is
// linear in len(s).
func declCost(s string) (decl, esc int64) {
	if len(s) < cheapCSSBytes {
		n := int64(len(s))
		if strings.IndexByte(s, '\\') >= 0 {
			esc = n * n
		}
		return n, esc
	}
	var tokens, bytes int64
	escaped := false
	end := func() {
		decl += tokens*bytes + 1
		if escaped {
			esc += bytes * bytes
		}
		tokens, bytes, escaped = 0, 0, false
	}
	sc := scanner.New(s)
	for {
		t := sc.Next()
		if t.Type == scanner.TokenEOF || t.Type == scanner.TokenError {
			break
		}
		if t.Type == scanner.TokenChar && (t.Value == ";" || t.Value == "{" || t.Value == "}") {
			end()
			continue
		}
		tokens++
		bytes += int64(len(t.Value))
		escaped = escaped || strings.IndexByte(t.Value, '\\') >= 0
	}
	end()
	return decl, esc
}
