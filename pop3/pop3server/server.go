package pop3server

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/poppymail/poppy/pop3/pop3server/netsim"
)

// Server is an in-memory POP3 server with any number of users. Its methods
// are safe for concurrent use; it serves each connection on its own
// goroutine.
type Server struct {
	opts Options

	mu        sync.Mutex
	users     map[string]*mailbox
	listeners map[net.Listener]struct{}
	conns     map[net.Conn]struct{}
	closed    bool
	// wg counts session goroutines and accept loops started by
	// StartLocal, so Close can wait for all of them.
	wg sync.WaitGroup
}

// New returns a server with no users. A nil opts means the defaults
// described on Options.
func New(opts *Options) *Server {
	return &Server{
		opts:      opts.withDefaults(),
		users:     make(map[string]*mailbox),
		listeners: make(map[net.Listener]struct{}),
		conns:     make(map[net.Conn]struct{}),
	}
}

// Serve accepts connections on l and serves each on its own goroutine. It
// returns ErrServerClosed after Close, or the error that ended accepting;
// l is closed in both cases.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.listeners, l)
		s.mu.Unlock()
		l.Close()
	}()

	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if s.isClosed() {
				return ErrServerClosed
			}
			// Running out of file descriptors under a load test is
			// temporary; stopping the whole server for it is not.
			var te interface{ Temporary() bool }
			if errors.As(err, &te) && te.Temporary() {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.opts.Logger.Debug("pop3server: accept", "err", err, "retry_in", backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		go s.ServeConn(c)
	}
}

// ServeConn runs one POP3 session on c and returns when it ends; c is
// closed by then. Hand it a tls.Server conn for implicit TLS (RFC 8314):
// such a session does not offer STLS. After Close it closes c at once.
func (s *Server) ServeConn(c net.Conn) {
	_, isTLS := c.(*tls.Conn)
	c = netsim.Delay(c, s.opts.Latency)

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		c.Close()
		return
	}
	s.conns[c] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()

	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		s.wg.Done()
	}()
	newSession(s, c, isTLS).run()
}

// StartLocal listens on a free port of 127.0.0.1 and serves on it in the
// background until Close. It returns the address to dial.
func (s *Server) StartLocal() (addr string, err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		l.Close()
		return "", ErrServerClosed
	}
	// Registered here rather than in Serve, so a Close that comes before
	// the goroutine starts still closes the listener.
	s.listeners[l] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()
	go func() {
		defer s.wg.Done()
		s.Serve(l)
	}()
	return l.Addr().String(), nil
}

// Close stops every listener, ends every session without committing its
// deletions (as a dropped connection would), and waits until all session
// goroutines have returned. Replies already written are still delivered.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var listeners []net.Listener
	for l := range s.listeners {
		listeners = append(listeners, l)
	}
	var conns []net.Conn
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()

	var err error
	for _, l := range listeners {
		if e := l.Close(); e != nil && !errors.Is(e, net.ErrClosed) {
			err = errors.Join(err, e)
		}
	}
	// Closing concurrently: a delayed conn's Close waits up to one delay
	// to deliver what was written, and those waits should overlap.
	var wg sync.WaitGroup
	for _, c := range conns {
		wg.Go(func() { c.Close() })
	}
	wg.Wait()
	s.wg.Wait()
	return err
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}
