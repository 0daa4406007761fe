package compose

import (
	"strings"
	"unicode/utf8"
)

// Line widths for format=flowed (RFC 3676 section 4.2): lines up to
// flowMax characters are left as typed; longer ones are wrapped to at
// most flowWidth, the width the RFC recommends and readers expect.
const (
	flowWidth = 72
	flowMax   = 78
)

// sigSep is the signature separator line (RFC 3676 section 4.3).
const sigSep = "-- "

// cleanBody turns what a person typed into the text to send: valid UTF-8,
// LF line breaks, no control characters but tabs, no trailing empty lines.
func cleanBody(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
	return strings.TrimRight(s, "\n")
}

// flowed encodes text (cleaned, LF) as format=flowed, delsp=no, with CRLF
// line breaks and a final CRLF. See the package documentation.
func flowed(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/16 + 2)
	for _, line := range strings.Split(text, "\n") {
		if line == sigSep {
			b.WriteString(sigSep + "\r\n")
			continue
		}
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		prefix, content := line[:depth], line[depth:]
		if depth > 0 {
			content = strings.TrimPrefix(content, " ") // the space after ">" is stuffing
		}
		if content != sigSep {
			content = strings.TrimRight(content, " ")
		}
		lead := len(prefix)
		if depth > 0 {
			lead++ // the space written after the quote marks
		}
		if lead+utf8.RuneCountInString(content) <= flowMax {
			writeFlowedLine(&b, prefix, content)
			continue
		}
		for content != "" {
			piece := content[:breakAt(content, flowWidth-lead)]
			content = content[len(piece):]
			writeFlowedLine(&b, prefix, piece)
		}
	}
	return b.String()
}

// writeFlowedLine writes one line with its quote marks, space-stuffed
// where RFC 3676 section 4.4 asks.
func writeFlowedLine(b *strings.Builder, prefix, piece string) {
	b.WriteString(prefix)
	switch {
	case prefix != "" && piece != "":
		b.WriteByte(' ')
	case prefix == "" && (strings.HasPrefix(piece, " ") || strings.HasPrefix(piece, ">") || strings.HasPrefix(piece, "From ")):
		b.WriteByte(' ')
	}
	b.WriteString(piece)
	b.WriteString("\r\n")
}

// breakAt returns the byte length of the first line of s when s is
// wrapped to width characters: just after the last space within width
// that is followed by a non-space (so the line ends in the soft-break
// space and the next does not start with one), or after the first such
// space beyond width when a word is longer than the line, or len(s).
func breakAt(s string, width int) int {
	if width < 20 {
		width = 20 // deep quotes still carry some words per line
	}
	best, n := 0, 0
	for i, r := range s {
		if n > width && best > 0 {
			return best
		}
		n++
		if r == ' ' && i+1 < len(s) && s[i+1] != ' ' {
			best = i + 1
			if n > width {
				return best
			}
		}
	}
	return len(s)
}
