package pop3

import (
	"bytes"
	"strings"
)

// status is a parsed RFC 1939 status line.
type status struct {
	ok   bool   // +OK
	cont bool   // "+" continuation of RFC 5034 (with text holding the challenge)
	code string // RFC 2449 response code, without brackets
	text string
}

// parseStatus parses a status line with its line ending already removed.
// It accepts "+OK", "-ERR" and the SASL continuation "+", in any letter
// case, with or without text. Everything else is a *ProtocolError.
func parseStatus(cmd string, line []byte) (status, error) {
	var st status
	var rest []byte
	switch {
	case hasPrefixFold(line, "+OK"):
		st.ok, rest = true, line[3:]
	case hasPrefixFold(line, "-ERR"):
		rest = line[4:]
	case len(line) > 0 && line[0] == '+':
		st.cont, rest = true, line[1:]
		if len(rest) > 0 && rest[0] != ' ' {
			return status{}, protocolErr(cmd, "expected +OK or -ERR", line)
		}
		st.text = string(bytes.TrimSpace(rest))
		return st, nil
	default:
		return status{}, protocolErr(cmd, "expected +OK or -ERR", line)
	}
	if len(rest) > 0 && rest[0] != ' ' && rest[0] != '\t' {
		// "+OKAY" or "-ERROR" are not status indicators.
		return status{}, protocolErr(cmd, "expected +OK or -ERR", line)
	}
	text := strings.TrimSpace(string(rest))
	// RFC 2449 §8: a response code is the first thing after the
	// indicator, in square brackets. Only -ERR carries codes in practice,
	// but parsing them on +OK too costs nothing.
	if strings.HasPrefix(text, "[") {
		if end := strings.IndexByte(text, ']'); end > 0 {
			st.code = strings.ToUpper(text[1:end])
			text = strings.TrimSpace(text[end+1:])
		}
	}
	st.text = text
	return st, nil
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// trimEOL removes a trailing CRLF or bare LF.
func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}
