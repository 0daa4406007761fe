//go:build !js

package main

import (
	"bytes"
	"errors"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/submission/submissionserver"
)

const (
	benchUser = "bench@example.org"
	benchPass = "secret"
)

// server is the in-memory submission server on loopback TCP, every
// connection delayed by oneWay each way (Options.Latency): the one link
// that go-smtp's client dials directly and the bridge dials for the
// engine. Deliver checks each message against the one sent, then drops
// it, so a run's memory does not grow with its sends.
type server struct {
	srv  *submissionserver.Server
	addr string

	want    atomic.Pointer[[]byte]
	matched atomic.Int64 // messages that arrived equal to want
}

var errNotSame = errors.New("the message arrived altered")

func startServer(oneWay time.Duration) (*server, error) {
	s := &server{}
	s.srv = submissionserver.New(&submissionserver.Options{
		AllowInsecureAuth: true, // loopback only
		MaxMessageBytes:   100 << 20,
		Latency:           oneWay,
		Deliver:           s.deliver,
	})
	if err := s.srv.AddUser(benchUser, benchPass); err != nil {
		return nil, err
	}
	addr, err := s.srv.StartLocal()
	if err != nil {
		s.srv.Close()
		return nil, err
	}
	s.addr = addr
	return s, nil
}

func (s *server) deliver(_ string, _ []string, msg []byte) error {
	if want := s.want.Load(); want == nil || !bytes.Equal(msg, *want) {
		return errNotSame
	}
	s.matched.Add(1)
	return nil
}

// expect sets the message the next sends must deliver.
func (s *server) expect(msg []byte) { s.want.Store(&msg) }

// delivered returns how many messages arrived intact so far.
func (s *server) delivered() int64 { return s.matched.Load() }

func (s *server) Close() { s.srv.Close() }
