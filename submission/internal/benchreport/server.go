//go:build !js

package main

import (
	"errors"
	"io"
	"net"
	"sync"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/pop3/pop3server/netsim"
)

const (
	benchUser = "bench@example.org"
	benchPass = "secret"
)

// server is go-smtp's server on loopback TCP with every connection
// delayed, as a link with oneWay each way.
type server struct {
	srv  *smtp.Server
	l    net.Listener
	done chan error

	mu   sync.Mutex
	last int // bytes of the last message received
}

func startServer(oneWay time.Duration) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &server{l: l, done: make(chan error, 1)}
	s.srv = smtp.NewServer(s)
	s.srv.Domain = "localhost"
	s.srv.AllowInsecureAuth = true // loopback only
	s.srv.MaxMessageBytes = 100 << 20
	go func() { s.done <- s.srv.Serve(delayed{l, oneWay}) }()
	return s, nil
}

func (s *server) Addr() string { return s.l.Addr().String() }

func (s *server) Close() {
	s.srv.Close()
	<-s.done
}

// Received returns the size of the last message the server accepted.
func (s *server) Received() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.last
}

type delayed struct {
	net.Listener
	oneWay time.Duration
}

func (d delayed) Accept() (net.Conn, error) {
	c, err := d.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return netsim.Delay(c, d.oneWay), nil
}

func (s *server) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }

type session struct {
	s    *server
	auth bool
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != benchUser || pass != benchPass {
			return errors.New("wrong credentials")
		}
		ss.auth = true
		return nil
	}), nil
}

func (ss *session) Mail(string, *smtp.MailOptions) error {
	if !ss.auth {
		return smtp.ErrAuthRequired
	}
	return nil
}

func (ss *session) Rcpt(string, *smtp.RcptOptions) error { return nil }

func (ss *session) Data(r io.Reader) error {
	n, err := io.Copy(io.Discard, r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	ss.s.last = int(n)
	ss.s.mu.Unlock()
	return nil
}

func (ss *session) Reset()        {}
func (ss *session) Logout() error { return nil }
