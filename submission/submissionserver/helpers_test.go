package submissionserver_test

import (
	"bytes"
	"crypto/tls"
	"errors"
	"testing"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	"github.com/poppymail/poppy/pop3/pop3test/testca"
	"github.com/poppymail/poppy/submission/submissionserver"
)

const (
	user = "alice"
	pass = "correct horse"
)

// start runs a server with the user alice on a loopback port and returns
// it with its address; it is closed when the test ends.
func start(t *testing.T, opts *submissionserver.Options) (*submissionserver.Server, string) {
	t.Helper()
	s := submissionserver.New(opts)
	if err := s.AddUser(user, pass); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, addr
}

func tlsConfigs(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	return leaf.ServerConfig(), &tls.Config{RootCAs: ca.Pool(), ServerName: "localhost"}
}

func dial(t *testing.T, addr string) *smtp.Client {
	t.Helper()
	c, err := smtp.Dial(addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func login(t *testing.T, c *smtp.Client) {
	t.Helper()
	if err := c.Auth(sasl.NewPlainClient("", user, pass)); err != nil {
		t.Fatalf("AUTH PLAIN: %v", err)
	}
}

// send runs one transaction and returns the server's refusal, if any.
func send(c *smtp.Client, from string, to []string, msg []byte) error {
	return c.SendMail(from, to, bytes.NewReader(msg))
}

// wantReply checks that err is the SMTP reply code with the enhanced code.
func wantReply(t *testing.T, err error, code int, enhanced smtp.EnhancedCode) *smtp.SMTPError {
	t.Helper()
	var se *smtp.SMTPError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want SMTP reply %d %v", err, code, enhanced)
	}
	if se.Code != code || se.EnhancedCode != enhanced {
		t.Fatalf("reply = %d %v %q, want %d %v", se.Code, se.EnhancedCode, se.Message, code, enhanced)
	}
	return se
}

var testMessage = []byte("From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n\r\nHello, Bob.\r\n.leading dot\r\n")
