package pop3

import (
	"bufio"
	"bytes"
	"io"
)

// bodyReader streams the body of a multi-line reply (RFC 1939 §3): it
// removes the byte-stuffed leading dot of each line, stops at the lone "."
// line, and keeps every other byte exactly as sent, line endings
// included, so that a message read through it has the size LIST reported.
//
// It works on slices of the bufio.Reader's buffer (ReadSlice) rather than
// byte by byte: the common case, a line without a leading dot, is a single
// copy into the caller's buffer. A line longer than the buffer arrives in
// pieces; atBOL remembers whether the next piece starts a line.
type bodyReader struct {
	br        *bufio.Reader
	cmd       string
	maxLine   int
	maxSize   int64
	limitName string

	pending []byte // unread rest of the last slice; valid until the next br read
	atBOL   bool
	lineLen int
	n       int64 // bytes delivered or pending
	err     error // sticky: io.EOF after the terminator, or the failure

	// onData is called with the running byte count whenever bytes are
	// handed to the caller, and with done=true once at the end.
	onData func(n int64, done bool)
	// onEnd is called once when the body has been read to its end or has
	// failed, with nil or the failure.
	onEnd func(err error)
	ended bool
}

func newBodyReader(br *bufio.Reader, cmd string, maxLine int, maxSize int64, limitName string) *bodyReader {
	return &bodyReader{br: br, cmd: cmd, maxLine: maxLine, maxSize: maxSize, limitName: limitName, atBOL: true}
}

func (r *bodyReader) Read(p []byte) (int, error) {
	total := 0
	for total < len(p) {
		if len(r.pending) == 0 {
			if r.err != nil {
				break
			}
			// Hand over what we have rather than block for more.
			if total > 0 && r.br.Buffered() == 0 {
				break
			}
			r.fill()
			continue
		}
		k := copy(p[total:], r.pending)
		r.pending = r.pending[k:]
		total += k
	}
	if total > 0 {
		if r.onData != nil {
			r.onData(r.n-int64(len(r.pending)), false)
		}
		return total, nil
	}
	r.finish()
	return 0, r.err
}

// fill reads the next piece of a line into pending, or sets err.
func (r *bodyReader) fill() {
	line, err := r.br.ReadSlice('\n')
	if err != nil && err != bufio.ErrBufferFull {
		r.err = ioFailure(r.cmd, err)
		return
	}
	if r.atBOL && len(line) > 0 && line[0] == '.' {
		if isTerminator(line) {
			r.err = io.EOF
			return
		}
		line = line[1:]
	}
	r.lineLen += len(line)
	r.atBOL = len(line) > 0 && line[len(line)-1] == '\n'
	if content := r.lineLen - eolLen(line, r.atBOL); content > r.maxLine {
		r.err = &LimitError{Command: r.cmd, Limit: limitLine, Max: int64(r.maxLine)}
		return
	}
	if r.atBOL {
		r.lineLen = 0
	}
	r.n += int64(len(line))
	if r.n > r.maxSize {
		r.err = &LimitError{Command: r.cmd, Limit: r.limitName, Max: r.maxSize}
		return
	}
	r.pending = line
}

// eolLen is the length of the line ending that ends piece, if it ends a
// line: 2 for CRLF, 1 for a bare LF. The ending does not count towards
// the line length limit.
func eolLen(piece []byte, ends bool) int {
	switch {
	case !ends:
		return 0
	case len(piece) >= 2 && piece[len(piece)-2] == '\r':
		return 2
	}
	return 1
}

func isTerminator(line []byte) bool {
	return bytes.Equal(line, []byte(".\r\n")) || bytes.Equal(line, []byte(".\n"))
}

// drain discards the rest of the body, so that the next reply can be
// read. It returns nil when the terminator was reached.
func (r *bodyReader) drain() error {
	for r.err == nil {
		r.pending = nil
		r.fill()
	}
	r.pending = nil
	r.finish()
	if r.err == io.EOF {
		return nil
	}
	return r.err
}

func (r *bodyReader) finish() {
	if r.ended || r.err == nil {
		return
	}
	r.ended = true
	if r.onData != nil && r.err == io.EOF {
		r.onData(r.n, true)
	}
	if r.onEnd != nil {
		if r.err == io.EOF {
			r.onEnd(nil)
		} else {
			r.onEnd(r.err)
		}
	}
}

// lines reads a whole listing body (CAPA, LIST, UIDL) into memory, one
// entry per line without its line ending. The body's own size limit
// bounds the memory used.
func (r *bodyReader) lines() ([][]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var out [][]byte
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out = append(out, trimEOL(data))
			break
		}
		out = append(out, trimEOL(data[:i+1]))
		data = data[i+1:]
	}
	return out, nil
}
