//go:build !js

// Benchmarks for developers; the figures docs/benchmarks.md quotes come from
// `go run ./pop3/internal/benchreport` (make bench), which measures each
// against a baseline in the same run. Run these with
//
//	go test -run XXX -bench . ./pop3/
//
// They need loopback TCP, hence the build constraint.

package pop3_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

const (
	benchUser = "bench"
	benchPass = "secret"
)

func benchServer(b *testing.B, opts *pop3server.Options, msgs ...pop3server.Message) string {
	b.Helper()
	srv := pop3server.New(opts)
	b.Cleanup(func() { srv.Close() })
	if err := srv.AddUser(benchUser, benchPass, msgs...); err != nil {
		b.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		b.Fatal(err)
	}
	return addr
}

func benchLogin(b *testing.B, addr string, opts pop3.Options) *pop3.Client {
	b.Helper()
	opts.AllowInsecureAuth = true
	c, err := pop3.Dial(context.Background(), addr, &opts)
	if err != nil {
		b.Fatal(err)
	}
	if err := c.Login(context.Background(), benchUser, benchPass); err != nil {
		c.Close()
		b.Fatal(err)
	}
	return c
}

// benchInboxListing times fakemail.ListInbox (Inventory and TopMany(all,
// 0)) on a fresh, logged-in session per iteration (login is not timed),
// with 5 ms of latency each way. It reports the time in round trips:
// about 3 when pipelined (CAPA after login, UIDL+LIST, the TOP batch),
// n+2 when not.
func benchInboxListing(b *testing.B, n int, sequential bool) {
	const oneWay = 5 * time.Millisecond
	addr := benchServer(b, &pop3server.Options{Latency: oneWay}, fakemail.Inbox(n)...)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		c := benchLogin(b, addr, pop3.Options{DisablePipelining: sequential})
		b.StartTimer()
		l, err := fakemail.ListInbox(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		if l.Headers != n {
			b.Fatalf("TopMany delivered %d headers, want %d", l.Headers, n)
		}
		b.StopTimer()
		c.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed())/float64(b.N)/float64(2*oneWay), "RTT/op")
}

func BenchmarkInboxPipelined(b *testing.B)  { benchInboxListing(b, 100, false) }
func BenchmarkInboxSequential(b *testing.B) { benchInboxListing(b, 100, true) }

const bigSize = 50 << 20

// bigOnce builds a 50 MiB message (fakemail.Large: a text and HTML body
// and two base64 attachments, some lines starting with a dot); wire is its
// RETR reply: status line, stuffed body, terminator.
var bigOnce = sync.OnceValues(func() (data, wire []byte) {
	data = fakemail.Large(bigSize)
	return data, fakemail.RetrReply(data)
})

// sink discards what is written to it. Unlike io.Discard it has no
// ReadFrom, which reads 8 KiB at a time: the RETR benchmarks and their
// baseline all read in measure.ReadSize reads, the client's own read size.
type sink struct{}

func (sink) Write(p []byte) (int, error) { return len(p), nil }

func benchRetr(b *testing.B, c *pop3.Client) {
	buf := make([]byte, measure.ReadSize)
	b.SetBytes(bigSize)
	b.ReportAllocs()
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		body, err := c.Retr(ctx, 1)
		if err != nil {
			b.Fatal(err)
		}
		n, err := measure.Copy(sink{}, body, buf)
		if err != nil {
			b.Fatal(err)
		}
		if err := body.Close(); err != nil {
			b.Fatal(err)
		}
		if n != bigSize {
			b.Fatalf("Retr delivered %d bytes, want %d", n, bigSize)
		}
	}
}

// BenchmarkRetr50MB retrieves a 50 MiB message from the in-memory server
// on loopback TCP; the server's own work is included.
func BenchmarkRetr50MB(b *testing.B) {
	data, _ := bigOnce()
	addr := benchServer(b, nil, pop3server.Message{UID: "big", Data: data})
	c := benchLogin(b, addr, pop3.Options{})
	defer c.Close()
	benchRetr(b, c)
}

// listenLoopback serves each connection accepted on a loopback port with
// serve, until the benchmark ends.
func listenLoopback(b *testing.B, serve func(net.Conn)) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	var wg sync.WaitGroup
	b.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { defer c.Close(); serve(c) })
		}
	})
	return l.Addr().String()
}

// BenchmarkRetr50MBRawResponder is BenchmarkRetr50MB against a responder
// that writes a prebuilt reply in one call: the client's cost alone.
func BenchmarkRetr50MBRawResponder(b *testing.B) {
	_, wire := bigOnce()
	addr := listenLoopback(b, func(c net.Conn) {
		if _, err := io.WriteString(c, "+OK ready\r\n"); err != nil {
			return
		}
		br := bufio.NewReader(c)
		for {
			if _, err := br.ReadString('\n'); err != nil {
				return
			}
			if _, err := c.Write(wire); err != nil {
				return
			}
		}
	})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	c, err := pop3.NewClient(conn, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	benchRetr(b, c)
}

// BenchmarkLoopbackCopy50MB is the baseline for the two above: a plain
// copy of the same wire bytes over loopback TCP, in reads of the same size.
func BenchmarkLoopbackCopy50MB(b *testing.B) {
	_, wire := bigOnce()
	addr := listenLoopback(b, func(c net.Conn) {
		req := make([]byte, 1)
		for {
			if _, err := io.ReadFull(c, req); err != nil {
				return
			}
			if _, err := c.Write(wire); err != nil {
				return
			}
		}
	})
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	buf := make([]byte, measure.ReadSize)
	b.SetBytes(int64(len(wire)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := conn.Write([]byte{1}); err != nil {
			b.Fatal(err)
		}
		n, err := measure.Copy(sink{}, io.LimitReader(conn, int64(len(wire))), buf)
		if err != nil || n != int64(len(wire)) {
			b.Fatalf("copied %d bytes, %v", n, err)
		}
	}
}

// memConn is a net.Conn over memory: it greets, and answers every write
// (a command) with reply. Reads never block, so a benchmark over it
// measures the client's own CPU cost of parsing, without syscalls.
type memConn struct {
	reply []byte
	r     bytes.Reader
}

func newMemConn(reply []byte) *memConn {
	c := &memConn{reply: reply}
	c.r.Reset([]byte("+OK ready\r\n"))
	return c
}

func (c *memConn) Read(p []byte) (int, error) {
	if c.r.Len() == 0 {
		return 0, io.EOF // the client read past its reply
	}
	return c.r.Read(p)
}

func (c *memConn) Write(p []byte) (int, error) {
	if c.r.Len() != 0 {
		return 0, fmt.Errorf("memConn: command before the previous reply was read")
	}
	c.r.Reset(c.reply)
	return len(p), nil
}

func (c *memConn) Close() error                       { return nil }
func (c *memConn) LocalAddr() net.Addr                { return &net.TCPAddr{} }
func (c *memConn) RemoteAddr() net.Addr               { return &net.TCPAddr{} }
func (c *memConn) SetDeadline(t time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(t time.Time) error { return nil }

// BenchmarkRetr50MBInMemory is the client's CPU cost alone: Retr of the
// 50 MiB message over a connection that is a slice in memory.
func BenchmarkRetr50MBInMemory(b *testing.B) {
	_, wire := bigOnce()
	c, err := pop3.NewClient(newMemConn(wire), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	benchRetr(b, c)
}
