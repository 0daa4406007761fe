package netsim

import (
	"net"
	"os"
	"sync"
	"time"
)

// MaxQueued is how many bytes each direction of a delayed connection holds
// in flight. A writer that gets this far ahead of the link blocks, and the
// wrapped side stops reading from the peer, so memory stays bounded however
// fast either end produces data.
const MaxQueued = 4 << 20

// lingerAfterClose bounds how long Close keeps delivering data that was
// written before it: a peer that has stopped reading must not make Close
// hang.
const lingerAfterClose = time.Second

// Delay wraps c, one end of a connection, so that the link behaves as if it
// had a one-way delay of oneWay in both directions:
//
//   - bytes the peer sent become readable oneWay after they arrived on c;
//   - bytes written are delivered to the peer oneWay after the Write call.
//
// Write does not wait for the delay: chunks are queued with their due time
// and a goroutine delivers them, so many writes in a row reach the peer
// together, one delay later. A full round trip therefore costs 2×oneWay.
//
// Deadlines apply to the delayed side (a Read times out if nothing is due
// in time; a Write times out only while it waits for queue space). Errors
// from c, including io.EOF, reach Read after the same delay as the data
// before them. Close delivers what was already written (bounded by a short
// linger if the peer has stopped reading), then closes c and waits for the
// helper goroutines, so none outlive it.
//
// A oneWay of zero or less returns c unchanged.
func Delay(c net.Conn, oneWay time.Duration) net.Conn {
	if oneWay <= 0 {
		return c
	}
	d := &delayConn{
		c:          c,
		delay:      oneWay,
		changed:    make(chan struct{}),
		readerDone: make(chan struct{}),
		writerDone: make(chan struct{}),
	}
	go d.readLoop()
	go d.writeLoop()
	return d
}

// chunk is a piece of data in flight, or (read side only) the error that
// ended the stream.
type chunk struct {
	data []byte
	due  time.Time
	err  error
}

type delayConn struct {
	c     net.Conn
	delay time.Duration

	// readerDone and writerDone are closed when the helper goroutines
	// exit. Close waits for the writer before closing c, so that the last
	// burst is not cut off in the middle of its write.
	readerDone chan struct{}
	writerDone chan struct{}

	mu sync.Mutex
	// changed is closed and replaced on every state change; waiters select
	// on it together with their timers, which a sync.Cond cannot do.
	changed   chan struct{}
	closed    bool
	rq, wq    []chunk
	rqBytes   int
	wqBytes   int
	werr      error // first error writing to c; sticky
	rdeadline time.Time
	wdeadline time.Time
}

// broadcastLocked wakes every waiter. d.mu must be held.
func (d *delayConn) broadcastLocked() {
	close(d.changed)
	d.changed = make(chan struct{})
}

// waitLocked releases d.mu until the state changes or until t (if not
// zero), then reacquires it.
func (d *delayConn) waitLocked(t time.Time) {
	ch := d.changed
	d.mu.Unlock()
	if t.IsZero() {
		<-ch
	} else {
		timer := time.NewTimer(time.Until(t))
		select {
		case <-ch:
		case <-timer.C:
		}
		timer.Stop()
	}
	d.mu.Lock()
}

func (d *delayConn) opError(op string, err error) error {
	return &net.OpError{Op: op, Net: "netsim", Source: d.c.LocalAddr(), Addr: d.c.RemoteAddr(), Err: err}
}

// Read returns data whose delay has elapsed, waiting for it if needed.
func (d *delayConn) Read(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		if d.closed {
			return 0, d.opError("read", net.ErrClosed)
		}
		now := time.Now()
		if !d.rdeadline.IsZero() && !now.Before(d.rdeadline) {
			return 0, d.opError("read", os.ErrDeadlineExceeded)
		}
		if len(p) == 0 {
			return 0, nil
		}
		if len(d.rq) > 0 && !now.Before(d.rq[0].due) {
			return d.takeLocked(p, now)
		}
		wake := d.rdeadline
		if len(d.rq) > 0 && (wake.IsZero() || d.rq[0].due.Before(wake)) {
			wake = d.rq[0].due
		}
		d.waitLocked(wake)
	}
}

// takeLocked copies every due byte that fits into p. The terminal error
// stays queued so that later reads see it too, as with a real connection.
func (d *delayConn) takeLocked(p []byte, now time.Time) (int, error) {
	n := 0
	for len(d.rq) > 0 && n < len(p) && !now.Before(d.rq[0].due) {
		head := &d.rq[0]
		if len(head.data) == 0 {
			if n > 0 {
				break
			}
			return 0, head.err
		}
		m := copy(p[n:], head.data)
		head.data = head.data[m:]
		n += m
		d.rqBytes -= m
		if len(head.data) == 0 && head.err == nil {
			d.rq[0] = chunk{}
			d.rq = d.rq[1:]
		}
	}
	d.broadcastLocked() // the reader goroutine may wait for queue space
	return n, nil
}

