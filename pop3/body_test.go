package pop3

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// unstuffReference is the specification of a multi-line body, line by
// line: it returns the unstuffed body, what follows the terminator, and
// whether a terminator (".\r\n" or ".\n" at the start of a line) was
// found at all. Without one, body also holds the unfinished last line:
// whatever a reader delivers before failing must be a prefix of it.
func unstuffReference(in []byte) (body, rest []byte, terminated bool) {
	body = []byte{}
	for len(in) > 0 {
		line := in
		if i := bytes.IndexByte(in, '\n'); i >= 0 {
			line = in[:i+1]
		}
		in = in[len(line):]
		if string(line) == ".\r\n" || string(line) == ".\n" {
			return body, in, true
		}
		if line[0] == '.' {
			line = line[1:]
		}
		body = append(body, line...)
	}
	return body, nil, false
}

// bodyOver returns a bodyReader for RETR over input through a
// bufio.Reader of bufSize bytes, and that bufio.Reader. Zero limits mean
// "no limit".
func bodyOver(input string, bufSize, maxLine int, maxSize int64) (*bodyReader, *bufio.Reader) {
	if maxLine == 0 {
		maxLine = len(input) + 1
	}
	if maxSize == 0 {
		maxSize = int64(len(input)) + 1
	}
	br := bufio.NewReaderSize(strings.NewReader(input), bufSize)
	return newBodyReader(br, "RETR", maxLine, maxSize, limitMessage), br
}

// readInChunks reads r to its end with Reads of at most n bytes; n <= 0
// means io.ReadAll.
func readInChunks(r io.Reader, n int) ([]byte, error) {
	if n <= 0 {
		return io.ReadAll(r)
	}
	var out []byte
	p := make([]byte, n)
	for zeros := 0; ; {
		k, err := r.Read(p)
		out = append(out, p[:k]...)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if k == 0 {
			if zeros++; zeros > 100 {
				return out, errors.New("Read keeps returning 0, nil")
			}
		}
	}
}

// leftInReader returns what is left unread in br.
func leftInReader(t *testing.T, br *bufio.Reader) string {
	t.Helper()
	b, err := io.ReadAll(br)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type bodyErrKind int

const (
	bodyErrNone bodyErrKind = iota
	bodyErrEOF
	bodyErrLine
	bodyErrSize
)

// checkBodyErr fails unless err is of the expected kind; limit errors
// must name the command, the limit and its value.
func checkBodyErr(t *testing.T, err error, want bodyErrKind, maxLine int, maxSize int64) {
	t.Helper()
	var le *LimitError
	switch want {
	case bodyErrNone:
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
	case bodyErrEOF:
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Fatalf("got error %v, want one matching io.ErrUnexpectedEOF", err)
		}
		if !strings.HasPrefix(err.Error(), "pop3: RETR: ") {
			t.Errorf("error %q does not name the command", err)
		}
	case bodyErrLine:
		if !errors.As(err, &le) || le.Limit != limitLine || le.Max != int64(maxLine) || le.Command != "RETR" {
			t.Fatalf("got error %#v, want a line length *LimitError for %d", err, maxLine)
		}
	case bodyErrSize:
		if !errors.As(err, &le) || le.Limit != limitMessage || le.Max != maxSize || le.Command != "RETR" {
			t.Fatalf("got error %#v, want a message size *LimitError for %d", err, maxSize)
		}
	}
}

// 36 bytes, so that with a 16-byte bufio.Reader a line of it arrives in
// three pieces, the later ones not at the start of the line.
const line36 = "0123456789abcdefghijklmnopqrstuvwxyz"

