package pop3

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// step is one exchange of a scripted server: it reads the expected
// command line (unless expect is empty), then writes reply verbatim.
type step struct {
	expect string
	reply  string
}

// scripted is a fake POP3 server that plays a fixed script, for testing
// every command and every error path without a real server. It records
// mismatches instead of failing from its own goroutine.
type scripted struct {
	t    testing.TB
	addr string
	done chan struct{}
	mu   sync.Mutex
	errs []string
	got  []string
}

// serveScript starts a scripted server on loopback. The greeting is the
// first reply. Loopback TCP rather than net.Pipe, because pipelined
// writes need the buffering of a real socket.
func serveScript(t testing.TB, greeting string, steps ...step) *scripted {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &scripted{t: t, addr: l.Addr().String(), done: make(chan struct{})}
	go func() {
		defer close(s.done)
		defer l.Close()
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		br := bufio.NewReader(conn)
		if _, err := conn.Write([]byte(greeting)); err != nil {
			return
		}
		for _, st := range steps {
			if st.expect != "" {
				line, err := br.ReadString('\n')
				if err != nil {
					s.fail("expected %q, read error %v", st.expect, err)
					return
				}
				line = strings.TrimRight(line, "\r\n")
				s.mu.Lock()
				s.got = append(s.got, line)
				s.mu.Unlock()
				if line != st.expect {
					s.fail("expected command %q, got %q", st.expect, line)
					return
				}
			}
			if st.reply != "" {
				if _, err := conn.Write([]byte(st.reply)); err != nil {
					return
				}
			}
		}
		// Hold the connection until the client closes it, so that the
		// end of the script is not mistaken for a server hang-up.
		_, _ = br.ReadString(0)
	}()
	t.Cleanup(func() {
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			t.Error("scripted server did not finish")
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, e := range s.errs {
			t.Error("server: " + e)
		}
	})
	return s
}

func (s *scripted) fail(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errs = append(s.errs, fmt.Sprintf(format, args...))
}

// dial connects a client to the scripted server.
func (s *scripted) dial(t testing.TB, opts *Options) *Client {
	t.Helper()
	if opts == nil {
		opts = &Options{}
	}
	opts.AllowInsecureAuth = true
	c, err := Dial(context.Background(), s.addr, opts)
	if err != nil {
		t.Fatalf("Dial: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// crlf turns "\n" into "\r\n" so scripts can be written readably.
func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
