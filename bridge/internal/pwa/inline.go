package pwa

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"regexp"
	"slices"
)

// The page carries its stylesheets and its snapshot script in itself
// instead of linking them. A fresh renderer asks for a page's first
// subresources tens of milliseconds after the page arrived, and a
// stylesheet, or a script without defer, holds the parser or the first
// paint until it is in. Inline, a fresh profile parsed the page about
// 100 ms sooner and painted it about 30 ms sooner (docs/architecture.md),
// for about 20 KB more page, which the service worker keeps with it. The
// files are still served and pre-cached: an exported page
// (Options.Static) and pages cached before this one link them.
//
// go-app v9.8.0 writes each stylesheet as a preload link and a
// stylesheet link, and each script as a script element with src, its
// attributes in any order (it renders them from a map): tags are matched
// whole and read by attribute, never as fixed strings.
var (
	linkTag   = regexp.MustCompile(`<link\s[^>]*>`)
	scriptTag = regexp.MustCompile(`<script\s[^>]*></script>`)
	tagAttr   = regexp.MustCompile(`\s([a-z-]+)(?:="([^"]*)")?`)
)

// errInlineEnds means a file to be put in the page contains the end tag
// of its element, so inline it would end early and the rest would be
// read as HTML.
var errInlineEnds = errors.New("pwa: a stylesheet or script to be put in the page contains its own end tag, so it cannot be inlined (remove the </style or </script from it)")

// inlined are the files the page carries, by the URL go-app links them
// with.
type inlined struct {
	styles  map[string][]byte
	scripts map[string][]byte
}

// newInlined checks that each file can be inlined.
func newInlined(styles, scripts map[string][]byte) (*inlined, error) {
	for p, b := range styles {
		if endsElement(b, "</style") {
			return nil, fmt.Errorf("%w: %s", errInlineEnds, p)
		}
	}
	for p, b := range scripts {
		// <!-- and <script change how an HTML parser reads a script's
		// text (the "script data escaped" states), so they are refused
		// too.
		if endsElement(b, "</script") || endsElement(b, "<!--") || endsElement(b, "<script") {
			return nil, fmt.Errorf("%w: %s", errInlineEnds, p)
		}
	}
	return &inlined{styles: styles, scripts: scripts}, nil
}

func endsElement(b []byte, tag string) bool {
	return bytes.Contains(bytes.ToLower(b), []byte(tag))
}

// scriptSources are the Content-Security-Policy sources that let the
// inlined scripts run, and no other inline script: their SHA-256 hashes
// (CSP Level 3, section 8.4), sorted, so that every bridge behind one
// proxy sends the same policy.
func (in *inlined) scriptSources() []string {
	var out []string
	for _, b := range in.scripts {
		sum := sha256.Sum256(b)
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	slices.Sort(out)
	return out
}

// edit puts the files in page: a stylesheet link becomes a style
// element with the sheet, its preload link goes, and a script element
// becomes one with the script as its text.
func (in *inlined) edit(page []byte) []byte {
	page = linkTag.ReplaceAllFunc(page, func(tag []byte) []byte {
		a := attrsOf(tag)
		css, ok := in.styles[a["href"]]
		if !ok {
			return tag
		}
		switch a["rel"] {
		case "preload":
			return nil
		case "stylesheet":
			return append(append([]byte("<style>"), css...), "</style>"...)
		}
		return tag
	})
	return scriptTag.ReplaceAllFunc(page, func(tag []byte) []byte {
		js, ok := in.scripts[attrsOf(tag)["src"]]
		if !ok {
			return tag
		}
		return append(append([]byte("<script>"), js...), "</script>"...)
	})
}

// attrsOf reads a tag's attributes (go-app writes values in double
// quotes).
func attrsOf(tag []byte) map[string]string {
	a := map[string]string{}
	for _, m := range tagAttr.FindAllSubmatch(tag, -1) {
		a[string(m[1])] = string(m[2])
	}
	return a
}
