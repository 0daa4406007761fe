package pop3

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"
)

// windowServer is a POP3 server that measures what RFC 2449 §6.6 asks a
// pipelining client to bound: the command bytes it has sent that the
// server has not answered yet. A reader goroutine takes in every byte as
// soon as it arrives, so the count is what the client has put on the wire;
// a command counts as answered just before its reply is written, so the
// count never runs ahead of the client's own (no false alarm) and a client
// that sends past its window is seen as soon as the bytes land.
type windowServer struct {
	bound  int // the window the client was given
	holdAt int // bytes to wait for before answering the first DELE

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced when received grows
	received int
	answered int
	peak     int
	over     []string // violations, reported by the test goroutine
	held     bool     // the first DELE waited until holdAt bytes were out
}

// windowLine is the length of every DELE line with its CRLF: the test uses
// four-digit message numbers, so the window holds a known number of them.
const windowLine = len("DELE 1000\r\n")

func startWindowServer(t *testing.T, bound, holdAt int) (*windowServer, string) {
	t.Helper()
	s := &windowServer{bound: bound, holdAt: holdAt, changed: make(chan struct{})}
	// serve reads conn itself, as bytes arrive; the bufio.Reader is unused.
	addr := serveFunc(t, func(conn net.Conn, _ *bufio.Reader) { s.serve(conn) })
	return s, addr
}

func (s *windowServer) serve(c net.Conn) {
	lines := make(chan string, 1<<16)
	go func() {
		defer close(lines)
		var pending []byte
		buf := make([]byte, 64<<10)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				s.mu.Lock()
				s.received += n
				out := s.received - s.answered
				s.peak = max(s.peak, out)
				if out > s.bound {
					s.over = append(s.over, fmt.Sprintf("%d bytes unanswered, window %d", out, s.bound))
				}
				close(s.changed)
				s.changed = make(chan struct{})
				s.mu.Unlock()
				pending = append(pending, buf[:n]...)
				for {
					i := bytes.Index(pending, []byte("\r\n"))
					if i < 0 {
						break
					}
					lines <- string(pending[:i])
					pending = pending[i+2:]
				}
			}
			if err != nil {
				return
			}
		}
	}()
	w := bufio.NewWriter(c)
	w.WriteString("+OK window server\r\n")
	w.Flush()
	first := true
	for line := range lines {
		var reply string
		switch {
		case line == "CAPA":
			reply = "+OK\r\nPIPELINING\r\n.\r\n"
		case line == "QUIT":
			reply = "+OK bye\r\n"
		default:
			if first {
				first = false
				s.hold()
			}
			reply = "+OK marked\r\n"
		}
		s.mu.Lock()
		s.answered += len(line) + 2
		s.mu.Unlock()
		if _, err := w.WriteString(reply); err != nil {
			return
		}
		if err := w.Flush(); err != nil {
			return
		}
	}
}

// hold waits, before the first DELE is answered, until holdAt bytes are
// unanswered: a client that pipelines sends a whole window before it
// reads a reply, so this proves the count sees pipelined bytes. A client
// that does not pipeline never gets there; the deadline turns that hang
// into a failure.
func (s *windowServer) hold() {
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		out, changed := s.received-s.answered, s.changed
		if out >= s.holdAt {
			s.held = true
			s.mu.Unlock()
			return
		}
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			return
		}
	}
}

// TestPipelineWindowBound checks Options.PipelineWindow from the server's
// side. An overshoot is certain to be seen when the client's first burst
// leaves in one write (windows up to its 4 KiB write buffer: a client
// that sends even one line too many fails here); for the 16 KiB default
// the burst leaves in several writes, and a gross overshoot (a window
// ignored or doubled) fails as surely.
func TestPipelineWindowBound(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    Options
		window  int // the bound in force
		holdAt  int // 0: a full window's worth of whole lines
		wantMax int // 0: at most the window
	}{
		{name: "window of 64 bytes", opts: Options{PipelineWindow: 64}, window: 64},
		{name: "window not a multiple of the line", opts: Options{PipelineWindow: 100}, window: 100},
		{name: "window of 1000 bytes", opts: Options{PipelineWindow: 1000}, window: 1000},
		{name: "default window (16 KiB)", opts: Options{}, window: 16 << 10},
		// Control: without pipelining, the count is one command at a time.
		{name: "pipelining disabled", opts: Options{DisablePipelining: true, PipelineWindow: 1000}, window: 1000,
			holdAt: windowLine, wantMax: windowLine},
	} {
		t.Run(tc.name, func(t *testing.T) {
			holdAt := tc.holdAt
			if holdAt == 0 {
				holdAt = tc.window / windowLine * windowLine
			}
			s, addr := startWindowServer(t, tc.window, holdAt)
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c, err := NewClient(conn, &tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			// Three windows and a bit, so the window is refilled as
			// replies come in, not only filled once.
			n := 3*tc.window/windowLine + 5
			nums := make([]int, n)
			for i := range nums {
				nums[i] = 1000 + i
			}
			if err := c.DeleMany(bg, nums); err != nil {
				t.Fatal(err)
			}
			if err := c.Quit(bg); err != nil {
				t.Fatal(err)
			}
			s.mu.Lock()
			defer s.mu.Unlock()
			for _, o := range s.over {
				t.Errorf("window passed: %s", o)
			}
			if !s.held {
				t.Fatalf("the client never had %d bytes unanswered (peak %d): the count did not see pipelining", holdAt, s.peak)
			}
			if want := tc.wantMax; want != 0 && s.peak != want {
				t.Fatalf("peak unanswered = %d bytes, want %d", s.peak, want)
			}
			if s.peak > tc.window || s.peak < holdAt {
				t.Fatalf("peak unanswered = %d bytes, want between %d and the window %d", s.peak, holdAt, tc.window)
			}
		})
	}
}
