package mbox

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"time"
)

// bufSize is the line buffer of the Reader and the Writer: lines longer
// than this pass through in pieces.
const bufSize = 64 << 10

// Writer writes messages to an mbox stream in the mboxrd convention. It
// writes each message as it reads it, a line at a time, and never holds
// a whole message. A Writer is not safe for concurrent use.
type Writer struct {
	w   *bufio.Writer
	in  *bufio.Reader
	err error
}

// NewWriter returns a Writer that writes to w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: bufio.NewWriterSize(w, bufSize)}
}

// WriteMessage appends one message: the separator line "From SENDER
// DATE" (SENDER is from, the envelope sender, or MAILER-DAEMON when from
// is empty or holds spaces; DATE is date in UTC, asctime), the message
// read from msg with LF line endings and mboxrd quoting, a final newline
// if msg lacks one, and an empty line. The output is flushed before
// WriteMessage returns. After an error from w the Writer stays failed;
// an error reading msg leaves a partial message in the output, so a
// caller should discard that output.
func (w *Writer) WriteMessage(from string, date time.Time, msg io.Reader) error {
	if w.err != nil {
		return w.err
	}
	if err := w.writeMessage(from, date, msg); err != nil {
		var re *readError
		if errors.As(err, &re) {
			w.err = fmt.Errorf("mbox: reading the message to export failed, so the archive is incomplete: %w", re.err)
			return w.err
		}
		w.err = fmt.Errorf("mbox: writing the archive failed: %w", err)
		return w.err
	}
	return nil
}

// readError marks an error of the message's reader, not of the output.
type readError struct{ err error }

func (e *readError) Error() string { return e.err.Error() }

func (w *Writer) writeMessage(from string, date time.Time, msg io.Reader) error {
	if _, err := w.w.WriteString(formatSeparator(from, date) + "\n"); err != nil {
		return err
	}
	if w.in == nil {
		w.in = bufio.NewReaderSize(msg, bufSize)
	} else {
		w.in.Reset(msg)
	}
	defer w.in.Reset(nil)
	lineStart, last := true, byte('\n')
	for {
		chunk, err := w.in.ReadSlice('\n')
		if err == bufio.ErrBufferFull && chunk[len(chunk)-1] == '\r' {
			// Keep a CR that may start a CRLF for the next piece.
			chunk = chunk[:len(chunk)-1]
			_ = w.in.UnreadByte()
		}
		if len(chunk) > 0 {
			if lineStart && isFromLine(chunk, 0) {
				if err := w.w.WriteByte('>'); err != nil {
					return err
				}
			}
			full := chunk[len(chunk)-1] == '\n'
			if full {
				chunk = append(trimEOL(chunk), '\n')
			}
			if _, err := w.w.Write(chunk); err != nil {
				return err
			}
			lineStart, last = full, chunk[len(chunk)-1]
		}
		switch {
		case err == nil || err == bufio.ErrBufferFull:
		case err == io.EOF:
			if last != '\n' {
				if err := w.w.WriteByte('\n'); err != nil {
					return err
				}
			}
			if err := w.w.WriteByte('\n'); err != nil {
				return err
			}
			return w.w.Flush()
		default:
			return &readError{err}
		}
	}
}

// isFromLine reports whether line matches ^>{min,}From  — min 0 is what
// the Writer quotes, min 1 what the Reader unquotes.
func isFromLine(line []byte, min int) bool {
	i := 0
	for i < len(line) && line[i] == '>' {
		i++
	}
	return i >= min && len(line)-i >= 5 && string(line[i:i+5]) == "From "
}

// trimEOL returns line without its LF and any CRs before it. The result
// shares line's array, so appending "\n" to it reuses the space.
func trimEOL(line []byte) []byte {
	n := len(line)
	if n > 0 && line[n-1] == '\n' {
		n--
		for n > 0 && line[n-1] == '\r' {
			n--
		}
	}
	return line[:n]
}
