//go:build !js

package relay_test

import (
	"bytes"
	"context"
	"io"
	"net"
	"runtime"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// Developer benchmarks of the relay's data path, in one process (client,
// relay and target share the Go runtime, so the figures are for comparing
// versions of session.go, not for docs/benchmarks.md: `make bench` runs
// bridge/internal/benchreport, which puts the bridge in a process of its
// own and compares it with websockify).
//
//	go test -run XXX -bench . -benchtime 2000x ./bridge/internal/relay

const benchMsg = 32 << 10

// BenchmarkToTarget moves b.N messages of 32 KiB from the WebSocket to a
// TCP sink.
func BenchmarkToTarget(b *testing.B) {
	got := make(chan int64, 1)
	want := int64(b.N) * benchMsg
	srv := startTCP(b, func(c net.Conn) {
		n, _ := io.CopyN(io.Discard, c, want)
		got <- n
	})
	br := startBridge(b, nil, srv.target("sink"))
	ws := br.dial(b, "target=sink")
	msg := bytes.Repeat([]byte("poppy"), benchMsg/5+1)[:benchMsg]
	ctx := context.Background()
	b.SetBytes(benchMsg)
	b.ResetTimer()
	for range b.N {
		if err := ws.Write(ctx, websocket.MessageBinary, msg); err != nil {
			b.Fatal(err)
		}
	}
	if n := <-got; n != want {
		b.Fatalf("sink got %d bytes, want %d", n, want)
	}
}

// BenchmarkToClient moves b.N × 32 KiB from a TCP source to the WebSocket.
func BenchmarkToClient(b *testing.B) {
	total := int64(b.N) * benchMsg
	srv := startTCP(b, func(c net.Conn) {
		buf := bytes.Repeat([]byte("poppy"), (256<<10)/5+1)[:256<<10]
		for left := total; left > 0; {
			n, err := c.Write(buf[:min(int64(len(buf)), left)])
			left -= int64(n)
			if err != nil {
				return
			}
		}
		io.Copy(io.Discard, c) // until the client leaves
	})
	br := startBridge(b, nil, srv.target("source"))
	ws := br.dial(b, "target=source")
	ctx := context.Background()
	buf := make([]byte, 256<<10)
	b.SetBytes(benchMsg)
	b.ResetTimer()
	var got int64
	for got < total {
		_, r, err := ws.Reader(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for {
			n, err := r.Read(buf)
			got += int64(n)
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if got != total {
		b.Fatalf("got %d bytes, want %d", got, total)
	}
}

// BenchmarkRoundTrip sends a 64-byte message to a TCP echo and waits for it
// to come back.
func BenchmarkRoundTrip(b *testing.B) {
	srv := startTCP(b, echo)
	br := startBridge(b, nil, srv.target("echo"))
	ws := br.dial(b, "target=echo")
	nc := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
	msg := make([]byte, 64)
	buf := make([]byte, 64)
	b.ResetTimer()
	for range b.N {
		if _, err := nc.Write(msg); err != nil {
			b.Fatal(err)
		}
		if _, err := io.ReadFull(nc, buf); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIdleSessions opens b.N sessions that each carried a few bytes
// both ways, holding up to 1,000 open at a time, and reports the growth of
// HeapInuse+StackInuse per open session. Client and target live in this
// process too, so the figure includes their share (a WebSocket client and
// an echo goroutine per session); bridge/internal/benchreport measures the
// bridge alone.
func BenchmarkIdleSessions(b *testing.B) {
	const group = 1000 // bounds the file descriptors: four per session here
	srv := startTCP(b, echo)
	unlimited := limits.New(&limits.Options{MaxSessions: -1, MaxSessionsPerClient: -1, SessionsPerMinute: -1})
	br := startBridge(b, &relay.Options{Limiter: unlimited}, srv.target("echo"))
	inuse := func() int64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapInuse + m.StackInuse)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var grown int64
	for done := 0; done < b.N; {
		n := min(group, b.N-done)
		b.StopTimer()
		before := inuse()
		b.StartTimer()
		conns := make([]*websocket.Conn, 0, n)
		for range n {
			c, err := br.dialOrigin("target=echo", br.srv.URL)
			if err != nil {
				b.Fatal(err)
			}
			conns = append(conns, c)
			if err := c.Write(ctx, websocket.MessageBinary, []byte("hello")); err != nil {
				b.Fatal(err)
			}
			if _, _, err := c.Read(ctx); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		grown += inuse() - before
		for _, c := range conns {
			c.CloseNow()
		}
		waitFor(b, 10*time.Second, "sessions to end", func() bool { return br.h.ActiveSessions() == 0 })
		b.StartTimer()
		done += n
	}
	b.ReportMetric(float64(grown)/float64(b.N), "B/session")
}