func TestBodyReader(t *testing.T) {
	t.Parallel()
	const next = "+OK next reply\r\n"
	tests := []struct {
		name    string
		in      string
		bufSize int
		maxLine int
		maxSize int64
		want    string // the body, when no error
		err     bodyErrKind
	}{
		{name: "empty", in: ".\r\n" + next, want: ""},
		{name: "empty bare LF", in: ".\n" + next, want: ""},
		{name: "lines", in: "a\r\nb\r\n.\r\n" + next, want: "a\r\nb\r\n"},
		{name: "blank lines kept", in: "\r\n\r\na\r\n\r\n.\r\n" + next, want: "\r\n\r\na\r\n\r\n"},
		{name: "stuffed", in: "..foo\r\n.\r\n" + next, want: ".foo\r\n"},
		{name: "only two dots", in: "..\r\n.\r\n" + next, want: ".\r\n"},
		{name: "only two dots LF", in: "..\n.\n" + next, want: ".\n"},
		{name: "three dots", in: "...\r\n.\r\n" + next, want: "..\r\n"},
		{name: "dot space", in: ". \r\n.\r\n" + next, want: " \r\n"},
		{name: "dot CR not a terminator", in: ".\rx\r\n.\r\n" + next, want: "\rx\r\n"},
		{name: "dot CR CR LF not a terminator", in: ".\r\r\n.\r\n" + next, want: "\r\r\n"},
		{name: "inner dots kept", in: "a.b\r\n.c.\r\n a\r\n.\r\n" + next, want: "a.b\r\nc.\r\n a\r\n"},
		{name: "bare LF lines", in: "a\nb\n.\r\n" + next, want: "a\nb\n"},
		{name: "bare LF terminator", in: "a\r\nb\r\n.\n" + next, want: "a\r\nb\r\n"},
		{name: "mixed endings", in: "a\r\nb\nc\rd\r\n..e\n.\r\n" + next, want: "a\r\nb\nc\rd\r\n.e\n"},
		{name: "binary bytes", in: "\x00\xff\x80.\r\n.\r\n" + next, want: "\x00\xff\x80.\r\n"},
		{name: "dot line at EOF without LF is no terminator", in: "a\r\n.", err: bodyErrEOF},
		{name: "dot CR at EOF is no terminator", in: "a\r\n.\r", err: bodyErrEOF},

		// Lines longer than the 16-byte buffer arrive in pieces.
		{name: "long line", in: line36 + "\r\n.\r\n" + next, bufSize: 16, want: line36 + "\r\n"},
		{name: "long stuffed line", in: "." + line36 + "\r\n.\r\n" + next, bufSize: 16, want: line36 + "\r\n"},
		{name: "long line starting with two dots", in: ".." + line36 + "\r\n.\r\n" + next, bufSize: 16, want: "." + line36 + "\r\n"},
		{name: "pieces starting with dots", in: "0123456789abcdef.ghijklmnopqrstu..vwxyz\r\n.\r\n" + next, bufSize: 16,
			want: "0123456789abcdef.ghijklmnopqrstu..vwxyz\r\n"},
		{name: "stuffed line, pieces starting with dots", in: ".0123456789abcde.ghijklmnopqrstu.vwxyz\r\n.\r\n" + next, bufSize: 16,
			want: "0123456789abcde.ghijklmnopqrstu.vwxyz\r\n"},
		// The second piece of a line is exactly ".\r\n": not a terminator.
		{name: "piece looking like a terminator", in: "0123456789abcdef.\r\n.\r\n" + next, bufSize: 16, want: "0123456789abcdef.\r\n"},
		{name: "piece looking like a bare LF terminator", in: "0123456789abcdef.\n.\n" + next, bufSize: 16, want: "0123456789abcdef.\n"},
		{name: "CR at the end of a piece", in: "0123456789abcde\r\n..x\r\n.\r\n" + next, bufSize: 16, want: "0123456789abcde\r\n.x\r\n"},
		{name: "many long lines", in: strings.Repeat(line36+"\r\n."+line36+"\n", 20) + ".\r\n" + next, bufSize: 16,
			want: strings.Repeat(line36+"\r\n"+line36+"\n", 20)},

		// MaxLineLength counts neither the line ending nor a stuffed dot.
		{name: "line at the limit", in: "0123456789\r\n.\r\n" + next, maxLine: 10, want: "0123456789\r\n"},
		{name: "line at the limit, LF", in: "0123456789\n.\r\n" + next, maxLine: 10, want: "0123456789\n"},
		{name: "stuffed line at the limit", in: ".0123456789\r\n.\r\n" + next, maxLine: 10, want: "0123456789\r\n"},
		{name: "line over the limit", in: "0123456789a\r\n.\r\n" + next, maxLine: 10, err: bodyErrLine},
		{name: "line over the limit, later line", in: "ok\r\n0123456789a\r\n.\r\n" + next, maxLine: 10, err: bodyErrLine},
		{name: "long line over the limit", in: line36 + "\r\n.\r\n" + next, bufSize: 16, maxLine: 20, err: bodyErrLine},
		{name: "long line at the limit", in: line36 + "\r\n.\r\n" + next, bufSize: 16, maxLine: 36, want: line36 + "\r\n"},
		{name: "unterminated line over the limit", in: strings.Repeat("x", 100), bufSize: 16, maxLine: 20, err: bodyErrLine},

		// MaxMessageSize counts the body as delivered: line endings in,
		// stuffed dots out.
		{name: "size at the limit", in: "012345678\n.\r\n" + next, maxSize: 10, want: "012345678\n"},
		{name: "size at the limit, stuffed", in: "..2345678\n.\r\n" + next, maxSize: 10, want: ".2345678\n"},
		{name: "size over the limit", in: "0123456789\n.\r\n" + next, maxSize: 10, err: bodyErrSize},
		{name: "size over the limit, many lines", in: strings.Repeat("abc\r\n", 10) + ".\r\n" + next, maxSize: 49, err: bodyErrSize},
		{name: "size over the limit in a long line", in: line36 + line36 + "\r\n.\r\n" + next, bufSize: 16, maxSize: 40, err: bodyErrSize},

		// Without a terminator the connection ended early.
		{name: "no input", in: "", err: bodyErrEOF},
		{name: "no terminator", in: "a\r\nb\r\n", err: bodyErrEOF},
		{name: "unfinished line", in: "a\r\nb", err: bodyErrEOF},
		{name: "stuffed dots only", in: "..\r\n", err: bodyErrEOF},
		{name: "dot space is no terminator", in: "a\r\n. \r\n", err: bodyErrEOF},
		{name: "terminator inside a line", in: "a.\r\n", err: bodyErrEOF},
	}
	for _, tt := range tests {
		for _, chunk := range []int{0, 1, 3, 7, 4096} {
			t.Run(fmt.Sprintf("%s/read%d", tt.name, chunk), func(t *testing.T) {
				t.Parallel()
				size := tt.bufSize
				if size == 0 {
					size = 4096
				}
				r, br := bodyOver(tt.in, size, tt.maxLine, tt.maxSize)
				got, err := readInChunks(r, chunk)
				checkBodyErr(t, err, tt.err, r.maxLine, r.maxSize)
				if tt.err != bodyErrNone {
					// The error is sticky.
					if n, err2 := r.Read(make([]byte, 8)); n != 0 || err2 != err {
						t.Errorf("Read after the error = %d, %v; want 0, %v", n, err2, err)
					}
					return
				}
				if string(got) != tt.want {
					t.Errorf("body = %q, want %q", got, tt.want)
				}
				if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF {
					t.Errorf("Read after the end = %d, %v; want 0, io.EOF", n, err)
				}
				if got := leftInReader(t, br); got != next {
					t.Errorf("after the body: %q, want %q", got, next)
				}
				// The reference agrees with the table.
				if ref, _, ok := unstuffReference([]byte(tt.in)); !ok || string(ref) != tt.want {
					t.Errorf("reference: %q, %v", ref, ok)
				}
			})
		}
	}
}

