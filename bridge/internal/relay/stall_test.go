//go:build !js

package relay_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// stallAfter is how long one write must go without the kernel taking a
// single byte before the writer counts as stalled.
const stallAfter = 500 * time.Millisecond

// stallWatch observes one writer at the socket: it counts the bytes the
// kernel accepts and closes stalled once a write has gone a whole
// stallAfter without a byte accepted. That is a concrete event, the send
// buffer full and nothing draining it, not a guess from a quiet moment:
// the writer itself was blocked, and the same counter shows it moving
// whenever the peer reads (the tests check both).
type stallWatch struct {
	written atomic.Int64
	stalled chan struct{}
	once    sync.Once
}

func newStallWatch() *stallWatch { return &stallWatch{stalled: make(chan struct{})} }

// wrap returns c with its writes observed by w.
func (w *stallWatch) wrap(c net.Conn) net.Conn { return &watchedConn{Conn: c, w: w} }

// wait returns once the writer stalled, or fails t if it never does: then
// the bridge took everything the writer offered, buffering without bound.
func (w *stallWatch) wait(t *testing.T) {
	t.Helper()
	select {
	case <-w.stalled:
	case <-time.After(20 * time.Second):
		t.Fatalf("writer never stalled (%d MB written): the bridge buffers without bound", w.written.Load()>>20)
	}
	if w.written.Load() == 0 {
		t.Fatal("writer stalled before writing a byte: the relay never read")
	}
}

// heapWhileStalled waits for the writer to stall and checks that the
// heap in use grew by at most 4 MB since before, measured while the
// writer stayed blocked. It returns the bytes written by then.
func (w *stallWatch) heapWhileStalled(t *testing.T, before uint64, writer string) int64 {
	t.Helper()
	w.wait(t)
	stalledAt := w.written.Load()
	grown := int64(heapInUse()) - int64(before)
	t.Logf("%s wrote %d MB before stalling; heap grew %d KB", writer, stalledAt>>20, grown>>10)
	if grown > 4<<20 {
		t.Errorf("heap grew by %d KB while the %s was stalled", grown>>10, writer)
	}
	if n := w.written.Load(); n != stalledAt {
		t.Errorf("%s wrote %d bytes more while the heap was measured: it was not stalled", writer, n-stalledAt)
	}
	return stalledAt
}

// waitResumed waits until the writer gets bytes through again after
// stalledAt: the positive control that the counter would have seen the
// writer move while it is checked to be still.
func (w *stallWatch) waitResumed(t *testing.T, stalledAt int64, what string) {
	t.Helper()
	waitFor(t, 10*time.Second, what, func() bool { return w.written.Load() > stalledAt })
}

type watchedConn struct {
	net.Conn
	w *stallWatch
}

// Write writes all of p. Each attempt carries a write deadline only so
// that a blocked writer is noticed; the caller never sees it expire.
func (c *watchedConn) Write(p []byte) (int, error) {
	total := 0
	for {
		c.Conn.SetWriteDeadline(time.Now().Add(stallAfter))
		n, err := c.Conn.Write(p[total:])
		total += n
		c.w.written.Add(int64(n))
		if errors.Is(err, os.ErrDeadlineExceeded) {
			if n == 0 {
				c.w.once.Do(func() { close(c.w.stalled) })
			}
			continue
		}
		return total, err
	}
}

// dialWatched opens a WebSocket to b, as dial does, whose writes at the
// socket are observed by w.
func (b *bridge) dialWatched(t *testing.T, q string, w *stallWatch) *websocket.Conn {
	t.Helper()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return w.wrap(c), nil
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, b.url(q), &websocket.DialOptions{
		HTTPClient: &http.Client{Transport: tr},
		HTTPHeader: http.Header{"Origin": {b.srv.URL}},
	})
	if err != nil {
		t.Fatalf("dial %s: %v", q, err)
	}
	t.Cleanup(func() { c.CloseNow() })
	return c
}
