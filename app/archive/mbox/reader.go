package mbox

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// DefaultMaxMessageSize is the size limit when ReaderOptions leaves it 0.
// It is far above real mail (servers refuse more than 50 MB) and bounds
// what a caller that buffers a message may have to hold.
const DefaultMaxMessageSize = 256 << 20

// ReaderOptions tunes a Reader. The nil or zero value is safe.
type ReaderOptions struct {
	// MaxMessageSize is the largest message, in bytes as returned, that
	// the Reader hands out; a larger one is skipped and reported with
	// ErrTooLarge. 0 means DefaultMaxMessageSize; negative means none.
	MaxMessageSize int64
	// CRLF makes messages come out with CRLF line endings (as POP3 RETR
	// returns them) instead of LF.
	CRLF bool
}

// Reader reads messages from an mbox stream, one at a time and a line at
// a time, in constant memory. A Reader is not safe for concurrent use.
type Reader struct {
	br      *bufio.Reader
	limit   int64
	crlf    bool
	off     int64 // input offset of the next unread byte
	started bool  // the first separator was looked for
	eof     bool
	next    *separator // the separator of the next message, if found
	cur     *Message
	count   int
	buf     []byte
	report  Report
	err     error // sticky read error
}

type separator struct {
	from string
	date time.Time
	line string
	off  int64
}

// NewReader returns a Reader that reads r; opts may be nil.
func NewReader(r io.Reader, opts *ReaderOptions) *Reader {
	var o ReaderOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxMessageSize == 0 {
		o.MaxMessageSize = DefaultMaxMessageSize
	}
	return &Reader{br: bufio.NewReaderSize(r, bufSize), limit: o.MaxMessageSize, crlf: o.CRLF}
}

// Message is one message of the mbox. Read it to its end: io.EOF means
// the message is complete as the file has it (see Warning), and an error
// wrapping ErrTooLarge means it was skipped, and what was read of it must
// be discarded. A Message is valid until the next call to Next, which
// skips what was not read.
type Message struct {
	// From and Date are the separator's envelope sender and date.
	From string
	Date time.Time
	// Separator is the separator line as in the file, without its line
	// ending.
	Separator string
	// Offset is the byte offset of the separator line in the input.
	Offset int64
	// Number counts messages from 1, skipped ones included.
	Number int

	r         *Reader
	out       []byte
	size      int64
	heldBlank bool // an empty line was read and not yet given out
	midLine   bool // the last piece read did not end its line
	discard   bool
	done      bool
	tooLarge  *Problem
	warning   *Problem
	stats     Stats
}

// Stats counts what the Reader changed or let through in a message, for
// an import's report. Its counts are complete once Read returned io.EOF.
type Stats struct {
	// CRLF and LF count the message's lines by the line ending they had
	// in the file (all come out with the ending ReaderOptions chose);
	// both non-zero means the file mixed them.
	CRLF, LF int
	// Unquoted counts ">From " lines (mboxrd quoting) given out with one
	// '>' fewer.
	Unquoted int
	// FromLines counts body lines starting "From " that were not taken
	// as separators (an mboxo file, which does not quote them).
	FromLines int
}

// Stats returns what the Reader counted in the message so far.
func (m *Message) Stats() Stats { return m.stats }

// Next returns the next message, or io.EOF when there is none left. It
// first skips what is left of the previous message. An error other than
// io.EOF is a read error of the input, and the Reader stays failed.
func (r *Reader) Next() (*Message, error) {
	if r.cur != nil {
		r.cur.discard, r.cur.out = true, nil
		for !r.cur.done {
			r.cur.step()
		}
		r.cur = nil
	}
	if r.err != nil {
		return nil, r.err
	}
	if !r.started {
		r.findFirst()
		if r.err != nil {
			return nil, r.err
		}
	}
	if r.next == nil {
		return nil, io.EOF
	}
	s := r.next
	r.next = nil
	r.count++
	r.cur = &Message{From: s.from, Date: s.date, Separator: s.line, Offset: s.off, Number: r.count, r: r}
	return r.cur, nil
}

// Report returns what was read and skipped so far; it is complete once
// Next has returned io.EOF.
func (r *Reader) Report() *Report {
	rep := r.report
	rep.Skipped = append([]*Problem(nil), r.report.Skipped...)
	rep.Warnings = append([]*Problem(nil), r.report.Warnings...)
	return &rep
}

// readChunk reads the next line, or the next piece of a line longer than
// the buffer. A piece never ends in CR, so that a CRLF is never split.
func (r *Reader) readChunk() (chunk []byte, err error) {
	chunk, err = r.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull && chunk[len(chunk)-1] == '\r' {
		chunk = chunk[:len(chunk)-1]
		_ = r.br.UnreadByte()
	}
	r.off += int64(len(chunk))
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		r.err = fmt.Errorf("mbox: reading the file failed at byte %d: %w", r.off, err)
	}
	if err == io.EOF {
		r.eof = true
	}
	return chunk, err
}