// TestBodyReaderLineLimitBareLF: the line ending does not count against
// MaxLineLength, but a bare LF ending is one byte, not two, so the
// allowance of 2 lets a bare-LF line one byte over the limit through.
func TestBodyReaderLineLimitBareLF(t *testing.T) {
	t.Parallel()
	r, _ := bodyOver("0123456789a\n.\r\n", 4096, 10, 0)
	got, err := io.ReadAll(r)
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != limitLine {
		t.Errorf("an 11-byte line ending in LF passed MaxLineLength 10: got %q, %v", got, err)
	}
}

func TestBodyReaderDrain(t *testing.T) {
	t.Parallel()
	const body = "line 1\r\n..stuffed\r\n" + "0123456789abcdef.\r\n" + ".\r\n"
	const next = "+OK 2 200\r\n"
	for _, readFirst := range []int{0, 1, 5, 12, 1000} {
		for _, size := range []int{16, 4096} {
			t.Run(fmt.Sprintf("read%d/buf%d", readFirst, size), func(t *testing.T) {
				t.Parallel()
				r, br := bodyOver(body+next, size, 0, 0)
				p := make([]byte, readFirst)
				if _, err := io.ReadFull(r, p); err != nil && readFirst < 40 {
					t.Fatal(err)
				}
				if err := r.drain(); err != nil {
					t.Fatalf("drain: %v", err)
				}
				if err := r.drain(); err != nil {
					t.Fatalf("second drain: %v", err)
				}
				if n, err := r.Read(make([]byte, 8)); n != 0 || err != io.EOF {
					t.Errorf("Read after drain = %d, %v; want 0, io.EOF", n, err)
				}
				line, err := readLine(br, "STAT", statusLineMax)
				if err != nil || string(line) != "+OK 2 200" {
					t.Errorf("next reply = %q, %v; want %q", line, err, "+OK 2 200")
				}
			})
		}
	}
}

