package render

import (
	"bytes"
	"strings"
)

// field is one header field: its name as written and its value unfolded
// (continuation lines joined by one space) but not decoded.
type field struct {
	name, value string
}

type header []field

// get returns the first value of the named field, or "".
func (h header) get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.name, name) {
			return f.value
		}
	}
	return ""
}

// all returns every value of the named field, in order.
func (h header) all(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.name, name) {
			vs = append(vs, f.value)
		}
	}
	return vs
}

// maxHeaderFields bounds the fields kept per header block; the rest of an
// absurd header still counts as header (it is not shown as body).
const maxHeaderFields = 2000

// parseHeader splits an entity (a message or a MIME part) into its header
// fields and body, RFC 5322 section 2.2 and 3.2.2, leniently:
//
//   - a leading mbox "From " line is skipped;
//   - white space before the first field is tolerated;
//   - a line that is not a field but follows a field that ends in ';' or
//     looks like a parameter ("name=value") is taken as an unindented
//     continuation (seen from broken mailers);
//   - any other non-field line ends the header: the body starts there;
//   - with no blank line, the whole entity is header (a header-only
//     message, as returned by POP3 TOP n 0).
//
// The problems returned describe each leniency; the body is never lost.
func parseHeader(b []byte) (h header, body []byte, problems []string) {
	i := 0
	if bytes.HasPrefix(b, []byte("From ")) {
		if nl := bytes.IndexByte(b, '\n'); nl >= 0 {
			i = nl + 1
		}
	}
	// start and end of the raw value of the field being read
	var name string
	vStart, vEnd := -1, -1
	flush := func() {
		if vStart >= 0 {
			if len(h) < maxHeaderFields {
				h = append(h, field{name: name, value: unfold(b[vStart:vEnd])})
			}
			vStart = -1
		}
	}
	warned := map[string]bool{}
	warn := func(p string) {
		if !warned[p] {
			warned[p] = true
			problems = append(problems, p)
		}
	}
	for i < len(b) {
		next := len(b)
		lineEnd := len(b)
		if nl := bytes.IndexByte(b[i:], '\n'); nl >= 0 {
			lineEnd = i + nl
			next = lineEnd + 1
		}
		line := b[i:lineEnd]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		if len(bytes.TrimRight(line, " \t\r")) == 0 {
			// The blank line that ends the header. (A line of only
			// white space after a field is an obsolete continuation in
			// theory; nobody means that, so it ends the header too.)
			flush()
			return h, b[next:], problems
		}
		lineStart := i
		if line[0] == ' ' || line[0] == '\t' {
			if vStart >= 0 {
				vEnd = lineEnd
				i = next
				continue
			}
			trimmed := bytes.TrimLeft(line, " \t")
			if _, _, ok := splitField(trimmed); !ok {
				return nil, b[i:], append(problems, "the message has no header; it is shown as text")
			}
			warn("the header starts with white space")
			lineStart += len(line) - len(trimmed)
			line = trimmed
		}
		n, vOff, ok := splitField(line)
		if !ok {
			if vStart >= 0 && looksContinued(b[vStart:vEnd], line) {
				warn("a header line is not indented; it is taken as a continuation")
				vEnd = lineEnd
				i = next
				continue
			}
			if len(h) == 0 && vStart < 0 {
				return nil, b[i:], append(problems, "the message has no header; it is shown as text")
			}
			flush()
			return h, b[i:], append(problems, "the header does not end with a blank line")
		}
		flush()
		name = n
		vStart = lineStart + vOff
		vEnd = lineEnd
		i = next
	}
	flush()
	return h, nil, problems
}

// splitField reports whether line starts a header field ("Name: value")
// and returns its name and the offset of its value.
func splitField(line []byte) (name string, valueOffset int, ok bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return "", 0, false
	}
	key := bytes.TrimRight(line[:colon], " \t") // seen in the wild
	if len(key) == 0 {
		return "", 0, false
	}
	for _, c := range key {
		if c < 33 || c > 126 {
			return "", 0, false
		}
	}
	return string(key), colon + 1, true
}

// looksContinued guesses whether a non-field line continues the previous
// field: after a ';' or when it looks like a MIME parameter.
func looksContinued(prev, line []byte) bool {
	p := bytes.TrimRight(prev, " \t\r\n")
	if len(p) > 0 && p[len(p)-1] == ';' {
		return true
	}
	eq := bytes.IndexByte(line, '=')
	if eq <= 0 {
		return false
	}
	for _, c := range line[:eq] {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '*') {
			return false
		}
	}
	return true
}

// unfold joins the lines of a raw field value with single spaces,
// trimming the white space around each line break (RFC 5322 2.2.3).
func unfold(v []byte) string {
	if bytes.IndexByte(v, '\n') < 0 {
		return string(bytes.Trim(v, " \t\r"))
	}
	var sb strings.Builder
	sb.Grow(len(v))
	for len(v) > 0 {
		var line []byte
		if nl := bytes.IndexByte(v, '\n'); nl >= 0 {
			line, v = v[:nl], v[nl+1:]
		} else {
			line, v = v, nil
		}
		line = bytes.Trim(line, " \t\r")
		if len(line) == 0 {
			continue
		}
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.Write(line)
	}
	return sb.String()
}
