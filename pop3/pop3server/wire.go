package pop3server

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// errLineTooLong is returned by readLine for a line over its limit; the
// line has been consumed, so the session can go on with the next one.
var errLineTooLong = errors.New("pop3server: line too long")

// readCommand reads the next command line. refused reports a command that
// arrived before the previous reply was written while pipelining is
// disabled: it was already in the read buffer when that reply was flushed.
func (ss *session) readCommand() (line string, refused bool, err error) {
	pipelined := ss.r.Buffered() > 0
	line, err = ss.readLine(maxCommandLine)
	return line, err == nil && pipelined && ss.opts.DisablePipelining, err
}

// readLine flushes pending replies if the client has nothing more queued,
// then reads one line of at most max octets (line break included) and
// returns it without the line break.
//
// Flushing only when the read buffer is empty is what answers a pipelined
// batch in as few writes as there are batches; without pipelining every
// reply is flushed so the client, which waits for it, gets it.
func (ss *session) readLine(max int) (string, error) {
	// The deadline covers both the flush (a client that stops reading)
	// and the wait for the next command (the RFC 1939 autologout timer).
	if err := ss.conn.SetDeadline(time.Now().Add(ss.opts.IdleTimeout)); err != nil {
		return "", err
	}
	if ss.r.Buffered() == 0 || ss.opts.DisablePipelining {
		if err := ss.w.Flush(); err != nil {
			return "", err
		}
	}
	var line []byte
	tooLong := false
	for {
		frag, err := ss.r.ReadSlice('\n')
		if !tooLong && len(line)+len(frag) <= max {
			line = append(line, frag...)
		} else {
			// Keep consuming up to the line break, but store nothing:
			// memory stays bounded however long the line is.
			tooLong = true
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return "", err
		}
		break
	}
	if tooLong {
		return "", errLineTooLong
	}
	line = bytes.TrimSuffix(line[:len(line)-1], []byte("\r")) // a bare LF is accepted too
	return string(line), nil
}

// ok writes a positive status line. A success also ends a run of bad
// commands.
func (ss *session) ok(text string) {
	ss.badCommands = 0
	ss.status("+OK", text)
}

func (ss *session) okf(format string, args ...any) { ss.ok(fmt.Sprintf(format, args...)) }

// err writes a negative status line for a command that was understood but
// cannot be done (no such message, wrong password, ...).
func (ss *session) err(text string) { ss.status("-ERR", text) }

// bad writes a negative status line for an unknown or malformed command,
// and ends the session after maxBadCommands of them in a row.
func (ss *session) bad(text string) {
	ss.badCommands++
	if ss.badCommands >= maxBadCommands {
		ss.err("too many bad commands, closing")
		ss.done = true
		return
	}
	ss.err(text)
}

func (ss *session) status(indicator, text string) {
	ss.w.WriteString(indicator)
	if text != "" {
		ss.w.WriteByte(' ')
		ss.w.WriteString(text)
	}
	ss.w.WriteString("\r\n")
}

// writeLine writes one line of a multi-line reply that cannot start with
// a dot (listings, capabilities).
func (ss *session) writeLine(text string) {
	ss.w.WriteString(text)
	ss.w.WriteString("\r\n")
}

// endMulti terminates a multi-line reply.
func (ss *session) endMulti() { ss.w.WriteString(".\r\n") }

// writeStuffed writes CRLF-terminated lines with RFC 1939 §3 byte-stuffing:
// a line that starts with "." gets a second one, so it cannot be taken for
// the terminator. data must end with CRLF or be empty, as stored messages
// do.
func (ss *session) writeStuffed(data []byte) {
	// Write the stretches between dot lines whole: a large write goes
	// past the bufio.Writer straight to the connection, which keeps a big
	// RETR from costing one small write per buffer fill.
	for len(data) > 0 {
		if data[0] == '.' {
			ss.w.WriteByte('.')
		}
		k := bytes.Index(data[1:], []byte("\n."))
		if k < 0 {
			ss.w.Write(data)
			return
		}
		ss.w.Write(data[:k+2])
		data = data[k+2:]
	}
}

// parseNumber parses a non-negative decimal argument. Signs, spaces and
// other characters that strconv would accept are refused; a value too
// large for an int saturates, which callers treat as "out of range" or
// "all lines".
func parseNumber(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil { // only overflow is left
		return int(^uint(0) >> 1), true
	}
	return n, true
}

// message resolves a message-number argument against the snapshot. On
// failure it has already written the -ERR reply.
func (ss *session) message(arg string) (n int, m *stored, ok bool) {
	n, valid := parseNumber(arg)
	switch {
	case !valid:
		ss.bad("invalid message number")
		return 0, nil, false
	case n < 1 || n > len(ss.msgs):
		ss.err("no such message")
		return 0, nil, false
	case ss.deleted[n-1]:
		ss.err(fmt.Sprintf("message %d already deleted", n))
		return 0, nil, false
	}
	return n, ss.msgs[n-1], true
}
