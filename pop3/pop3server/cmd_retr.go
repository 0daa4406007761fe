package pop3server

import "bytes"

// RETR msg (RFC 1939 §5): the whole message, byte-stuffed.
func (ss *session) cmdRetr(args []string, _ string) {
	if len(args) != 1 {
		ss.bad("syntax: RETR msg")
		return
	}
	_, m, ok := ss.message(args[0])
	if !ok {
		return
	}
	ss.okf("%d octets", len(m.data))
	ss.writeStuffed(m.data)
	ss.endMulti()
}

// TOP msg n (RFC 1939 §7): the header, the blank line that ends it, and
// the first n lines of the body. A message without a blank line is all
// header.
func (ss *session) cmdTop(args []string, _ string) {
	if len(args) != 2 {
		ss.bad("syntax: TOP msg n")
		return
	}
	lines, valid := parseNumber(args[1])
	if !valid {
		ss.bad("invalid line count")
		return
	}
	_, m, ok := ss.message(args[0])
	if !ok {
		return
	}
	ss.ok("top of message follows")
	ss.writeStuffed(topOf(m.data, lines))
	ss.endMulti()
}

// topOf returns the part of a CRLF message that TOP sends for n body
// lines.
func topOf(data []byte, n int) []byte {
	var bodyStart int
	if bytes.HasPrefix(data, []byte("\r\n")) {
		bodyStart = 2 // no header at all: the blank line comes first
	} else if i := bytes.Index(data, []byte("\r\n\r\n")); i >= 0 {
		bodyStart = i + 4
	} else {
		return data
	}
	end := bodyStart
	for ; n > 0 && end < len(data); n-- {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			end = len(data)
			break
		}
		end += i + 1
	}
	return data[:end]
}
