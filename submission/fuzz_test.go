package submission

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
)

// FuzzReadReply feeds arbitrary server output to the reply parser. It
// must never panic, return a code outside 2xx-5xx, an enhanced code
// whose class differs from the reply's, or more than the allowed lines;
// and a reply it accepts, written out again, must parse the same.
func FuzzReadReply(f *testing.F) {
	for _, s := range []string{
		"250 OK\r\n",
		"220 mx.example ESMTP Postfix\r\n",
		"250-mx.example\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 AUTH PLAIN LOGIN\r\n",
		"550 5.1.1 <x@example.org>: Recipient address rejected\r\n",
		"452-4.5.3 Too many\r\n452 4.5.3 recipients\r\n",
		"334 UGFzc3dvcmQ6\r\n",
		"250\n",
		"25\r\n",
		"250-a\r\n251 b\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := readReply(bufio.NewReader(bytes.NewReader(in)), 200)
		if err != nil {
			var pe *ProtocolError
			if !errors.As(err, &pe) && !errors.Is(err, io.EOF) {
				t.Fatalf("unexpected error type %T: %v", err, err)
			}
			return
		}
		if r.code < 200 || r.code > 599 {
			t.Fatalf("code %d", r.code)
		}
		if r.enhanced != ([3]int{}) && r.enhanced[0] != r.code/100 {
			t.Fatalf("enhanced %v for code %d", r.enhanced, r.code)
		}
		if len(r.lines) == 0 || len(r.lines) > maxReplyLines {
			t.Fatalf("%d lines", len(r.lines))
		}
		var out bytes.Buffer
		for i, l := range r.lines {
			sep := "-"
			if i == len(r.lines)-1 {
				sep = " "
			}
			out.WriteString(strconv.Itoa(r.code) + sep)
			if r.enhanced != ([3]int{}) {
				out.WriteString(strconv.Itoa(r.enhanced[0]) + "." + strconv.Itoa(r.enhanced[1]) + "." + strconv.Itoa(r.enhanced[2]) + " ")
			}
			out.WriteString(l + "\r\n")
		}
		again, err := readReply(bufio.NewReader(&out), 1<<20)
		if err != nil {
			t.Fatalf("%q parsed as %+v, which written out as %q does not parse: %v", in, r, out.String(), err)
		}
		if again.code != r.code || again.enhanced != r.enhanced || strings.Join(again.lines, "\n") != strings.Join(r.lines, "\n") {
			t.Fatalf("%q parsed as %+v, written out and parsed again as %+v", in, r, again)
		}
	})
}
