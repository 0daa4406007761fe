//go:build !js

package render

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

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
			n.Data, n.DataAtom = "div", atom.Div
			n.Attr = bodyStyle(n.Attr)
			if err := html.Render(&sb, n); err != nil {
				return "", false
			}
		}
	}
	return sb.String(), true
}