// TestBodyReaderDrainPipelined reads two pipelined bodies back to back:
// draining the first must leave the second intact.
func TestBodyReaderDrainPipelined(t *testing.T) {
	t.Parallel()
	const first = "Subject: one\r\n\r\n..body\r\n.\r\n"
	const second = "Subject: two\r\n\r\n.\r\n"
	br := bufio.NewReaderSize(strings.NewReader(first+second+"+OK bye\r\n"), 16)
	r1 := newBodyReader(br, "TOP", 100, 1000, limitMessage)
	if _, err := r1.Read(make([]byte, 3)); err != nil {
		t.Fatal(err)
	}
	if err := r1.drain(); err != nil {
		t.Fatal(err)
	}
	r2 := newBodyReader(br, "TOP", 100, 1000, limitMessage)
	got, err := io.ReadAll(r2)
	if err != nil || string(got) != "Subject: two\r\n\r\n" {
		t.Errorf("second body = %q, %v", got, err)
	}
	if got := leftInReader(t, br); got != "+OK bye\r\n" {
		t.Errorf("after both bodies: %q", got)
	}
}

func TestBodyReaderDrainErrors(t *testing.T) {
	t.Parallel()
	r, _ := bodyOver("a\r\nb\r\n", 16, 0, 0)
	checkBodyErr(t, r.drain(), bodyErrEOF, 0, 0)
	r, _ = bodyOver("0123456789a\r\n.\r\n", 16, 10, 0)
	checkBodyErr(t, r.drain(), bodyErrLine, 10, 0)
	r, _ = bodyOver("0123456789\r\n.\r\n", 16, 0, 5)
	checkBodyErr(t, r.drain(), bodyErrSize, 0, 5)
}

