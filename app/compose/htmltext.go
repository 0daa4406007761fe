package compose

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText renders sanitized HTML (app/render's HTMLBody.Body) as plain
// text for quoting: text nodes with white space collapsed, line breaks
// for block elements, list items as "* ", links followed by their target
// when it differs from their text. It only tokenizes: nothing is fetched
// or run, and the cost is linear in the input.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip, pre := 0, 0
	space := false // a space is pending before the next word
	var href, linkText string
	newline := func(n int) {
		out := b.String()
		have := len(out) - len(strings.TrimRight(out, "\n"))
		if len(out) == 0 {
			have = n
		}
		for ; have < n; have++ {
			b.WriteByte('\n')
		}
		space = false
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.TrimSpace(b.String())
		case html.TextToken:
			if skip > 0 {
				continue
			}
			text := string(z.Text())
			if href != "" && len(linkText) < 512 {
				linkText += text // bounded: a link's text is only compared
			}
			if pre > 0 {
				b.WriteString(text)
				continue
			}
			for i, w := range strings.Fields(text) {
				out := b.String()
				if (i > 0 || space || startsSpace(text)) && out != "" && !strings.HasSuffix(out, "\n") && !strings.HasSuffix(out, " ") {
					b.WriteByte(' ')
				}
				b.WriteString(w)
				space = false
			}
			space = endsSpace(text)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			start := tt != html.EndTagToken
			switch a {
			case atom.Style, atom.Script, atom.Head, atom.Title, atom.Template, atom.Noscript:
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case atom.Br:
				b.WriteByte('\n')
				space = false
			case atom.P, atom.Div, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Table, atom.Blockquote, atom.Ul, atom.Ol, atom.Hr:
				newline(2)
			case atom.Tr, atom.Section, atom.Article, atom.Header, atom.Footer, atom.Dd, atom.Dt:
				newline(1)
			case atom.Li:
				if start {
					newline(1)
					b.WriteString("* ")
				}
			case atom.Td, atom.Th:
				if !start {
					space = true // cells of a row are separated by a space
				}
			case atom.Pre:
				newline(2)
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			case atom.A:
				if start && hasAttr {
					for {
						k, v, more := z.TagAttr()
						if string(k) == "href" {
							href, linkText = string(v), ""
						}
						if !more {
							break
						}
					}
				} else if !start && href != "" {
					if t := strings.TrimSpace(linkText); t != href && "mailto:"+t != href && strings.HasPrefix(href, "http") {
						b.WriteString(" <" + href + ">")
					}
					href = ""
				}
			}
		}
	}
}

func startsSpace(s string) bool { return s != "" && strings.IndexByte(" \t\r\n\f", s[0]) >= 0 }
func endsSpace(s string) bool   { return s != "" && strings.IndexByte(" \t\r\n\f", s[len(s)-1]) >= 0 }
