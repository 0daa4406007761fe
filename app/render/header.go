package render

import (
	"bufio"
	"bytes"
	"strings"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// header is a parsed header block. Its fields are read, unfolded and
// keyed by go-message's textproto.ReadHeader; mail.Header adds the RFC
// 5322 accessor for Message-ID used by fields.go.
type header struct {
	mail.Header
}

// get returns the first value of the named field, or "".
func (h header) get(name string) string { return trimValue(h.Get(name)) }

// all returns every value of the named field, in order.
func (h header) all(name string) []string {
	vs := h.Values(name)
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = trimValue(v)
	}
	return out
}

// trimValue trims what ReadHeader leaves around a value when a line ends
// in stray white space after a CR ("value\r\t\n" keeps its "\r").
func trimValue(v string) string { return strings.Trim(v, " \t\r") }

// maxHeaderFields bounds the fields kept per header block; the rest of an
// absurd header still counts as header (it is not shown as body).
const maxHeaderFields = 2000

// parseHeader splits an entity (a message or a MIME part) into its header
// and body. The fields themselves are parsed by go-message
// (textproto.ReadHeader: RFC 5322 section 2.2, unfolding per 2.2.3).
// The problems returned describe each leniency of [headerBlock]; the body
// is never lost.
func parseHeader(b []byte) (h header, body []byte, problems []string) {
	block, body, problems := headerBlock(b)
	if len(block) == 0 {
		return h, body, problems
	}
	if block[len(block)-1] != '\n' {
		// A last line that ends at EOF and fills bufio's buffer makes
		// ReadHeader fail with io.EOF; end it. (The full slice
		// expression makes append copy rather than write into Raw.)
		block = append(block[:len(block):len(block)], '\n')
	}
	size := min(len(block), 4096) // bufio's minimum is 16; long lines are read in pieces
	th, err := textproto.ReadHeader(bufio.NewReaderSize(bytes.NewReader(block), size))
	if err != nil {
		// headerBlock hands over only lines that ReadHeader accepts, so
		// this is a bug; keep the fields read so far.
		problems = append(problems, "the header could not be read entirely")
	}
	h.Header = mail.Header{Header: message.Header{Header: th}}
	return h, body, problems
}

// headerBlock finds where the header of an entity ends and returns the
// header block, repaired where needed so that go-message reads it, and
// the body.
//
// This stays hand-written because textproto.ReadHeader (like
// net/textproto) rejects the whole header at the first deviation, without
// saying where the body starts, while mail in the wild has these, each
// read here as the major readers do:
//
//   - a leading mbox "From " line is skipped;
//   - white space before the first field is dropped (ReadHeader: "malformed
//     MIME header initial line");
//   - a line that is not a field but follows a field that ends in ';' or
//     looks like a parameter ("name=value") is taken as an unindented
//     continuation (seen from broken mailers): it is handed to ReadHeader
//     indented by one space;
//   - a line of only white space ends the header (for ReadHeader it
//     continues the previous field, and the body would be read as header);
//   - any other non-field line ends the header: the body starts there;
//   - with no blank line, the whole entity is header (a header-only
//     message, as returned by POP3 TOP n 0).
//
// Only the first maxHeaderFields fields are handed over.
func headerBlock(b []byte) (block, body []byte, problems []string) {
	i := 0
	if bytes.HasPrefix(b, []byte("From ")) {
		if nl := bytes.IndexByte(b, '\n'); nl >= 0 {
			i = nl + 1
		}
	}
	start, end := i, i // the block is b[start:end], unless repaired
	var repaired []byte
	repair := false
	fields := 0
	var prev []byte // the last line of the current field, nil before the first field
	keep := func(from, to int, indent bool) {
		if fields > maxHeaderFields {
			return
		}
		if !repair && !indent && from == end {
			end = to
			return
		}
		if !repair {
			repaired = append([]byte(nil), b[start:end]...)
			repair = true
		}
		if indent {
			repaired = append(repaired, ' ')
		}
		repaired = append(repaired, b[from:to]...)
	}
	result := func() []byte {
		if repair {
			return repaired
		}
		return b[start:end]
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
			return result(), b[next:], problems
		}
		if line[0] == ' ' || line[0] == '\t' {
			if prev != nil {
				keep(i, next, false)
				prev = line
				i = next
				continue
			}
			trimmed := bytes.TrimLeft(line, " \t")
			if !isField(trimmed) {
				return nil, b[i:], append(problems, "the message has no header; it is shown as text")
			}
			warn("the header starts with white space")
			i += len(line) - len(trimmed)
			start, end = i, i
			line = trimmed
		}
		if !isField(line) {
			if prev != nil && looksContinued(prev, line) {
				warn("a header line is not indented; it is taken as a continuation")
				keep(i, next, true)
				prev = line
				i = next
				continue
			}
			if prev == nil {
				return nil, b[i:], append(problems, "the message has no header; it is shown as text")
			}
			return result(), b[i:], append(problems, "the header does not end with a blank line")
		}
		fields++
		keep(i, next, false)
		prev = line
		i = next
	}
	return result(), nil, problems
}

// isField reports whether line starts a header field ("Name: value") that
// textproto.ReadHeader accepts: a non-empty name of printable US-ASCII
// (trailing white space before the colon is tolerated, as by ReadHeader).
func isField(line []byte) bool {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return false
	}
	key := bytes.TrimRight(line[:colon], " \t") // seen in the wild
	if len(key) == 0 {
		return false
	}
	for _, c := range key {
		if c < 33 || c > 126 {
			return false
		}
	}
	return true
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
