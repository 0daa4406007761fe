package render

import (
	"bytes"
	"io"
	"strings"

	"github.com/emersion/go-message"
)

// transferEncoding returns the Content-Transfer-Encoding mechanism,
// lower case, without comments or quotes ("" when absent).
func transferEncoding(v string) string {
	v = strings.ToLower(strings.TrimSpace(v))
	if i := strings.IndexAny(v, " \t;("); i >= 0 {
		v = v[:i]
	}
	return strings.Trim(v, "\"'")
}

// decodeTransfer undoes a Content-Transfer-Encoding (RFC 2045 section 6)
// with go-message's decoders (the ones behind message.Entity.Body), except
// for quoted-printable (see decodeQP). The body is decoded as
// bytes, never through a charset: charsets are applied afterwards, per
// call, with Options.Charset (go-message's charset hook is a package
// global).
//
// It never fails: for an unknown mechanism it returns the bytes as they
// are, and for damaged data it returns what decodes; note says what was
// done (none when nothing needed saying). text tells whether the part is
// text: text declared as base64 that is visibly not base64 (words and
// spaces) is shown undecoded rather than as garbage. Identity encodings
// (7bit, 8bit, binary) return body itself, so attachments may alias Raw.
func decodeTransfer(cte string, body []byte, text bool) (data []byte, note Note) {
	switch cte {
	case "quoted-printable":
		return decodeQP(body), Note{}
	case "base64":
		if text && !looksBase64(body) {
			return body, Note{Kind: NoteNotBase64}
		}
		var bad bool
		if body, bad = cleanBase64(body); bad {
			note = Note{Kind: NoteBase64Skipped}
		}
	}
	data, err := decodeEntityBody(cte, body)
	switch {
	case message.IsUnknownEncoding(err):
		return body, Note{Kind: NoteUnknownTransferEncoding, Value: quote(cte)}
	case err != nil && note.Kind == noteNone:
		// Unreachable after cleanBase64, but stay total.
		note = Note{Kind: NoteBase64Damaged}
	}
	return data, note
}

// decodeEntityBody decodes body through go-message: message.New decodes
// the Content-Transfer-Encoding into Entity.Body. The header given to it
// names no media type (so no charset either), which keeps go-message's
// package-level CharsetReader out of the way whatever it is set to.
func decodeEntityBody(cte string, body []byte) ([]byte, error) {
	var h message.Header
	h.Set("Content-Transfer-Encoding", cte)
	in := bytes.NewReader(body)
	e, err := message.New(h, in)
	if err != nil {
		return nil, err
	}
	if e.Body == io.Reader(in) {
		return body, nil // 7bit, 8bit, binary, none: nothing to copy
	}
	out := bytes.NewBuffer(make([]byte, 0, len(body)))
	_, err = out.ReadFrom(e.Body)
	return out.Bytes(), err
}

func isB64(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
}

// looksBase64 reports whether every line, trimmed, is made of base64
// characters only (padding included).
func looksBase64(b []byte) bool {
	for len(b) > 0 {
		var line []byte
		if nl := bytes.IndexByte(b, '\n'); nl >= 0 {
			line, b = b[:nl], b[nl+1:]
		} else {
			line, b = b, nil
		}
		line = bytes.Trim(line, " \t\r")
		for _, c := range line {
			if !isB64(c) && c != '=' {
				return false
			}
		}
	}
	return true
}

// cleanBase64 makes base64 acceptable to go-message's decoder (Go's
// base64.StdEncoding, which skips line breaks but stops at the first other
// stray character and rejects a missing final padding) the way RFC 2045
// section 6.8 asks decoders to read it: characters outside the alphabet
// are ignored, decoding stops at padding, and a final group without
// padding is padded. bad reports ignored characters other than white
// space, or a truncated final group. Well-formed base64 (the usual case)
// is returned as it is, without a copy.
func cleanBase64(b []byte) (clean []byte, bad bool) {
	n, pad, end := 0, 0, len(b)
	for i, c := range b {
		if isB64(c) {
			n++
			continue
		}
		if c == '=' {
			// Padding ends the data; anything after it but white space
			// and more padding is damage.
			end = i
			for _, c := range b[i:] {
				switch c {
				case '=':
					pad++
				case ' ', '\t', '\r', '\n':
				default:
					bad = true
				}
			}
			break
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			bad = true
		}
	}
	if !bad && n%4 != 1 && (n+pad)%4 == 0 && pad <= 2 {
		return b, false
	}
	clean = make([]byte, 0, n+3)
	for _, c := range b[:end] {
		if isB64(c) {
			clean = append(clean, c)
		}
	}
	if len(clean)%4 == 1 {
		// One lone character cannot carry a byte.
		clean = clean[:len(clean)-1]
		bad = true
	}
	for len(clean)%4 != 0 {
		clean = append(clean, '=')
	}
	return clean, bad
}

// decodeQP decodes quoted-printable (RFC 2045 section 6.7) leniently.
//
// This stays hand-written: go-message decodes quoted-printable with Go's
// mime/quotedprintable, which stops for good at a control character (ESC
// in ISO-2022-JP text, a form feed), at "=" before a bare CR, and at a
// soft line break followed by stray CRs, and cannot resume, so the rest
// of the part would be lost (in a differential run over 20,000 mutated
// corpus messages, it lost text in 20 of them); this decoder never stops.
// Its reading:
// "=XX" with hex digits (either case) is a byte, "=" at the end of a line
// (after optional white space) is a soft line break, and any other "=" is
// kept as it is, as RFC 2045 recommends for robustness. Trailing white
// space on each line is removed, as the RFC requires; hard line breaks
// keep their CRLF or LF.
func decodeQP(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		var line []byte
		nl := bytes.IndexByte(b, '\n')
		hasNL := nl >= 0
		if hasNL {
			line, b = b[:nl], b[nl+1:]
		} else {
			line, b = b, nil
		}
		crlf := len(line) > 0 && line[len(line)-1] == '\r'
		line = bytes.TrimRight(line, " \t\r")
		soft := false
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c != '=' {
				out = append(out, c)
				continue
			}
			if i == len(line)-1 {
				soft = true
				break
			}
			if i+2 < len(line) && isHex(line[i+1]) && isHex(line[i+2]) {
				out = append(out, unhex(line[i+1])<<4|unhex(line[i+2]))
				i += 2
				continue
			}
			out = append(out, c)
		}
		if hasNL && !soft {
			// Keep the line ending as it came: Go's mime/quotedprintable
			// does the same, so text stays byte-for-byte comparable.
			if crlf {
				out = append(out, '\r')
			}
			out = append(out, '\n')
		}
	}
	return out
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
