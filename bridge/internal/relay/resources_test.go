//go:build !js

package relay_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
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
	watch := newStallWatch()
	srv := startTCP(t, func(c net.Conn) {
		w := watch.wrap(c)
		buf := make([]byte, 64<<10)
		for {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	})
	b := startBridge(t, nil, srv.target("flood"))
	before := heapInUse()
	ws := b.dial(t, "target=flood")
	stalledAt := watch.heapWhileStalled(t, before, "server")
	// Reading resumes the flow: the positive control that the counter
	// above would have seen the server write.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for got := 0; got < 8<<20; {
		_, data, err := ws.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got += len(data)
	}
	watch.waitResumed(t, stalledAt, "the server to write again after the browser read 8 MB")
}

// TestSlowServer: the browser sends as fast as it can to a server that
// reads nothing.
func TestSlowServer(t *testing.T) {
	drain := make(chan struct{})
	srv := startTCP(t, func(c net.Conn) {
		<-drain
		io.Copy(io.Discard, c)
	})
	// Runs before srv's cleanup, which waits for the handler.
	t.Cleanup(func() {
		select {
		case <-drain:
		default:
			close(drain)
		}
	})
	b := startBridge(t, nil, srv.target("tarpit"))
	before := heapInUse()
	watch := newStallWatch()
	ws := b.dialWatched(t, "target=tarpit", watch)
	go func() {
		msg := make([]byte, 32<<10)
		for ws.Write(context.Background(), websocket.MessageBinary, msg) == nil {
		}
	}()
	stalledAt := watch.heapWhileStalled(t, before, "browser")
	// The server reading resumes the flow: the positive control that the
	// counter above would have seen the browser send.
	close(drain)
	watch.waitResumed(t, stalledAt, "the browser to send again once the server read")
	ws.CloseNow()
}

// resources counts the process's goroutines and open sockets. Sockets,
// not all descriptors: the runtime keeps a pool of pipes for splicing
// TCP to TCP (the test servers' io.Copy), which grows and shrinks with
// the garbage collector, not with sessions.
type resources struct{ goroutines, sockets int }

func (r resources) String() string {
	return fmt.Sprintf("%d goroutines, %d sockets", r.goroutines, r.sockets)
}

func countResources(t *testing.T) resources {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	r := resources{goroutines: runtime.NumGoroutine()}
	for _, e := range ents {
		if dest, _ := os.Readlink("/proc/self/fd/" + e.Name()); strings.HasPrefix(dest, "socket:") {
			r.sockets++
		}
	}
	return r
}

// waitResources polls until the counts are back down to want, and fails
// with every goroutine's stack and every open descriptor if they are not
// by the deadline.
func waitResources(t *testing.T, what string, want resources) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		got := countResources(t)
		if got.goroutines <= want.goroutines && got.sockets <= want.sockets {
			return
		}
		if time.Now().After(deadline) {
			var dump strings.Builder
			pprof.Lookup("goroutine").WriteTo(&dump, 1)
			ents, _ := os.ReadDir("/proc/self/fd")
			for _, e := range ents {
				dest, _ := os.Readlink("/proc/self/fd/" + e.Name())
				fmt.Fprintf(&dump, "fd %s -> %s\n", e.Name(), dest)
			}
			t.Fatalf("%s: %v left, want %v\n%s", what, got, want, dump.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestAbortedSessions opens many sessions and drops each abruptly at a
// different stage; afterwards no goroutine and no socket may be left
// over.
//
// The counts must return exactly to those taken before any session. A
// warm-up session first shows that the counting sees a session's
// goroutines and sockets come and go: the positive control for "none
// left".
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
	idle := countResources(t)
	warm := b.dial(t, "target=pop")
	roundTrip(t, warm)
	if during := countResources(t); during.goroutines <= idle.goroutines || during.sockets <= idle.sockets {
		t.Fatalf("with a session open: %v; before it: %v: the counts cannot see a session", during, idle)
	}
	warm.CloseNow()
	waitResources(t, "after the warm-up session", idle)

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
	waitResources(t, "after the aborted sessions", idle)
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
