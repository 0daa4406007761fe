package pop3

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// timedConn arms a deadline before every Read and Write so that a silent
// server ends in ErrTimeout, and lets a context cancel blocked I/O.
//
// Cancellation sets a deadline in the past. The mutex orders that against
// the per-call deadline: without it a Read could re-arm a fresh deadline
// just after the cancellation set its past one, and the cancel would be
// lost.
type timedConn struct {
	net.Conn
	timeout time.Duration

	mu       sync.Mutex
	deadline time.Time // the current operation's context deadline, if any
	canceled error     // set once the current operation's context ended
}

// arm sets the deadline for one Read or Write and returns it.
func (t *timedConn) arm(set func(time.Time) error) (time.Time, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.canceled != nil {
		return time.Time{}, t.canceled
	}
	d := time.Now().Add(t.timeout)
	if !t.deadline.IsZero() && t.deadline.Before(d) {
		d = t.deadline
	}
	return d, set(d)
}

func (t *timedConn) Read(p []byte) (int, error) {
	d, err := t.arm(t.Conn.SetReadDeadline)
	if err != nil {
		return 0, err
	}
	n, err := t.Conn.Read(p)
	return n, t.translate(err, d)
}

func (t *timedConn) Write(p []byte) (int, error) {
	d, err := t.arm(t.Conn.SetWriteDeadline)
	if err != nil {
		return 0, err
	}
	n, err := t.Conn.Write(p)
	return n, t.translate(err, d)
}

// translate turns a fired deadline into the reason it fired. Transports
// report it differently: net.Conn with os.ErrDeadlineExceeded, the
// browser's WebSocket (coder/websocket's NetConn) by closing itself, so
// any error at or after the armed deadline counts.
func (t *timedConn) translate(err error, armed time.Time) error {
	if err == nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.canceled != nil {
		return t.canceled
	}
	if !errors.Is(err, os.ErrDeadlineExceeded) && time.Now().Before(armed) {
		return err
	}
	if !t.deadline.IsZero() && !time.Now().Before(t.deadline) {
		return context.DeadlineExceeded
	}
	return ErrTimeout
}

// watch binds I/O to ctx until the returned stop function is called.
func (t *timedConn) watch(ctx context.Context) (stop func()) {
	t.mu.Lock()
	t.deadline, _ = ctx.Deadline()
	t.canceled = nil
	t.mu.Unlock()
	cancelStop := context.AfterFunc(ctx, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		t.canceled = context.Cause(ctx)
		// A deadline in the past wakes any Read or Write blocked now.
		_ = t.Conn.SetDeadline(time.Unix(1, 0))
	})
	return func() {
		cancelStop()
		t.mu.Lock()
		t.deadline = time.Time{}
		t.mu.Unlock()
	}
}
