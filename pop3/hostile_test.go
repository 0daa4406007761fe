package pop3

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// serveFunc runs handler for one connection on a loopback listener.
func serveFunc(t *testing.T, handler func(conn net.Conn, br *bufio.Reader)) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		conn, err := l.Accept()
		l.Close()
		if err != nil {
			return
		}
		defer conn.Close()
		handler(conn, bufio.NewReader(conn))
	}()
	t.Cleanup(func() {
		l.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("hostile server goroutine did not end")
		}
	})
	return l.Addr().String()
}

// endless writes s again and again until the peer stops reading.
func endless(conn net.Conn, s string) {
	chunk := []byte(strings.Repeat(s, 4096/len(s)+1))
	for {
		if _, err := conn.Write(chunk); err != nil {
			return
		}
	}
}

func TestHostileServers(t *testing.T) {
	opts := &Options{Timeout: 300 * time.Millisecond, MaxLineLength: 64 << 10, MaxMessageSize: 1 << 20, MaxListingSize: 1 << 20}
	for _, tc := range []struct {
		name    string
		serve   func(conn net.Conn, br *bufio.Reader)
		run     func(c *Client) error
		check   func(error) bool
		explain string
		inStep  bool
	}{
		{
			name: "endless status line",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK "))
				endless(conn, "A")
			},
			run:     func(c *Client) error { return c.Noop(bg) },
			check:   isLimit(limitLine),
			explain: "*LimitError on the line length",
		},
		{
			name: "endless body line",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\n"))
				endless(conn, "B")
			},
			run:     retrAll(1),
			check:   isLimit(limitLine),
			explain: "*LimitError on the line length",
		},
		{
			name: "endless body of short lines",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\n"))
				endless(conn, "line\r\n")
			},
			run:     retrAll(1),
			check:   isLimit(limitMessage),
			explain: "*LimitError on the message size",
		},
		{
			name: "endless listing",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\n"))
				endless(conn, "1 100\r\n")
			},
			run:     func(c *Client) error { _, err := c.List(bg); return err },
			check:   isLimit(limitListing),
			explain: "*LimitError on the listing size",
		},
		{
			name: "no terminator, then hang-up",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\nSubject: x\r\n\r\nbody\r\n"))
			},
			run:     retrAll(1),
			check:   func(err error) bool { return errors.Is(err, io.ErrUnexpectedEOF) },
			explain: "io.ErrUnexpectedEOF",
		},
		{
			name: "stall in the middle of a body",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\nSubject: x\r\n"))
				br.ReadString('\n') // waits for the client to hang up
			},
			run:     retrAll(1),
			check:   func(err error) bool { return errors.Is(err, ErrTimeout) },
			explain: "ErrTimeout",
		},
		{
			name: "stall before the greeting",
			serve: func(conn net.Conn, br *bufio.Reader) {
				br.ReadString('\n')
			},
			check:   func(err error) bool { return errors.Is(err, ErrTimeout) },
			explain: "ErrTimeout from Dial",
		},
		{
			name: "garbage instead of a status line",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("HTTP/1.1 400 Bad Request\r\n\r\n"))
				br.ReadString('\n')
			},
			run:     func(c *Client) error { return c.Noop(bg) },
			check:   isProtocol,
			explain: "*ProtocolError",
		},
		{
			name: "gigantic size in LIST",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\n1 999999999999999999999999999999\r\n.\r\n"))
				br.ReadString('\n')
			},
			run:     func(c *Client) error { _, err := c.List(bg); return err },
			check:   isProtocol,
			explain: "*ProtocolError",
			inStep:  true,
		},
		{
			name: "size over the limit in LIST",
			serve: func(conn net.Conn, br *bufio.Reader) {
				conn.Write([]byte(greet))
				br.ReadString('\n')
				conn.Write([]byte("+OK\r\n1 9000000000000\r\n.\r\n"))
				br.ReadString('\n')
			},
			run: func(c *Client) error {
				if _, err := c.List(bg); err != nil {
					return err
				}
				// Refused before RETR is even sent.
				_, err := c.Retr(bg, 1)
				return err
			},
			check:   isLimit(limitMessage),
			explain: "*LimitError before RETR",
			inStep:  true,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr := serveFunc(t, tc.serve)
			start := time.Now()
			o := *opts
			o.AllowInsecureAuth = true
			c, err := Dial(bg, addr, &o)
			if err == nil {
				defer c.Close()
				if tc.run == nil {
					t.Fatal("Dial succeeded")
				}
				err = tc.run(c)
			}
			if !tc.check(err) {
				t.Fatalf("got %v (%T), want %s", err, err, tc.explain)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v to fail", d)
			}
			// A failure in the middle of a reply ends the session; a
			// bad line inside a well-terminated listing, or a refusal
			// before anything was sent, leaves it in step.
			if c != nil && !tc.inStep {
				if err := c.Noop(bg); !errors.Is(err, ErrClosed) {
					t.Errorf("after the failure Noop = %v, want ErrClosed", err)
				}
			}
		})
	}
}

func retrAll(n int) func(c *Client) error {
	return func(c *Client) error {
		r, err := c.Retr(bg, n)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, r)
		return err
	}
}

func isLimit(which string) func(error) bool {
	return func(err error) bool {
		var le *LimitError
		return errors.As(err, &le) && le.Limit == which
	}
}

func isProtocol(err error) bool {
	var pe *ProtocolError
	return errors.As(err, &pe)
}

func TestCancelMidResponseEndsSession(t *testing.T) {
	release := make(chan struct{})
	addr := serveFunc(t, func(conn net.Conn, br *bufio.Reader) {
		conn.Write([]byte(greet))
		br.ReadString('\n')
		conn.Write([]byte("+OK\r\nSubject: x\r\n"))
		<-release
	})
	defer close(release)
	c, err := Dial(bg, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithCancel(bg)
	r, err := c.Retr(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = io.Copy(io.Discard, r)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("read after cancel = %v, want context.Canceled", err)
	}
	if time.Since(start) > 2*time.Second {
		t.Fatal("cancel did not interrupt the read")
	}
	if err := c.Noop(bg); !errors.Is(err, ErrClosed) {
		t.Fatalf("Noop after cancel = %v, want ErrClosed", err)
	}
}

func TestWaitingCallGivesUp(t *testing.T) {
	release := make(chan struct{})
	addr := serveFunc(t, func(conn net.Conn, br *bufio.Reader) {
		conn.Write([]byte(greet))
		br.ReadString('\n')
		conn.Write([]byte("+OK\r\npartial\r\n"))
		<-release
	})
	defer close(release)
	c, err := Dial(bg, addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Retr(bg, 1); err != nil { // left open: holds the session
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	if err := c.Noop(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Noop while a body is open = %v, want DeadlineExceeded", err)
	}
}

func TestDialTLSHandshakeTimeout(t *testing.T) {
	// A server that accepts and never answers the ClientHello.
	addr := serveFunc(t, func(conn net.Conn, br *bufio.Reader) { io.Copy(io.Discard, br) })
	start := time.Now()
	_, err := DialTLS(bg, addr, &Options{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("DialTLS = %v, want a handshake timeout", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("DialTLS took %v to give up, want about Options.Timeout", d)
	}
}
