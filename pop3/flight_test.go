package pop3

import (
	"bytes"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// flightServer plays a script on one end of a net.Pipe and records the
// flights of the client: the command lines that one write of the client
// brought. net.Pipe hands one Read the bytes of one Write (here always
// whole, the buffer being larger than any flight of these tests) and
// keeps the writer waiting until they are read, so a flight is exactly
// what the client sent before it waited for a reply. A client that
// pipelines USER and PASS is seen as one flight of two lines; one that
// waits in between, as two flights: the same observation either way,
// and no timing involved.
type flightServer struct {
	steps []flightStep

	mu      sync.Mutex
	flights [][]string
	errs    []string
	done    chan struct{}
}

// flightStep expects one command line and answers it with reply (CRLF
// added to every line); hangUp closes the connection after the reply.
type flightStep struct {
	expect string
	reply  string
	hangUp bool
}

// startFlights runs the script and returns a client for it, with
// AllowInsecureAuth set on a copy of opts.
func startFlights(t *testing.T, opts Options, caps string, steps ...flightStep) (*Client, *flightServer) {
	t.Helper()
	cl, sv := net.Pipe()
	s := &flightServer{done: make(chan struct{})}
	if caps != "" {
		s.steps = append(s.steps, flightStep{expect: "CAPA", reply: "+OK\n" + caps + "\n."})
	}
	s.steps = append(s.steps, steps...)
	go s.serve(sv)
	t.Cleanup(func() {
		cl.Close()
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			t.Error("flight server did not finish")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range s.errs {
			t.Error("server: " + e)
		}
	})
	opts.AllowInsecureAuth = true
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second // a client waiting for a reply the script withholds fails, not hangs
	}
	c, err := NewClient(cl, &opts)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c, s
}

func (s *flightServer) serve(conn net.Conn) {
	defer close(s.done)
	defer conn.Close()
	if _, err := conn.Write([]byte("+OK flight server ready\r\n")); err != nil {
		return
	}
	buf := make([]byte, 64<<10)
	next := 0
	for {
		n, err := conn.Read(buf)
		if err != nil {
			return // the client closed the connection
		}
		data := buf[:n]
		if !bytes.HasSuffix(data, []byte("\r\n")) {
			s.fail("a write of the client ended inside a line: %q", data)
			return
		}
		lines := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
		s.mu.Lock()
		s.flights = append(s.flights, lines)
		s.mu.Unlock()
		for _, line := range lines {
			if next == len(s.steps) {
				s.fail("unexpected command %q after the script", line)
				return
			}
			st := s.steps[next]
			next++
			if line != st.expect {
				s.fail("expected %q, got %q", st.expect, line)
				return
			}
			if _, err := conn.Write([]byte(strings.ReplaceAll(st.reply, "\n", "\r\n") + "\r\n")); err != nil {
				return
			}
			if st.hangUp {
				return
			}
		}
	}
}

func (s *flightServer) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

// check compares the flights seen with want, each flight written as its
// lines joined by " + ".
func (s *flightServer) check(t *testing.T, want ...string) {
	t.Helper()
	s.mu.Lock()
	var got []string
	for _, f := range s.flights {
		got = append(got, strings.Join(f, " + "))
	}
	s.mu.Unlock()
	if !slices.Equal(got, want) {
		t.Errorf("flights (one per round trip):\n got %q\nwant %q", got, want)
	}
}
