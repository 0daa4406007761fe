package mailhdr

import (
	"bytes"
	"strings"

	"github.com/emersion/go-message/mail"
)

// Header is a parsed header block: its fields in order, each unfolded
// (RFC 5322 section 2.2.3) only when asked for. The zero Header has no
// fields. Names match without regard to case.
type Header struct {
	fields []field
}

type field struct {
	name  []byte // as written, without the white space before the colon
	value []byte // after the colon, folded, without the last line end
}

// Get returns the first value of the named field, unfolded and trimmed,
// or "".
func (h Header) Get(name string) string {
	for _, f := range h.fields {
		if equalFold(f.name, name) {
			return unfold(f.value)
		}
	}
	return ""
}

// count is how many fields are named name.
func (h Header) count(name string) int {
	n := 0
	for _, f := range h.fields {
		if equalFold(f.name, name) {
			n++
		}
	}
	return n
}

// All returns every value of the named field, in order.
func (h Header) All(name string) []string {
	var out []string
	for _, f := range h.fields {
		if equalFold(f.name, name) {
			out = append(out, unfold(f.value))
		}
	}
	return out
}

// MessageID returns the Message-ID without its angle brackets, as
// go-message reads an RFC 5322 msg-id (comments and all).
func (h Header) MessageID() (string, error) {
	var mh mail.Header
	mh.Set("Message-Id", h.Get("Message-Id"))
	return mh.MessageID()
}

// equalFold compares an ASCII field name with name, ignoring case.
func equalFold(b []byte, name string) bool {
	if len(b) != len(name) {
		return false
	}
	for i := range b {
		if lower(b[i]) != lower(name[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// unfold removes the line breaks of a folded value and the white space
// around each, keeping one space between the lines' texts, as
// go-message's textproto does.
func unfold(v []byte) string {
	if bytes.IndexByte(v, '\n') < 0 {
		return string(trimSpace(v))
	}
	var sb strings.Builder
	sb.Grow(len(v))
	for len(v) > 0 {
		line := v
		if nl := bytes.IndexByte(v, '\n'); nl >= 0 {
			line, v = v[:nl], v[nl+1:]
		} else {
			v = nil
		}
		line = trimSpace(line)
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

// MaxFields bounds the fields kept per header block; the rest of an
// absurd header still counts as header (it is not shown as body).
const MaxFields = 2000

// Read splits an entity (a message or a MIME part) into its header and
// body. The fields themselves are parsed by go-message
// (textproto.ReadHeader: RFC 5322 section 2.2, unfolding per 2.2.3).
// The problems returned describe, for people, each leniency of the block
// reader below; the body is never lost.
//
// The block reader stays hand-written because textproto.ReadHeader (like
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
// Only the first MaxFields fields are handed over.
func Read(b []byte) (h Header, body []byte, problems []string) {
	block, body, problems, n := headerBlock(b)
	h.fields = split(block, n)
	return h, body, problems
}

// split cuts block, which headerBlock made valid for go-message's
// textproto.ReadHeader, into its fields. It does not copy: values are
// unfolded when asked for, and an inbox row asks for a few fields of the
// dozens that trace and signature fields make.
//
// n is how many fields headerBlock counted: the slice is made once.
func split(block []byte, n int) []field {
	out := make([]field, 0, min(n, MaxFields))
	start := 0
	add := func(end int) {
		f := block[start:end]
		f = bytes.TrimSuffix(f, []byte("\n")) // the last line may end the entity instead
		colon := bytes.IndexByte(f, ':')
		out = append(out, field{name: trimRightWSP(f[:colon]), value: f[colon+1:]})
	}
	for i := 0; i < len(block); {
		next := len(block)
		if nl := bytes.IndexByte(block[i:], '\n'); nl >= 0 {
			next = i + nl + 1
		}
		if i > start && block[i] != ' ' && block[i] != '\t' {
			add(i)
			start = i
		}
		i = next
	}
	if start < len(block) {
		add(len(block))
	}
	return out
}

// headerBlock finds where the header of an entity ends and returns the
// header block, repaired where needed so that go-message reads it (see
// Read), the body, and how many fields the block holds. It reads each
// line once.
func headerBlock(b []byte) (block, body []byte, problems []string, n int) {
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
		if fields > MaxFields {
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
		if len(trimSpace(line)) == 0 {
			// The blank line that ends the header. (A line of only
			// white space after a field is an obsolete continuation in
			// theory; nobody means that, so it ends the header too.)
			return result(), b[next:], problems, fields
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
				return nil, b[i:], append(problems, "the message has no header; it is shown as text"), 0
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
				return nil, b[i:], append(problems, "the message has no header; it is shown as text"), 0
			}
			return result(), b[i:], append(problems, "the header does not end with a blank line"), fields
		}
		fields++
		keep(i, next, false)
		prev = line
		i = next
	}
	return result(), nil, problems, fields
}

// isField reports whether line starts a header field ("Name: value") that
// textproto.ReadHeader accepts: a non-empty name of printable US-ASCII
// (trailing white space before the colon is tolerated, as by ReadHeader).
func isField(line []byte) bool {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 {
		return false
	}
	key := trimRightWSP(line[:colon]) // seen in the wild
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

// trimSpace trims spaces, tabs and CRs from both ends of b, as
// bytes.Trim(b, " \t\r") does without building its set at every call:
// a header's every line passes here.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isSpaceTabCR(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpaceTabCR(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpaceTabCR(c byte) bool { return c == ' ' || c == '\t' || c == '\r' }

// trimRightWSP trims spaces and tabs from the end of b.
func trimRightWSP(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
