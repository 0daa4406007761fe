package pwa

import (
	"bytes"
	"regexp"
)

// The page's stylesheets are written into it rather than linked. A
// linked stylesheet blocks the first paint until it has arrived, and in
// a fresh browser profile its request starts only after the page's own
// has ended and waits behind the browser's start-up work: on loopback
// the sign-in shell painted about 350 ms after the navigation, of which
// the two small stylesheets' requests were the larger part
// (docs/benchmarks.md, cold start). Written into the page, the shell
// paints as soon as the HTML is parsed. The page is cached by the
// service worker under the app's version, which follows the
// stylesheets' ETags, so an inlined copy is never older than the file.
//
// go-app renders a tag's attributes in any order, so a <link> is matched
// whole and its rel and href read inside it.
var (
	linkTag  = regexp.MustCompile(`<link\s[^>]*>`)
	hrefAttr = regexp.MustCompile(`\shref="([^"]*)"`)
	relAttr  = regexp.MustCompile(`\srel="([^"]*)"`)
)

// inlineStyles returns an edit (for rewritePages) that replaces each
// <link rel="stylesheet"> whose href is a key of css with a <style>
// holding that text, in the same place (the cascade keeps its order),
// and drops the <link rel="preload"> of the same files, which would
// fetch them for nothing. A stylesheet that could end the <style>
// element early ("</style") stays linked.
func inlineStyles(css map[string][]byte) func([]byte) []byte {
	return func(page []byte) []byte {
		return linkTag.ReplaceAllFunc(page, func(tag []byte) []byte {
			href, rel := attr(hrefAttr, tag), attr(relAttr, tag)
			body, ok := css[href]
			if !ok || bytes.Contains(bytes.ToLower(body), []byte("</style")) {
				return tag
			}
			switch rel {
			case "preload":
				return nil
			case "stylesheet":
				out := append([]byte("<style>"), body...)
				return append(out, "</style>"...)
			}
			return tag
		})
	}
}

// attr is the value of the attribute re matches in tag, or "".
func attr(re *regexp.Regexp, tag []byte) string {
	if m := re.FindSubmatch(tag); m != nil {
		return string(m[1])
	}
	return ""
}
