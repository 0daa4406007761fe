package render

import (
	"bytes"
	"encoding/base64"
	"strings"
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

// decodeTransfer undoes a Content-Transfer-Encoding (RFC 2045 section 6).
// It never fails: for an unknown mechanism it returns the bytes as they
// are, and for damaged base64 it returns what decodes; note says what was
// done ("" when nothing needed saying). text tells whether the part is
// text: text declared as base64 that is visibly not base64 (words and
// spaces) is shown undecoded rather than as garbage.
func decodeTransfer(cte string, body []byte, text bool) (data []byte, note string) {
	switch cte {
	case "", "7bit", "8bit", "binary":
		return body, ""
	case "quoted-printable":
		return decodeQP(body), ""
	case "base64":
		if text && !looksBase64(body) {
			return body, "a text part declared as base64 is not base64; it is shown undecoded"
		}
		d, bad := decodeBase64(body)
		if bad {
			return d, "damaged base64: characters outside the alphabet were skipped, and the data may be incomplete"
		}
		return d, ""
	}
	return body, "unknown transfer encoding " + quote(cte) + "; the part is shown undecoded"
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

// decodeBase64 decodes base64 as RFC 2045 section 6.8 asks: characters
// outside the alphabet are ignored, and decoding stops at padding. bad
// reports ignored characters other than white space, or a truncated
// final group.
func decodeBase64(b []byte) (data []byte, bad bool) {
	clean := make([]byte, 0, len(b))
	for i, c := range b {
		if isB64(c) {
			clean = append(clean, c)
			continue
		}
		if c == '=' {
			// Padding ends the data; anything after it but white space
			// and more padding is damage.
			for _, c := range b[i:] {
				if c != '=' && c != ' ' && c != '\t' && c != '\r' && c != '\n' {
					bad = true
					break
				}
			}
			break
		}
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			bad = true
		}
	}
	if len(clean)%4 == 1 {
		// One lone character cannot carry a byte.
		clean = clean[:len(clean)-1]
		bad = true
	}
	data = make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
	n, err := base64.RawStdEncoding.Decode(data, clean)
	if err != nil {
		// Unreachable with a cleaned alphabet, but stay total.
		bad = true
	}
	return data[:n], bad
}

// decodeQP decodes quoted-printable (RFC 2045 section 6.7) leniently:
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