// findFirst skips input up to the first separator, which may follow any
// line, and reports what it skipped.
func (r *Reader) findFirst() {
	r.started = true
	start := r.off
	midLine := false
	for !r.eof && r.err == nil {
		lineOff := r.off
		chunk, err := r.readChunk()
		if !midLine && err != bufio.ErrBufferFull {
			if s := r.parse(chunk, lineOff); s != nil {
				r.next = s
				break
			}
		}
		midLine = err == bufio.ErrBufferFull
	}
	end := r.off
	if r.next != nil {
		end = r.next.off
	}
	if end > start {
		r.report.Skipped = append(r.report.Skipped, &Problem{Offset: start, Bytes: end - start, Err: ErrGarbage})
	}
}

// parse returns the separator that line is, or nil.
func (r *Reader) parse(line []byte, off int64) *separator {
	line = trimEOL(line)
	from, date, ok := parseSeparator(line)
	if !ok {
		return nil
	}
	return &separator{from: from, date: date, line: string(line), off: off}
}

// Read reads the message, unquoted, with the line endings ReaderOptions
// chose.
func (m *Message) Read(p []byte) (int, error) {
	for len(m.out) == 0 {
		if m.tooLarge != nil {
			return 0, m.tooLarge
		}
		if m.done {
			if m.r.err != nil {
				return 0, m.r.err
			}
			return 0, io.EOF
		}
		m.step()
	}
	n := copy(p, m.out)
	m.out = m.out[n:]
	return n, nil
}

// Warning returns, once Read has returned io.EOF, a *Problem wrapping
// ErrTruncated if the input ended inside this message, or nil.
func (m *Message) Warning() error {
	if m.warning == nil {
		return nil
	}
	return m.warning
}

// step reads one piece of input and turns it into output or the end of
// the message. The empty line before a separator belongs to the format,
// not the message, so an empty line is held until the next line shows
// whether a separator follows.
func (m *Message) step() {
	r := m.r
	if r.err != nil || r.eof {
		m.finish(r.off, !m.heldBlank)
		return
	}
	lineOff := r.off
	chunk, err := r.readChunk()
	if r.err != nil {
		m.finish(r.off, false)
		return
	}
	full := len(chunk) > 0 && chunk[len(chunk)-1] == '\n'
	switch {
	case len(chunk) == 0:
	case m.midLine:
		m.emit(chunk, full)
		m.midLine = !full
	case full && len(trimEOL(chunk)) == 0:
		if m.heldBlank {
			m.emit(nil, true)
		}
		m.heldBlank = true
	default:
		if m.heldBlank && err != bufio.ErrBufferFull {
			if s := r.parse(chunk, lineOff); s != nil {
				r.next = s
				m.finish(lineOff, false)
				return
			}
		}
		if m.heldBlank {
			m.emit(nil, true)
			m.heldBlank = false
		}
		switch {
		case isFromLine(chunk, 1):
			chunk = chunk[1:]
			m.stats.Unquoted++
		case isFromLine(chunk, 0):
			m.stats.FromLines++
		}
		m.emit(chunk, full)
		m.midLine = !full
	}
	if r.eof {
		m.finish(r.off, !m.heldBlank)
	}
}

// emit gives out one line, or piece of a line, with the chosen line
// ending; it counts it against the size limit.
func (m *Message) emit(chunk []byte, full bool) {
	if full {
		if n := len(chunk); n >= 2 && chunk[n-2] == '\r' {
			m.stats.CRLF++
		} else if n >= 1 && chunk[n-1] == '\n' {
			m.stats.LF++
		}
		chunk = trimEOL(chunk)
	}
	n := int64(len(chunk))
	if full {
		n++
		if m.r.crlf {
			n++
		}
	}
	m.size += n
	if m.r.limit > 0 && m.size > m.r.limit && m.tooLarge == nil {
		m.tooLarge = &Problem{Message: m.Number, Offset: m.Offset, From: m.From, Err: ErrTooLarge}
		m.discard, m.out = true, nil
	}
	if m.discard {
		return
	}
	// One step may give out a held empty line and a line: append, since
	// step runs only once out is empty.
	b := append(m.r.buf[:len(m.out)], chunk...)
	if full {
		if m.r.crlf {
			b = append(b, '\r')
		}
		b = append(b, '\n')
	}
	m.r.buf, m.out = b, b
}

// finish ends the message at input offset end and records it in the
// report.
func (m *Message) finish(end int64, truncated bool) {
	if m.done {
		return
	}
	m.done = true
	r := m.r
	if m.tooLarge != nil {
		m.tooLarge.Bytes = end - m.Offset
		r.report.Skipped = append(r.report.Skipped, m.tooLarge)
		return
	}
	r.report.Messages++
	if truncated {
		m.warning = &Problem{Message: m.Number, Offset: m.Offset, Bytes: end - m.Offset, From: m.From, Err: ErrTruncated}
		r.report.Warnings = append(r.report.Warnings, m.warning)
	}
}
