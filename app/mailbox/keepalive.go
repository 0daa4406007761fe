package mailbox

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/poppymail/poppy/pop3"
)

// startKeepalive starts the NOOP ticker once; it runs until Close.
func (m *Mailbox) startKeepalive() {
	if m.opts.KeepaliveInterval < 0 {
		return
	}
	m.mu.Lock()
	if m.keepalive || m.closed {
		m.mu.Unlock()
		return
	}
	m.keepalive = true
	m.bg.Add(1)
	m.mu.Unlock()
	go m.keepaliveLoop()
}

// keepaliveLoop sends NOOP on a session idle for about an interval, so
// that servers with short idle timers (Outlook: about a minute) keep it.
// A session in use needs no NOOP, so a busy op lock is a skipped tick, not
// a wait. A NOOP that fails means the session is gone: reconnect.
func (m *Mailbox) keepaliveLoop() {
	defer m.bg.Done()
	every := m.opts.KeepaliveInterval
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-m.life.Done():
			return
		case <-t.C:
		}
		select {
		case m.op <- struct{}{}:
		default:
			continue
		}
		m.noop(every)
		m.release()
	}
}

// noop runs one keepalive step; the op lock is held.
func (m *Mailbox) noop(every time.Duration) {
	s := m.current()
	if s == nil || time.Since(s.lastUsed) < every/2 {
		return
	}
	ctx, cancel := context.WithTimeout(m.life, m.opts.Timeout)
	defer cancel()
	err := s.c.Noop(ctx)
	if err == nil || alive(err) {
		s.lastUsed = time.Now()
		return
	}
	if m.life.Err() != nil {
		return
	}
	m.sessionLost(s, classify(err, phaseSession), true)
}

// alive reports whether the session survived err: a -ERR reply leaves it
// usable; anything else (I/O, timeout, cancellation, a malformed reply)
// has ended it, or should.
func alive(err error) bool {
	var e *pop3.Error
	return err == nil || (errors.As(err, &e) && !errors.Is(err, pop3.ErrClosed))
}

// startReconnect starts the reconnect loop unless it runs already.
func (m *Mailbox) startReconnect(p *Problem) {
	m.mu.Lock()
	if m.reconnecting || m.closed {
		m.mu.Unlock()
		return
	}
	m.reconnecting = true
	m.bg.Add(1)
	m.mu.Unlock()
	go m.reconnectLoop(p)
}

// reconnectLoop reopens a dropped session with exponential backoff and
// jitter, at most Options.ReconnectAttempts times. It stops early when
// someone else opened a session meanwhile (a Sync, a Fetch), and gives up
// on problems a retry cannot fix, such as a changed password. Each attempt
// is announced with EventReconnecting; success with EventConnected.
func (m *Mailbox) reconnectLoop(p *Problem) {
	defer m.bg.Done()
	defer func() {
		m.mu.Lock()
		m.reconnecting = false
		m.mu.Unlock()
	}()
	m.mu.Lock()
	m.problem = p
	m.mu.Unlock()
	for attempt := 1; attempt <= m.opts.ReconnectAttempts; attempt++ {
		// The first attempt is at once: a session cut by a bridge that is
		// restarting (closed with "going away") or by a server's idle
		// timer reopens on another replica, or the same server, before
		// the person could notice; its event says Delay 0, which the UI
		// does not announce. The backoff begins with the second.
		var d time.Duration
		if attempt > 1 {
			d = backoff(attempt-2, m.opts.ReconnectBase, m.opts.ReconnectMax, rand.Float64)
		}
		if p.Kind == KindLoginDelay && p.RetryAfter > d {
			d = p.RetryAfter
		}
		m.ev.emit(Event{Kind: EventReconnecting, Attempt: attempt, Delay: d, Problem: p})
		if !sleep(m.life, d) {
			return
		}
		err, done := m.reconnectOnce()
		if done {
			return
		}
		p = classify(err, phaseSession)
		if !p.Temporary() {
			m.report(p)
			return
		}
	}
	m.report(p)
}

// reconnectOnce makes one attempt; done is true when there is nothing more
// to do (a session is open, or the Mailbox closed).
func (m *Mailbox) reconnectOnce() (err error, done bool) {
	ctx, cancel := context.WithTimeout(m.life, m.opts.Timeout)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		return err, m.life.Err() != nil
	}
	defer m.release()
	if m.current() != nil {
		return nil, true
	}
	if _, err := m.open(ctx, nil); err != nil {
		return err, m.life.Err() != nil
	}
	_ = m.commitQueued(ctx) // told by events
	return nil, true
}
