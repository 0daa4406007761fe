package render

import (
	"html"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// newTextBody builds a TextBody from plain text.
func newTextBody(plain string) *TextBody {
	spans := linkify(plain)
	return &TextBody{Plain: plain, Spans: spans, HTML: spansHTML(spans)}
}

// spansHTML renders spans as one <pre class="mail-text"> element.
//
// This is "escape, then link" done so that it cannot go wrong: links are
// found in the unescaped text, and then every span, text and href alike,
// is escaped on output (html.EscapeString escapes & < > " and '). No
// message byte is ever written unescaped, so neither a quote nor an
// "&quot;" in the text can end the href attribute, and nothing in the
// output is re-parsed or rewritten afterwards.
func spansHTML(spans []Span) string {
	var sb strings.Builder
	sb.WriteString(`<pre class="mail-text">`)
	for _, s := range spans {
		if s.Href == "" {
			sb.WriteString(html.EscapeString(s.Text))
			continue
		}
		sb.WriteString(`<a href="`)
		sb.WriteString(html.EscapeString(s.Href))
		sb.WriteString(`" target="_blank" rel="noopener noreferrer">`)
		sb.WriteString(html.EscapeString(s.Text))
		sb.WriteString(`</a>`)
	}
	sb.WriteString(`</pre>`)
	return sb.String()
}

// linkify cuts text into spans of plain text and links. A link starts
// with http://, https:// or mailto: (any case) that does not follow a
// letter or digit, runs to white space, a control character or one of
// < > " ` { } | \ ^, and loses trailing punctuation and unbalanced
// closing brackets ("see http://x.org/a_(b)." links "http://x.org/a_(b)").
// It must parse as a URL with a host (http, https) or an address
// (mailto). Everything else stays text.
func linkify(text string) []Span {
	var spans []Span
	textStart := 0
	i := 0
	for i < len(text) {
		c := text[i]
		if c != 'h' && c != 'H' && c != 'm' && c != 'M' {
			i++
			continue
		}
		scheme := linkScheme(text[i:])
		if scheme == 0 || (i > 0 && precededByWord(text[:i])) {
			i++
			continue
		}
		end := linkEnd(text, i)
		link := text[i:end]
		href := mailtoHref(link)
		if href == "" || !validLink(href) {
			// Skip the whole candidate: rescanning it from every
			// position would make "mailto:mailto:mailto:…" quadratic.
			i = max(end, i+1)
			continue
		}
		if textStart < i {
			spans = append(spans, Span{Text: text[textStart:i]})
		}
		spans = append(spans, Span{Text: link, Href: href})
		i = end
		textStart = end
	}
	if textStart < len(text) {
		spans = append(spans, Span{Text: text[textStart:]})
	}
	return spans
}

// linkScheme reports whether s starts with a scheme that is linked.
func linkScheme(s string) byte {
	switch {
	case hasPrefixFold(s, "http://"), hasPrefixFold(s, "https://"):
		return 'h'
	case hasPrefixFold(s, "mailto:"):
		return 'm'
	}
	return 0
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func precededByWord(before string) bool {
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '+' || r == '-' || r == '.'
}

// linkEnd returns the end of the link that starts at i.
func linkEnd(text string, i int) int {
	end := i
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if r == utf8.RuneError && size == 1 || unicode.IsSpace(r) || unicode.IsControl(r) ||
			strings.ContainsRune("<>\"`{}|\\^", r) || r == '\u00A0' || isBidiControl(r) {
			break
		}
		end += size
	}
	// Trim trailing punctuation, and closing brackets without an opening
	// one inside the link. The brackets are counted once and the counts
	// follow each trim: recounting them per trim made a link followed by
	// many ')' quadratic.
	var paren, square int // closing minus opening brackets in text[i:end]
	for k := i; k < end; k++ {
		switch text[k] {
		case '(':
			paren--
		case ')':
			paren++
		case '[':
			square--
		case ']':
			square++
		}
	}
	for end > i {
		switch text[end-1] {
		case '.', ',', ';', ':', '!', '?', '\'', '*':
			end--
			continue
		case ')':
			if paren > 0 {
				paren--
				end--
				continue
			}
		case ']':
			if square > 0 {
				square--
				end--
				continue
			}
		}
		break
	}
	return end
}

func validLink(link string) bool {
	u, err := url.Parse(link)
	if err != nil {
		return false
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.Host != "" && !strings.HasPrefix(u.Host, ":")
	case "mailto":
		at := strings.IndexByte(u.Opaque, '@')
		return at > 0 && at < len(u.Opaque)-1
	}
	return false
}

// unflow undoes RFC 3676 format=flowed: a line that ends in a space is
// joined with the next line of the same quote depth (dropping the space
// with DelSp=yes), space-stuffing is removed, and the signature separator
// "-- " stays a line of its own.
func unflow(s string, delsp bool) string {
	trailingNL := strings.HasSuffix(s, "\n")
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	var sb strings.Builder
	sb.Grow(len(s))
	open := false // a flowed line is waiting for its continuation
	openDepth := 0
	for _, line := range lines {
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := line[depth:]
		content = strings.TrimPrefix(content, " ") // space-stuffing (or the space after ">")
		if open && depth != openDepth {
			sb.WriteByte('\n') // quote depth changed: the paragraph ends
			open = false
		}
		if !open && depth > 0 {
			sb.WriteString(strings.Repeat(">", depth))
			sb.WriteByte(' ')
		}
		flowed := strings.HasSuffix(content, " ") && content != "-- "
		if flowed && delsp {
			content = content[:len(content)-1]
		}
		sb.WriteString(content)
		if flowed {
			open, openDepth = true, depth
			continue
		}
		open = false
		sb.WriteByte('\n')
	}
	out := strings.TrimSuffix(sb.String(), "\n")
	if trailingNL {
		out += "\n"
	}
	return out
}

// sniffMetaCharset finds a charset declared by <meta charset> or
// <meta http-equiv="Content-Type" content="...charset=..."> in the first
// kilobytes of an HTML part that came without one.
func sniffMetaCharset(b []byte) string {
	if len(b) > 4096 {
		b = b[:4096]
	}
	s := strings.ToLower(string(b))
	for off := 0; ; {
		i := strings.Index(s[off:], "<meta")
		if i < 0 {
			return ""
		}
		tag := s[off+i:]
		if e := strings.IndexByte(tag, '>'); e >= 0 {
			tag = tag[:e]
		}
		if j := strings.Index(tag, "charset="); j >= 0 {
			v := strings.TrimLeft(tag[j+len("charset="):], "\"' ")
			if e := strings.IndexAny(v, "\"'; />"); e >= 0 {
				v = v[:e]
			}
			return v
		}
		off += i + len("<meta")
	}
}