// readLoop moves bytes from c into the read queue, stamped with the time
// they become readable.
func (d *delayConn) readLoop() {
	defer close(d.readerDone)
	buf := make([]byte, 32<<10)
	for {
		d.mu.Lock()
		for d.rqBytes >= MaxQueued && !d.closed {
			d.waitLocked(time.Time{})
		}
		closed := d.closed
		d.mu.Unlock()
		if closed {
			return
		}
		n, err := d.c.Read(buf)
		due := time.Now().Add(d.delay)
		d.mu.Lock()
		if d.closed {
			d.mu.Unlock()
			return
		}
		if n > 0 {
			d.rq = append(d.rq, chunk{data: append([]byte(nil), buf[:n]...), due: due})
			d.rqBytes += n
		}
		if err != nil {
			d.rq = append(d.rq, chunk{err: err, due: due})
		}
		d.broadcastLocked()
		d.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Write queues p for delivery one delay from now. It blocks only while
// MaxQueued bytes are already in flight.
func (d *delayConn) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	written := 0
	for len(p) > 0 {
		if d.closed {
			return written, d.opError("write", net.ErrClosed)
		}
		if d.werr != nil {
			return written, d.werr
		}
		now := time.Now()
		if !d.wdeadline.IsZero() && !now.Before(d.wdeadline) {
			return written, d.opError("write", os.ErrDeadlineExceeded)
		}
		space := MaxQueued - d.wqBytes
		if space <= 0 {
			d.waitLocked(d.wdeadline)
			continue
		}
		n := min(space, len(p))
		d.wq = append(d.wq, chunk{data: append([]byte(nil), p[:n]...), due: now.Add(d.delay)})
		d.wqBytes += n
		p = p[n:]
		written += n
		d.broadcastLocked()
	}
	return written, nil
}

// writeLoop delivers queued chunks to c when they fall due. It coalesces
// chunks that are due together into one write, which is what a real link
// would deliver as one burst anyway.
func (d *delayConn) writeLoop() {
	defer close(d.writerDone)
	var buf []byte
	for {
		d.mu.Lock()
		for len(d.wq) == 0 && !d.closed && d.werr == nil {
			d.waitLocked(time.Time{})
		}
		if d.werr != nil || len(d.wq) == 0 {
			d.mu.Unlock()
			return
		}
		due := d.wq[0].due
		d.mu.Unlock()

		// The sleep is bounded by the delay, so Close never waits longer
		// than that for it.
		time.Sleep(time.Until(due))

		d.mu.Lock()
		now := time.Now()
		buf = buf[:0]
		k := 0
		for k < len(d.wq) && !now.Before(d.wq[k].due) {
			buf = append(buf, d.wq[k].data...)
			d.wq[k] = chunk{}
			k++
		}
		d.wq = d.wq[k:]
		d.mu.Unlock()

		_, err := d.c.Write(buf)

		d.mu.Lock()
		d.wqBytes -= len(buf)
		if err != nil {
			d.werr = err
			d.wq = nil
			d.wqBytes = 0
		}
		d.broadcastLocked()
		d.mu.Unlock()
		if cap(buf) > 64<<10 {
			buf = nil // do not pin a large burst's buffer for the connection's life
		}
	}
}

// Close stops reading, delivers what was written before it, closes the
// underlying connection and waits for the helper goroutines to exit.
func (d *delayConn) Close() error {
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return d.opError("close", net.ErrClosed)
	}
	d.closed = true
	flushBy := time.Now()
	if n := len(d.wq); n > 0 {
		flushBy = d.wq[n-1].due
	}
	d.broadcastLocked()
	d.mu.Unlock()

	// Unblock the reader goroutine if it is inside c.Read, and keep a peer
	// that no longer reads from holding the flush up for ever. Either call
	// may fail on a conn without deadlines; c.Close below still ends both.
	_ = d.c.SetReadDeadline(time.Now())
	_ = d.c.SetWriteDeadline(flushBy.Add(lingerAfterClose))

	<-d.writerDone // exits once the queue is drained or a write failed
	err := d.c.Close()
	<-d.readerDone // c.Close releases it even if c ignored the deadline
	return err
}

func (d *delayConn) LocalAddr() net.Addr  { return d.c.LocalAddr() }
func (d *delayConn) RemoteAddr() net.Addr { return d.c.RemoteAddr() }

func (d *delayConn) SetDeadline(t time.Time) error {
	return d.setDeadlines(t, true, true)
}

func (d *delayConn) SetReadDeadline(t time.Time) error {
	return d.setDeadlines(t, true, false)
}

func (d *delayConn) SetWriteDeadline(t time.Time) error {
	return d.setDeadlines(t, false, true)
}

func (d *delayConn) setDeadlines(t time.Time, read, write bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return d.opError("set deadline", net.ErrClosed)
	}
	if read {
		d.rdeadline = t
	}
	if write {
		d.wdeadline = t
	}
	d.broadcastLocked()
	return nil
}
