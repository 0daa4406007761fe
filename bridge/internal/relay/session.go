package relay

import (
	"context"
	"errors"
	"io"
	"math"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/internal/metrics"
)

// chunkSize is the most bytes one direction holds at a time, and so the
// largest message sent to the browser. 128 KiB halves the per-message
// work of smaller chunks at high rates; idle sessions hold none of it
// (see bufPool), so the size costs nothing while a session waits.
const chunkSize = 128 << 10

// bufPool lends chunk buffers, in both directions, only while data is
// being copied, so an idle session holds no buffer at all.
var bufPool = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}

// session relays one WebSocket and one TCP connection. Two pumps move bytes,
// one per direction; the goroutine of ServeHTTP waits for the first ending,
// carries out the matching close sequence and logs the session.
type session struct {
	h     *Handler
	req   *request
	ws    *websocket.Conn
	tcp   net.Conn
	start time.Time

	events chan ending // from the pumps; the first one decides
	abortc chan ending // idle timeout, session length, shutdown

	last      atomic.Int64 // time of the last activity, as time.Since(start)
	toTarget  atomic.Int64
	toClient  atomic.Int64
	idleTimer atomic.Pointer[timer]

	aDone, bDone chan struct{} // pumps finished
}

func (s *session) event(e ending) {
	select {
	case s.events <- e:
	default:
	}
}

// abort asks the session to end with e; safe from any goroutine, and a no-op
// after the first call.
func (s *session) abort(e ending) {
	select {
	case s.abortc <- e:
	default:
	}
}

// touch records activity. The pumps call it as soon as bytes arrive, before
// they are passed on: a side that stops reading then leaves the session
// idle, and whoever sees the bytes on the other side knows they counted.
func (s *session) touch() { s.last.Store(int64(s.since())) }

func (s *session) since() time.Duration { return s.h.clock.Now().Sub(s.start) }

// checkIdle runs on the idle timer: it ends the session if nothing moved for
// the idle timeout, and otherwise re-arms itself for the remaining time.
// One timer per session, reset at most once per timeout, is far cheaper
// than a timer reset on every chunk.
func (s *session) checkIdle() {
	idle := s.since() - time.Duration(s.last.Load())
	if idle >= s.h.idle {
		s.abort(endIdle)
		return
	}
	(*s.idleTimer.Load()).Reset(s.h.idle - idle)
}

func (h *Handler) runSession(ws *websocket.Conn, tcp net.Conn, req *request) {
	s := &session{
		h: h, req: req, ws: ws, tcp: tcp, start: h.clock.Now(),
		events: make(chan ending, 2),
		abortc: make(chan ending, 1),
		aDone:  make(chan struct{}),
		bDone:  make(chan struct{}),
	}
	h.metrics.SessionStarted(req.service)
	// Arm the idle timer only after it is stored, so checkIdle never sees
	// a nil pointer.
	idle := h.clock.AfterFunc(math.MaxInt64, s.checkIdle)
	s.idleTimer.Store(&idle)
	idle.Reset(h.idle)
	lenTimer := h.clock.AfterFunc(h.maxLen, func() { s.abort(endTooLong) })
	h.register(s)

	go s.clientToTarget()
	go s.targetToClient()

	end := s.waitEnd()

	lenTimer.Stop()
	idle.Stop()
	h.unregister(s)
	h.metrics.SessionEnded(end.label)
	attrs := []any{
		"client", req.ip, "target", req.target, "service", req.service,
		"to_target", s.toTarget.Load(), "to_client", s.toClient.Load(),
		"duration", s.since().Round(time.Millisecond), "reason", end.label,
	}
	if req.custom != "" {
		attrs = append(attrs, "host", req.custom)
	}
	h.log.Info("session", attrs...)
}

