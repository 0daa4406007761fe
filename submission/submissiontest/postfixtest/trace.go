package postfixtest

import (
	"bytes"
	"strings"
)

// traceFields are the header fields a delivery puts on top of a message:
// Postfix adds Received; Dovecot's LMTP adds Return-Path (RFC 5321
// §4.4), Delivered-To and its own Received.
var traceFields = []string{"Return-Path", "Delivered-To", "Received"}

// SplitTrace splits a delivered message, as a POP3 client reads it, into
// the trace header fields at its top (each unfolded: continuation lines
// joined with their line breaks removed) and the message that was
// submitted, byte for byte, for comparison with dovecottest.Wire of what
// was sent. The trace ends at the first field that is not Return-Path,
// Delivered-To or Received, so a submitted message that itself starts
// with one of those would lose it to the trace: the messages a test
// submits start with another field.
func SplitTrace(delivered []byte) (trace []string, message []byte) {
	rest := delivered
	for {
		end := fieldEnd(rest)
		if end < 0 || !isTraceField(rest[:end]) {
			return trace, rest
		}
		field := string(rest[:end])
		field = strings.TrimRight(field, "\r\n")
		field = strings.NewReplacer("\r\n ", " ", "\r\n\t", "\t", "\n ", " ", "\n\t", "\t").Replace(field)
		trace = append(trace, field)
		rest = rest[end:]
	}
}

// fieldEnd returns the length of the header field at the start of b, its
// continuation lines and final line break included, or -1 if b does not
// start with a complete field.
func fieldEnd(b []byte) int {
	n := 0
	for {
		i := bytes.IndexByte(b[n:], '\n')
		if i < 0 {
			return -1
		}
		n += i + 1
		if n >= len(b) || (b[n] != ' ' && b[n] != '\t') {
			return n
		}
	}
}

func isTraceField(field []byte) bool {
	name, _, ok := bytes.Cut(field, []byte(":"))
	if !ok {
		return false
	}
	for _, f := range traceFields {
		if strings.EqualFold(string(name), f) {
			return true
		}
	}
	return false
}
