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
	discard int    // bytes of br's buffer handed out by the fast path, to skip
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

// WriteTo writes the body to w straight from the read buffer, saving
// io.Copy a copy.
func (r *bodyReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	for {
		if len(r.pending) == 0 {
			if r.err != nil {
				break
			}
			r.fill()
			continue
		}
		n, err := w.Write(r.pending)
		r.pending = r.pending[n:]
		total += int64(n)
		if r.onData != nil {
			r.onData(r.n-int64(len(r.pending)), false)
		}
		if err != nil {
			return total, err
		}
	}
	r.finish()
	if r.err == io.EOF {
		return total, nil
	}
	return total, r.err
}

// fill puts the next piece of the body into pending, or sets err.
//
// The fast path hands over, in one piece, everything already buffered up
// to the next line that starts with a dot: mail has few such lines, so a
// whole buffer usually goes out at once with no per-line work beyond one
// IndexByte for '.'. Dot lines take the per-line path (unstuffing, the
// terminator). The fast path checks the line length limit only at the
// piece's first and last line breaks, which is exact because a line that
// lies wholly inside the buffer cannot exceed the limit when the limit is
// at least the buffer size; smaller limits always take the per-line path.
func (r *bodyReader) fill() {
	if r.discard > 0 {
		_, _ = r.br.Discard(r.discard) // buffered already: cannot fail
		r.discard = 0
	}
	if r.maxLine >= r.br.Size() {
		if r.br.Buffered() == 0 {
			if _, err := r.br.Peek(1); err != nil {
				r.err = ioFailure(r.cmd, err)
				return
			}
		}
		buf, _ := r.br.Peek(r.br.Buffered())
		if !(r.atBOL && buf[0] == '.') {
			r.fillFast(buf)
			return
		}
	}
	r.fillLine()
}

// fillFast takes buf (buffered, not starting a dot line) up to the next
// line that starts with a dot.
func (r *bodyReader) fillFast(buf []byte) {
	chunk := buf
	for i := 1; i < len(buf); {
		j := bytes.IndexByte(buf[i:], '.')
		if j < 0 {
			break
		}
		if buf[i+j-1] == '\n' {
			chunk = buf[:i+j]
			break
		}
		i += j + 1
	}
	if first := bytes.IndexByte(chunk, '\n'); first >= 0 {
		last := bytes.LastIndexByte(chunk, '\n')
		if r.lineLen+first-crBefore(chunk, first) > r.maxLine {
			r.err = &LimitError{Command: r.cmd, Limit: limitLine, Max: int64(r.maxLine)}
			return
		}
		r.lineLen = len(chunk) - last - 1
	} else {
		r.lineLen += len(chunk)
	}
	if r.lineLen > r.maxLine+1 { // +1: a CR may wait for its LF
		r.err = &LimitError{Command: r.cmd, Limit: limitLine, Max: int64(r.maxLine)}
		return
	}
	r.atBOL = r.lineLen == 0
	r.accept(chunk)
	r.discard = len(chunk)
}

// crBefore is 1 if the line break at i is a CRLF.
func crBefore(b []byte, i int) int {
	if i > 0 && b[i-1] == '\r' {
		return 1
	}
	return 0
}

// accept makes piece the pending output, enforcing the size limit.
func (r *bodyReader) accept(piece []byte) {
	r.n += int64(len(piece))
	if r.n > r.maxSize {
		r.err = &LimitError{Command: r.cmd, Limit: r.limitName, Max: r.maxSize}
		return
	}
	r.pending = piece
}

// fillLine reads the next line, or piece of a long line, on its own.
func (r *bodyReader) fillLine() {
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
	r.accept(line)
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
	if r.discard > 0 {
		_, _ = r.br.Discard(r.discard)
		r.discard = 0
	}
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
