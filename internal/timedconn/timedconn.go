// Package timedconn gives a mail protocol engine (pop3, submission) the
// two things it needs of any net.Conn, native or the browser's WebSocket:
// a silent server ends in the engine's own timeout error instead of
// hanging, and a context cancels blocked I/O.
//
// It depends on the standard library only and builds for js/wasm.
package timedconn

import (
	"context"
	"errors"
	"net"
	"os"
	"sync"
	"time"
)

// Conn arms a deadline before every Read and Write so that a silent
// server ends in the error given to New, and lets a context cancel
// blocked I/O (Watch).
//
// Cancellation sets a deadline in the past. The mutex orders that against
// the per-call deadline: without it a Read could re-arm a fresh deadline
// just after the cancellation set its past one, and the cancel would be
// lost.
type Conn struct {
	net.Conn
	errTimeout error

	mu       sync.Mutex
	timeout  time.Duration
	deadline time.Time // the current operation's context deadline, if any
	canceled error     // set once the current operation's context ended
}

// New wraps conn so that each Read and Write waits at most timeout, and
// then fails with errTimeout.
func New(conn net.Conn, timeout time.Duration, errTimeout error) *Conn {
	return &Conn{Conn: conn, timeout: timeout, errTimeout: errTimeout}
}

// SetTimeout changes the wait allowed to each later Read and Write, for a
// reply a server may take longer to give (such as SMTP's after DATA).
func (t *Conn) SetTimeout(d time.Duration) {
	t.mu.Lock()
	t.timeout = d
	t.mu.Unlock()
}

// arm sets the deadline for one Read or Write and returns it.
func (t *Conn) arm(set func(time.Time) error) (time.Time, error) {
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

func (t *Conn) Read(p []byte) (int, error) {
	d, err := t.arm(t.Conn.SetReadDeadline)
	if err != nil {
		return 0, err
	}
	n, err := t.Conn.Read(p)
	return n, t.translate(err, d)
}

func (t *Conn) Write(p []byte) (int, error) {
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
func (t *Conn) translate(err error, armed time.Time) error {
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
	return t.errTimeout
}

// Watch binds I/O to ctx until the returned stop function is called:
// when ctx ends, blocked and later I/O fails with context.Cause(ctx).
func (t *Conn) Watch(ctx context.Context) (stop func()) {
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