func TestBodyReaderLines(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{".\r\n", nil},
		{"TOP\r\nUSER\nSASL PLAIN LOGIN\r\n.\r\n", []string{"TOP", "USER", "SASL PLAIN LOGIN"}},
		{"\r\n\n..dot\r\n...\r\n.\n", []string{"", "", ".dot", ".."}},
		{"a\rb\r\n.\r\n", []string{"a\rb"}},
		{"1 100\r\n2 200\r\n.\r\n+OK\r\n", []string{"1 100", "2 200"}},
	}
	for _, tt := range tests {
		for _, size := range []int{16, 4096} {
			r, _ := bodyOver(tt.in, size, 0, 0)
			got, err := r.lines()
			if err != nil {
				t.Errorf("lines(%q): %v", tt.in, err)
				continue
			}
			var s []string
			for _, l := range got {
				s = append(s, string(l))
			}
			if fmt.Sprintf("%q", s) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("lines(%q) = %q, want %q", tt.in, s, tt.want)
			}
		}
	}
	r, _ := bodyOver("1 100\r\n", 16, 0, 0)
	if got, err := r.lines(); got != nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("lines without terminator = %q, %v", got, err)
	}
	br := bufio.NewReader(strings.NewReader(strings.Repeat("1 100\r\n", 10) + ".\r\n"))
	r = newBodyReader(br, "LIST", 100, 30, limitListing)
	var le *LimitError
	if got, err := r.lines(); got != nil || !errors.As(err, &le) || le.Limit != limitListing || le.Command != "LIST" {
		t.Errorf("lines over the listing limit = %q, %v", got, err)
	}
}

// callbackLog records the onData and onEnd calls of a bodyReader.
type callbackLog struct {
	data     []int64
	done     []int64
	ends     int
	endErr   error
	afterEnd bool // onData called after onEnd
}

func (l *callbackLog) attach(r *bodyReader) {
	r.onData = func(n int64, done bool) {
		if l.ends > 0 {
			l.afterEnd = true
		}
		if done {
			l.done = append(l.done, n)
		} else {
			l.data = append(l.data, n)
		}
	}
	r.onEnd = func(err error) {
		l.ends++
		l.endErr = err
	}
}

func TestBodyReaderCallbacks(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("..x"+line36+"\r\n", 30) + ".\r\n"
	want, _, _ := unstuffReference([]byte(in))
	for _, chunk := range []int{1, 5, 64, 0} {
		t.Run(fmt.Sprintf("read%d", chunk), func(t *testing.T) {
			t.Parallel()
			r, _ := bodyOver(in, 16, 0, 0)
			var log callbackLog
			log.attach(r)
			var delivered int64
			p := make([]byte, max(chunk, 1))
			if chunk == 0 {
				p = make([]byte, 4096)
			}
			for {
				n, err := r.Read(p)
				delivered += int64(n)
				if n > 0 {
					if last := log.data[len(log.data)-1]; last != delivered {
						t.Fatalf("onData reported %d after %d bytes were delivered", last, delivered)
					}
				}
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			// More Reads and a drain after the end report nothing new.
			r.Read(p)
			r.drain()
			if delivered != int64(len(want)) {
				t.Errorf("delivered %d bytes, want %d", delivered, len(want))
			}
			for i := 1; i < len(log.data); i++ {
				if log.data[i] < log.data[i-1] {
					t.Fatalf("progress went backwards: %v", log.data)
				}
			}
			if len(log.done) != 1 || log.done[0] != int64(len(want)) {
				t.Errorf("done reported %v, want once with %d", log.done, len(want))
			}
			if log.ends != 1 || log.endErr != nil || log.afterEnd {
				t.Errorf("onEnd called %d times with %v (onData after it: %v), want once with nil", log.ends, log.endErr, log.afterEnd)
			}
		})
	}
}

func TestBodyReaderCallbacksDrain(t *testing.T) {
	t.Parallel()
	in := strings.Repeat("..line\r\n", 100) + ".\r\n"
	want, _, _ := unstuffReference([]byte(in))
	r, _ := bodyOver(in, 16, 0, 0)
	var log callbackLog
	log.attach(r)
	if _, err := r.Read(make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	if err := r.drain(); err != nil {
		t.Fatal(err)
	}
	if len(log.done) != 1 || log.done[0] != int64(len(want)) {
		t.Errorf("done reported %v, want once with %d", log.done, len(want))
	}
	if log.ends != 1 || log.endErr != nil {
		t.Errorf("onEnd called %d times with %v, want once with nil", log.ends, log.endErr)
	}
}

func TestBodyReaderCallbacksError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in      string
		maxSize int64
		kind    bodyErrKind
	}{
		{"a\r\nb\r\n", 0, bodyErrEOF},
		{strings.Repeat("abc\r\n", 10) + ".\r\n", 12, bodyErrSize},
	} {
		for _, drain := range []bool{false, true} {
			r, _ := bodyOver(tc.in, 16, 0, tc.maxSize)
			var log callbackLog
			log.attach(r)
			var err error
			if drain {
				err = r.drain()
			} else {
				_, err = io.ReadAll(r)
			}
			checkBodyErr(t, err, tc.kind, 0, tc.maxSize)
			r.Read(make([]byte, 4))
			r.drain()
			if log.ends != 1 || log.endErr != err {
				t.Errorf("%q: onEnd called %d times with %v, want once with %v", tc.in, log.ends, log.endErr, err)
			}
			if len(log.done) != 0 {
				t.Errorf("%q: done reported %v after a failure", tc.in, log.done)
			}
		}
	}
}

