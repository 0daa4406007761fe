package submission_test

import (
	"context"
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// A go-smtp server is the other end for the examples and the interop
// tests: a well-kept implementation that is not ours. It is served over
// net.Pipe through pipeListener, so they run in the browser too.

type pipeListener struct {
	conns chan net.Conn
	once  sync.Once
	done  chan struct{}
}

func newPipeListener() *pipeListener {
	return &pipeListener{conns: make(chan net.Conn), done: make(chan struct{})}
}

func (l *pipeListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *pipeListener) Close() error { l.once.Do(func() { close(l.done) }); return nil }

func (l *pipeListener) Addr() net.Addr { return pipeAddr{} }

// dial returns the client's end of a new connection to the server.
func (l *pipeListener) dial() net.Conn {
	c, s := net.Pipe()
	l.conns <- s
	return c
}

type pipeAddr struct{}

func (pipeAddr) Network() string { return "pipe" }
func (pipeAddr) String() string  { return "pipe" }

// backend keeps the messages go-smtp's server accepted, and refuses the
// recipients in refuse.
type backend struct {
	mu       sync.Mutex
	messages []delivered
	refuse   map[string]*smtp.SMTPError
}

type delivered struct {
	from string
	to   []string
	data []byte
}

func (b *backend) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{b: b}, nil }

func (b *backend) delivered() []delivered {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]delivered(nil), b.messages...)
}

type session struct {
	b    *backend
	auth bool
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != "ann@example.org" || password != "secret" {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}
		}
		s.auth = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if e := s.b.refuse[to]; e != nil {
		return e
	}
	s.to = append(s.to, to)
	return nil
}

// Data keeps a message only once it was read whole: a session that ends
// before the final dot delivers nothing.
func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.b.mu.Lock()
	s.b.messages = append(s.b.messages, delivered{s.from, s.to, data})
	s.b.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// startGoSMTP serves be with go-smtp's server, allowing authentication
// without TLS as on loopback, and returns its listener and a stop
// function that waits until every session has ended (so that what the
// backend holds afterwards is final); stop may be called again.
func startGoSMTP(be *backend) (*pipeListener, func()) {
	srv := smtp.NewServer(be)
	srv.Domain = "mx.example.org"
	srv.AllowInsecureAuth = true
	srv.MaxMessageBytes = 20 << 20
	srv.ErrorLog = discardLog{}
	l := newPipeListener()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	var once sync.Once
	return l, func() {
		once.Do(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				panic(err)
			}
			if err := <-done; err != nil && !errors.Is(err, smtp.ErrServerClosed) {
				panic(err)
			}
		})
	}
}

type discardLog struct{}

func (discardLog) Printf(string, ...interface{}) {}
func (discardLog) Println(...interface{})        {}