// waitEnd waits for the first ending, closes both sides in the order that
// ending needs, and returns when both pumps have stopped.
func (s *session) waitEnd() ending {
	var end ending
	select {
	case end = <-s.events:
	case end = <-s.abortc:
	}
	switch end {
	case endTargetClosed, endTargetError:
		// The mail server is done. Whatever it sent is still being
		// written to the browser by targetToClient: wait for that
		// before the close frame, so no byte is lost. After an error
		// seen on the write side the read side may hang; the linger
		// bounds it.
		if end == endTargetError {
			s.tcp.SetReadDeadline(time.Now().Add(s.h.linger))
		}
		select {
		case <-s.bDone:
		case end = <-s.abortc: // browser stalled: idle, length, shutdown
			s.tcp.Close()
		}
		s.ws.Close(end.status(), end.text)
		s.tcp.Close()

	case endClientClosed, endClientError, endMessageTooBig, endTextMessage:
		// The browser is gone or broke the protocol. Stop it first, so
		// that clientToTarget has written its last byte, then half-close:
		// the mail server reads EOF after everything the browser sent
		// (a QUIT still commits) instead of a reset that could discard it.
		if end == endTextMessage || end == endMessageTooBig {
			s.ws.Close(end.status(), end.text)
		} else {
			s.ws.CloseNow()
		}
		<-s.aDone
		if cw, ok := s.tcp.(interface{ CloseWrite() error }); ok {
			cw.CloseWrite()
		}
		// targetToClient now discards what the server still sends
		// (its writes to the closed WebSocket fail), until EOF or the
		// linger ends.
		s.tcp.SetReadDeadline(time.Now().Add(s.h.linger))
		select {
		case <-s.bDone:
		case <-s.abortc:
		}
		s.tcp.Close()

	default: // idle timeout, session length, shutdown
		s.tcp.Close()
		s.ws.Close(end.status(), end.text)
	}
	<-s.aDone
	<-s.bDone
	return end
}

// clientToTarget copies messages from the browser to the mail server, one
// chunk at a time: the next chunk is read only after the previous one was
// written, which is the backpressure towards the browser.
func (s *session) clientToTarget() {
	defer close(s.aDone)
	for {
		typ, r, err := s.ws.Reader(context.Background())
		if err != nil {
			s.event(wsReadEnding(err))
			return
		}
		if typ != websocket.MessageBinary {
			s.event(endTextMessage)
			return
		}
		if e, ok := s.copyMessage(r); !ok {
			s.event(e)
			return
		}
	}
}

func wsReadEnding(err error) ending {
	switch {
	case errors.Is(err, websocket.ErrMessageTooBig):
		return endMessageTooBig
	case websocket.CloseStatus(err) != -1:
		return endClientClosed
	default:
		return endClientError
	}
}

// targetToClient copies from the mail server to the browser, one chunk per
// binary message, each written before the next read (backpressure towards
// the server). Once the browser is gone it keeps reading and discarding
// until the server closes or the linger ends, so that the server is not
// reset in the middle of its final reply.
//
// The chunk buffer is borrowed from bufPool only while data flows: after a
// read that did not fill it (nothing more is known to be pending) it goes
// back to the pool, and the goroutine waits for the connection to become
// readable without holding one. An idle session thus holds no buffer.
func (s *session) targetToClient() {
	defer close(s.bDone)
	wait := readableWaiter(s.tcp)
	var bp *[]byte
	defer func() {
		if bp != nil {
			bufPool.Put(bp)
		}
	}()
	discard := false
	pending := false // the last read filled the buffer: more is likely queued
	for {
		if !pending && wait != nil {
			if bp != nil {
				bufPool.Put(bp)
				bp = nil
			}
			wait() // an error (deadline, closed) is reported by Read below
		}
		if bp == nil {
			bp = bufPool.Get().(*[]byte)
		}
		buf := *bp
		n, err := s.tcp.Read(buf)
		pending = n == len(buf)
		if n > 0 && !discard {
			s.touch()
			if werr := s.ws.Write(context.Background(), websocket.MessageBinary, buf[:n]); werr != nil {
				s.event(endClientError)
				discard = true
			} else {
				s.toClient.Add(int64(n))
				s.h.metrics.Bytes(metrics.ToClient, n)
			}
		}
		if err != nil {
			if !discard {
				if err == io.EOF {
					s.event(endTargetClosed)
				} else {
					s.event(endTargetError)
				}
			}
			return
		}
	}
}