// randomBody builds a stream from pieces that exercise the edge cases:
// dots at line starts, both line endings, stray CRs, long lines and
// terminator look-alikes.
func randomBody(rng *rand.Rand) []byte {
	pieces := []string{".", "..", ".\r\n", ".\n", "\r\n", "\n", "\r", "a", "bc", " ", "\x00", "\xff", line36, line36[:15], line36[:16], line36[:17]}
	var b []byte
	for n := rng.IntN(40); n > 0; n-- {
		b = append(b, pieces[rng.IntN(len(pieces))]...)
	}
	switch rng.IntN(4) {
	case 0: // no terminator added
	case 1:
		b = append(b, "\r\n.\r\n+OK\r\n"...)
	case 2:
		b = append(b, "\n.\n-ERR\n"...)
	case 3:
		b = append(b, ".\r\n"...)
	}
	return b
}

func TestBodyReaderRandom(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1939, 2449))
	for i := 0; i < 5000; i++ {
		in := randomBody(rng)
		bufSize := 16 + rng.IntN(24)
		chunk := rng.IntN(20)
		checkAgainstReference(t, in, bufSize, chunk)
		if t.Failed() {
			t.Fatalf("input %q, bufio size %d, reads of %d", in, bufSize, chunk)
		}
	}
}

// checkAgainstReference reads in through a bodyReader without limits and
// compares with unstuffReference: the same body and the same rest when
// terminated, an io.ErrUnexpectedEOF otherwise.
func checkAgainstReference(t *testing.T, in []byte, bufSize, chunk int) {
	t.Helper()
	want, wantRest, terminated := unstuffReference(in)
	r, br := bodyOver(string(in), bufSize, 0, 0)
	got, err := readInChunks(r, chunk)
	if len(got) > len(in) {
		t.Errorf("%d bytes out of %d in", len(got), len(in))
	}
	if !terminated {
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("unterminated input: got %q, %v; want io.ErrUnexpectedEOF", got, err)
		}
		if !bytes.HasPrefix(want, got) {
			t.Errorf("unterminated input: partial body %q is not a prefix of %q", got, want)
		}
		return
	}
	if err != nil {
		t.Errorf("unexpected error %v", err)
		return
	}
	if !bytes.Equal(got, want) {
		t.Errorf("body %q, want %q", got, want)
	}
	if got := leftInReader(t, br); got != string(wantRest) {
		t.Errorf("after the body: %q, want %q", got, wantRest)
	}
}
