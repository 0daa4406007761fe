//go:build !js

package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
	"github.com/poppymail/poppy/submission"
)

// inbox is a go-smtp backend that keeps what it is sent.
type inbox struct {
	mu   sync.Mutex
	msgs []string
}

func (b *inbox) NewSession(*smtp.Conn) (smtp.Session, error) { return &inboxSession{b: b}, nil }

type inboxSession struct{ b *inbox }

func (s *inboxSession) Mail(string, *smtp.MailOptions) error { return nil }
func (s *inboxSession) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *inboxSession) Reset()                               {}
func (s *inboxSession) Logout() error                        { return nil }
func (s *inboxSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err == nil {
		s.b.mu.Lock()
		s.b.msgs = append(s.b.msgs, string(b))
		s.b.mu.Unlock()
	}
	return err
}

// serveSMTP runs go-smtp's server on l (offering STARTTLS with cfg when
// l is not TLS already).
func serveSMTP(t *testing.T, l net.Listener, cfg *tls.Config, be *inbox) {
	srv := smtp.NewServer(be)
	srv.Domain = "localhost"
	srv.TLSConfig = cfg
	srv.ErrorLog = nopLog{}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
}

type nopLog struct{}

func (nopLog) Printf(string, ...interface{}) {}
func (nopLog) Println(...interface{})        {}

// DialSubmission reaches the target's submission server (not its POP3
// server) through the bridge, with TLS in the client: implicit, STARTTLS
// or plain as the target says, and the same certificate checks and
// trusted-fingerprint exception as Dial.
func TestDialSubmission(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	be := &inbox{}
	plain, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	serveSMTP(t, plain, leaf.ServerConfig(), be)
	implicit, err := tls.Listen("tcp", "127.0.0.1:0", leaf.ServerConfig())
	if err != nil {
		t.Fatal(err)
	}
	serveSMTP(t, implicit, nil, be)
	// Each target's POP3 server is unreachable: only ?submission works.
	page := relay(t, map[string]string{
		"plain?submission": plain.Addr().String(),
		"stls?submission":  plain.Addr().String(),
		"tls?submission":   implicit.Addr().String(),
	})
	target := func(name string, sec bridgeapi.Security) bridgeapi.Target {
		return bridgeapi.Target{Name: name, Host: "localhost", Port: 995, Security: bridgeapi.SecurityTLS,
			Submission: &bridgeapi.Endpoint{Host: "localhost", Port: 465, Security: sec}}
	}
	targets := map[string]bridgeapi.Target{
		"plain": target("plain", bridgeapi.SecurityPlain),
		"stls":  target("stls", bridgeapi.SecurityStartTLS),
		"tls":   target("tls", bridgeapi.SecurityTLS),
	}
	ctx := context.Background()
	send := func(t *testing.T, name string, opts *Options) error {
		t.Helper()
		u, err := WebSocketURL(page, name) // DialSubmission adds the service
		if err != nil {
			t.Fatal(err)
		}
		c, err := DialSubmission(ctx, u, targets[name], opts)
		if err != nil {
			return err
		}
		defer c.Close()
		msg := "Subject: " + name + "\r\n\r\nhello\r\n"
		return c.Send(ctx, submission.Envelope{From: "a@localhost", To: []string{"b@localhost"}}, strings.NewReader(msg), int64(len(msg)), nil)
	}
	for _, name := range []string{"plain", "stls", "tls"} {
		t.Run(name, func(t *testing.T) {
			if err := send(t, name, &Options{Roots: ca.Pool()}); err != nil {
				t.Fatal(err)
			}
			be.mu.Lock()
			last := be.msgs[len(be.msgs)-1]
			be.mu.Unlock()
			if !strings.HasPrefix(last, "Subject: "+name+"\r\n") {
				t.Errorf("the server got %q", last)
			}
		})
	}
	for _, name := range []string{"stls", "tls"} {
		t.Run(name+" untrusted, then trusted by fingerprint", func(t *testing.T) {
			err := send(t, name, &Options{Roots: x509EmptyPool()})
			var ce *CertificateError
			if !errors.As(err, &ce) || submission.Outcome(err) != submission.NotSentPermanent {
				t.Fatalf("send = %v, want a permanent *CertificateError", err)
			}
			if err := send(t, name, &Options{Roots: x509EmptyPool(), TrustedFingerprint: ce.Fingerprint}); err != nil {
				t.Fatalf("send with the trusted fingerprint: %v", err)
			}
		})
	}
	t.Run("cannot send", func(t *testing.T) {
		_, err := DialSubmission(ctx, page, bridgeapi.Target{Name: "x", Host: "h", Security: bridgeapi.SecurityTLS}, nil)
		if !errors.Is(err, ErrCannotSend) {
			t.Fatalf("DialSubmission = %v, want ErrCannotSend", err)
		}
	})
}
