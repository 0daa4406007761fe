//go:build !js

package relay_test

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestSlowBrowser: the mail server pushes as fast as it can while the
// browser reads nothing. The bridge must stall the server rather than
// buffer: the heap stays flat while the server is blocked.
func TestSlowBrowser(t *testing.T) {
	var written atomic.Int64
	srv := startTCP(t, func(c net.Conn) {
		buf := make([]byte, 64<<10)
		for {
			n, err := c.Write(buf)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	b := startBridge(t, nil, srv.target("flood"))
	before := heapInUse()
	ws := b.dial(t, "target=flood")
	waitStalled(t, &written)
	grown := int64(heapInUse()) - int64(before)
	t.Logf("server wrote %d MB before stalling; heap grew %d KB", written.Load()>>20, grown>>10)
	if grown > 4<<20 {
		t.Errorf("heap grew by %d KB while the browser did not read", grown>>10)
	}
	// Reading resumes the flow.
	n0 := written.Load()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for got := 0; got < 8<<20; {
		_, data, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got += len(data)
	}
	if written.Load() == n0 {
		t.Error("server still stalled after the browser read 8 MB")
	}
}

// TestSlowServer: the browser sends as fast as it can to a server that
// reads nothing.
func TestSlowServer(t *testing.T) {
	stop := make(chan struct{})
	srv := startTCP(t, func(c net.Conn) { <-stop })
	b := startBridge(t, nil, srv.target("tarpit"))
	before := heapInUse()
	ws := b.dial(t, "target=tarpit")
	var sent atomic.Int64
	go func() {
		msg := make([]byte, 32<<10)
		for ws.Write(context.Background(), websocket.MessageBinary, msg) == nil {
			sent.Add(int64(len(msg)))
		}
	}()
	waitStalled(t, &sent)
	grown := int64(heapInUse()) - int64(before)
	t.Logf("browser sent %d MB before stalling; heap grew %d KB", sent.Load()>>20, grown>>10)
	if grown > 4<<20 {
		t.Errorf("heap grew by %d KB while the server did not read", grown>>10)
	}
	ws.CloseNow()
	close(stop)
}

// waitStalled waits until counter stops moving for a while.
func waitStalled(t *testing.T, counter *atomic.Int64) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	last := int64(-1)
	for time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
		n := counter.Load()
		if n == last && n > 0 {
			return
		}
		last = n
	}
	t.Fatalf("writer never stalled (%d MB written): the bridge buffers without bound", counter.Load()>>20)
}

func openFDs(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}

// TestAbortedSessions opens many sessions and drops each abruptly at a
// different stage; afterwards no goroutine and no file descriptor may be
// left over.
func TestAbortedSessions(t *testing.T) {
	n := 600
	if testing.Short() {
		n = 100
	}
	srv := startTCP(t, func(c net.Conn) {
		c.Write([]byte("+OK POP3 ready\r\n"))
		io.Copy(c, c)
	})
	b := startBridge(t, &relay.Options{
		Limiter: limits.New(&limits.Options{MaxSessions: -1, MaxSessionsPerClient: -1, SessionsPerMinute: -1}),
	}, srv.target("pop"))
	// Warm up pools and the HTTP client before counting.
	b.dial(t, "target=pop").CloseNow()
	waitFor(t, 10*time.Second, "warm-up session to end", func() bool { return b.h.ActiveSessions() == 0 })
	http := b.srv.Client()
	http.CloseIdleConnections()
	time.Sleep(100 * time.Millisecond)
	goroutines, fds := runtime.NumGoroutine(), openFDs(t)

	var wg sync.WaitGroup
	sem := make(chan struct{}, 50)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c, _, err := websocket.Dial(ctx, b.url("target=pop"), &websocket.DialOptions{
				HTTPHeader: map[string][]string{"Origin": {b.srv.URL}},
			})
			if err != nil {
				t.Error(err)
				return
			}
			switch i % 4 {
			case 0: // gone at once
			case 1: // after the greeting
				c.Read(ctx)
			case 2: // in the middle of a command
				c.Read(ctx)
				c.Write(ctx, websocket.MessageBinary, []byte("LIST"))
			case 3: // while the server is sending
				c.Write(ctx, websocket.MessageBinary, make([]byte, 30000))
			}
			c.CloseNow()
		}(i)
	}
	wg.Wait()
	waitFor(t, 20*time.Second, "sessions to end", func() bool { return b.h.ActiveSessions() == 0 })
	waitFor(t, 20*time.Second, "goroutines and fds to return", func() bool {
		return runtime.NumGoroutine() <= goroutines+2 && openFDs(t) <= fds+2
	})
}

// TestShutdown: during the drain, running sessions go on and new ones are
// refused; at the drain's end the rest are told the server is going away.
// The drain's end is a context the test cancels itself, and "the drain has
// begun" is the refusal of a new session, so nothing depends on timing.
func TestShutdown(t *testing.T) {
	srv := startTCP(t, echo)
	t.Run("drain then going away", func(t *testing.T) {
		b := startBridge(t, nil, srv.target("echo"))
		ws := b.dial(t, "target=echo")
		roundTrip(t, ws)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errc := make(chan error, 1)
		go func() { errc <- b.h.Shutdown(ctx) }()
		// New sessions are refused once the drain has begun...
		waitDraining(t, b)
		// ...while the running one still works...
		roundTrip(t, ws)
		select {
		case err := <-errc:
			t.Fatalf("Shutdown returned (%v) before its drain ended, with a session open", err)
		default:
		}
		// ...and at the drain's end it is told the server is going away.
		cancel()
		wantClose(t, ws, bridgeapi.CodeGoingAway, "server shutting down")
		if err := <-errc; err != context.Canceled {
			t.Errorf("Shutdown = %v, want the drain context's error", err)
		}
		if n := b.h.ActiveSessions(); n != 0 {
			t.Errorf("%d sessions after Shutdown", n)
		}
	})
	t.Run("sessions that end during the drain", func(t *testing.T) {
		b := startBridge(t, nil, srv.target("echo"))
		ws := b.dial(t, "target=echo")
		roundTrip(t, ws)
		errc := make(chan error, 1)
		go func() { errc <- b.h.Shutdown(context.Background()) }()
		waitDraining(t, b)
		ws.Close(websocket.StatusNormalClosure, "")
		select {
		case err := <-errc:
			if err != nil {
				t.Errorf("Shutdown = %v, want nil", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("Shutdown did not return after the last session ended")
		}
	})
}

// waitDraining waits until b refuses new sessions with "going away": the
// sign that Shutdown has begun. Each try is a real session attempt: one
// that echoes a line was admitted before the drain began, and is closed
// before the next try.
func waitDraining(t *testing.T, b *bridge) {
	t.Helper()
	for try := 0; try < 1000; try++ {
		c := b.dial(t, "target=echo")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		c.Write(ctx, websocket.MessageBinary, []byte("NOOP\r\n")) // fails once refused; the read tells
		_, _, err := c.Read(ctx)
		cancel()
		if err == nil { // admitted: not draining yet
			c.CloseNow()
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != websocketCode(bridgeapi.CodeGoingAway) || ce.Reason != "server shutting down" {
			t.Fatalf("new session during shutdown: %v, want going away", err)
		}
		return
	}
	t.Fatal("the bridge never began draining")
}
