package submissionserver

import (
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/pop3/pop3server/netsim"
)

// Message is a message the server accepted, as Messages returns it when
// Options.Deliver is nil.
type Message struct {
	User string   // who authenticated
	From string   // MAIL FROM, "" for the null reverse-path
	To   []string // the accepted recipients, in RCPT order
	Data []byte   // as received: CRLF line endings, dot-stuffing removed
}

// Server is an in-memory submission server. Its methods are safe for
// concurrent use; go-smtp serves each connection on its own goroutine.
type Server struct {
	opts Options
	smtp *smtp.Server

	mu        sync.Mutex
	users     map[string]string
	msgs      []Message
	listeners map[net.Listener]struct{}
	closed    bool
	wg        sync.WaitGroup // Serve loops started by StartLocal*
}

// New returns a server with no users. A nil opts means the defaults
// described on Options.
func New(opts *Options) *Server {
	s := &Server{
		opts:      opts.withDefaults(),
		users:     make(map[string]string),
		listeners: make(map[net.Listener]struct{}),
	}
	ss := smtp.NewServer(smtp.BackendFunc(s.newSession))
	ss.Domain = s.opts.Domain
	ss.TLSConfig = s.opts.TLSConfig
	ss.AllowInsecureAuth = s.opts.AllowInsecureAuth
	ss.MaxMessageBytes = s.opts.MaxMessageBytes
	ss.MaxRecipients = s.opts.MaxRecipients
	ss.ReadTimeout = s.opts.Timeout
	ss.WriteTimeout = s.opts.Timeout
	ss.EnableSMTPUTF8 = true
	ss.ErrorLog = logAdapter{s.opts.Logger}
	s.smtp = ss
	return s
}

// AddUser creates user name with password, or changes the password of an
// existing one. The name must be non-empty and free of spaces and control
// characters (ErrInvalidUser).
func (s *Server) AddUser(name, password string) error {
	if name == "" || strings.ContainsFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		return fmt.Errorf("%w: %q", ErrInvalidUser, name)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[name] = password
	return nil
}

// Messages returns a copy of the messages kept so far (Options.Deliver
// nil), in the order they were accepted.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Message, len(s.msgs))
	for i, m := range s.msgs {
		out[i] = Message{User: m.User, From: m.From, To: append([]string(nil), m.To...), Data: append([]byte(nil), m.Data...)}
	}
	return out
}

// Serve accepts plain connections on l (STARTTLS is offered when
// Options.TLSConfig is set) until Close, then returns ErrServerClosed; l is
// closed by then.
func (s *Server) Serve(l net.Listener) error {
	if !s.track(l) {
		return ErrServerClosed
	}
	return s.serve(l, false)
}

// ServeTLS is Serve for implicit TLS (RFC 8314): every connection on l
// starts with a TLS handshake with Options.TLSConfig, and STARTTLS is not
// offered.
func (s *Server) ServeTLS(l net.Listener) error {
	if s.opts.TLSConfig == nil {
		l.Close()
		return ErrNoTLSConfig
	}
	if !s.track(l) {
		return ErrServerClosed
	}
	return s.serve(l, true)
}

// serve runs go-smtp on l, which track has registered, until Close.
// Latency goes below TLS, as on a real link.
func (s *Server) serve(l net.Listener, implicitTLS bool) error {
	defer s.untrack(l)
	wrapped := delayListener(l, s.opts.Latency)
	if implicitTLS {
		wrapped = tls.NewListener(wrapped, s.opts.TLSConfig)
	}
	err := s.smtp.Serve(wrapped)
	if err == nil || s.isClosed() {
		return ErrServerClosed
	}
	return fmt.Errorf("submissionserver: %w", err)
}

// StartLocal listens on a free port of 127.0.0.1 and serves plain
// connections there in the background until Close. It returns the address
// to dial.
func (s *Server) StartLocal() (addr string, err error) { return s.startLocal(false) }

// StartLocalTLS is StartLocal with implicit TLS (see ServeTLS).
func (s *Server) StartLocalTLS() (addr string, err error) { return s.startLocal(true) }

func (s *Server) startLocal(implicitTLS bool) (string, error) {
	if implicitTLS && s.opts.TLSConfig == nil {
		return "", ErrNoTLSConfig
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("submissionserver: %w", err)
	}
	// Tracked here rather than in the goroutine, so that a Close that
	// comes before it runs still closes the listener.
	if !s.track(l) {
		return "", ErrServerClosed
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.serve(l, implicitTLS)
	}()
	return l.Addr().String(), nil
}

// Close stops every listener and closes every connection: a transaction
// in progress is dropped, as a lost connection would drop it. It waits
// for the accept loops started by StartLocal and StartLocalTLS.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	var ls []net.Listener
	for l := range s.listeners {
		ls = append(ls, l)
	}
	s.mu.Unlock()
	err := s.smtp.Close()
	if errors.Is(err, smtp.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		err = nil
	}
	for _, l := range ls {
		l.Close()
	}
	s.wg.Wait()
	if err != nil {
		return fmt.Errorf("submissionserver: %w", err)
	}
	return nil
}

func (s *Server) track(l net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		l.Close()
		return false
	}
	s.listeners[l] = struct{}{}
	return true
}

func (s *Server) untrack(l net.Listener) {
	s.mu.Lock()
	delete(s.listeners, l)
	s.mu.Unlock()
	l.Close()
}

func (s *Server) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// delayListener puts netsim.Delay on every connection l accepts; a zero
// delay leaves l as it is.
func delayListener(l net.Listener, oneWay time.Duration) net.Listener {
	if oneWay <= 0 {
		return l
	}
	return &delayed{Listener: l, oneWay: oneWay}
}

type delayed struct {
	net.Listener
	oneWay time.Duration
}

func (d *delayed) Accept() (net.Conn, error) {
	c, err := d.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return netsim.Delay(c, d.oneWay), nil
}

// logAdapter sends go-smtp's own log lines (connection errors) to the
// Logger at Debug level: a client that hangs up is no fault of the server.
type logAdapter struct{ l *slog.Logger }

func (a logAdapter) Printf(format string, v ...any) {
	a.l.Debug("submissionserver: " + fmt.Sprintf(format, v...))
}

func (a logAdapter) Println(v ...any) {
	a.l.Debug("submissionserver: " + strings.TrimSuffix(fmt.Sprintln(v...), "\n"))
}
