package mailbox

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		phase phase
		kind  Kind
		temp  bool
	}{
		{"auth code", &pop3.Error{Command: "PASS", Code: "AUTH", Text: "invalid"}, phaseLogin, KindAuth, false},
		{"auth no code", &pop3.Error{Command: "PASS", Text: "bad password"}, phaseLogin, KindAuth, false},
		{"in use", &pop3.Error{Command: "PASS", Code: "IN-USE", Text: "locked"}, phaseLogin, KindInUse, true},
		{"login delay", &pop3.Error{Command: "APOP", Code: "LOGIN-DELAY", Text: "wait"}, phaseLogin, KindLoginDelay, true},
		{"sys temp", &pop3.Error{Command: "PASS", Code: "SYS/TEMP", Text: "try later"}, phaseLogin, KindServer, true},
		{"sys perm", &pop3.Error{Command: "PASS", Code: "SYS/PERM", Text: "account disabled"}, phaseLogin, KindServer, false},
		{"insecure", pop3.ErrInsecureAuth, phaseLogin, KindInsecure, false},
		{"login refused for good", fmt.Errorf("ui: %w: %w", ErrLoginRefused, errors.New("oauth: sign in again")), phaseLogin, KindAuth, false},
		{"refused", &net.OpError{Op: "dial", Err: errors.New("connection refused")}, phaseConnect, KindUnreachable, true},
		{"dropped", fmt.Errorf("pop3: RETR: %w", io.ErrUnexpectedEOF), phaseSession, KindDropped, true},
		{"closed", fmt.Errorf("wrapped: %w", pop3.ErrClosed), phaseSession, KindDropped, true},
		{"timeout", fmt.Errorf("pop3: NOOP: %w", pop3.ErrTimeout), phaseSession, KindDropped, true},
		{"cert", &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}, phaseConnect, KindTLS, false},
		{"alert", fmt.Errorf("pop3: greeting: %w", tls.AlertError(42)), phaseConnect, KindTLS, false},
		{"protocol", &pop3.ProtocolError{Command: "LIST", Reason: "bad"}, phaseSession, KindProtocol, false},
		{"limit", &pop3.LimitError{Command: "RETR", Limit: "message size", Max: 10}, phaseSession, KindProtocol, false},
		{"canceled", fmt.Errorf("x: %w", context.Canceled), phaseSession, KindCanceled, false},
		{"own", &Problem{Kind: KindRefused, Detail: "bridge said no"}, phaseConnect, KindRefused, false},
		{"record header", fmt.Errorf("pop3: greeting: %w", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), phaseConnect, KindTLS, false},
		{"forbidden target", bridgeClose(bridgeapi.CodeForbiddenTarget), phaseConnect, KindRefused, false},
		{"unknown target", bridgeClose(bridgeapi.CodeUnknownTarget), phaseConnect, KindRefused, false},
		{"bad request", bridgeClose(bridgeapi.CodeBadRequest), phaseSession, KindRefused, false},
		{"bridge limit", bridgeClose(bridgeapi.CodeLimitReached), phaseConnect, KindUnreachable, true},
		{"target unreachable", bridgeClose(bridgeapi.CodeTargetUnreachable), phaseSession, KindUnreachable, true},
		{"idle timeout", bridgeClose(bridgeapi.CodeIdleTimeout), phaseSession, KindDropped, true},
		{"bridge restart at connect", bridgeClose(bridgeapi.CodeGoingAway), phaseConnect, KindUnreachable, true},
		{"bridge unreachable", fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, io.EOF), phaseConnect, KindUnreachable, true},
		{"closed mailbox", closedProblem(), phaseSession, KindClosed, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := classify(tt.err, tt.phase)
			if p.Kind != tt.kind || p.Temporary() != tt.temp {
				t.Errorf("kind %v temporary %v, want %v %v", p.Kind, p.Temporary(), tt.kind, tt.temp)
			}
			if !errors.Is(p, tt.err) && p.Err != nil && !errors.Is(p.Err, tt.err) {
				t.Errorf("problem %#v", p)
			}
		})
	}
	if Classify(nil) != nil {
		t.Error("Classify(nil) != nil")
	}
}

func TestWrongPassword(t *testing.T) {
	h := newHarness(t, nil, messages(1)...)
	h.reconnectControl(t)
	ev := newEvents()
	m := New(h.dialer(), Account{Username: user, Password: "wrong"}, &Options{OnChange: ev.on, ReconnectBase: time.Millisecond})
	defer m.Close()
	err := m.Sync(context.Background(), nil)
	var p *Problem
	if !errors.As(err, &p) || p.Kind != KindAuth || p.Code != "AUTH" || p.ServerText == "" || !strings.Contains(p.Detail, "[AUTH]") {
		t.Fatalf("Sync = %#v", err)
	}
	if reconnectStarted(t, m, ev) || m.Connected() || m.Problem() != p {
		t.Errorf("after a refused password: events %v, connected %v, problem %v", ev.kinds(), m.Connected(), m.Problem())
	}
	h.noDeletion(t)
}

func TestInUse(t *testing.T) {
	h := newHarness(t, &pop3server.Options{LockSession: true}, messages(1)...)
	other, err := h.dialer()(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Login(context.Background(), user, password); err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	m := New(h.dialer(), Account{Username: user, Password: password}, nil)
	defer m.Close()
	err = m.Sync(context.Background(), nil)
	if p := Classify(err); p == nil || p.Kind != KindInUse || p.Code != "IN-USE" || !p.Temporary() {
		t.Fatalf("Sync = %v", err)
	}
	if n := len(h.lines("APOP")); n != 2 {
		t.Errorf("%d logins: a lock held by another program is not ours to wait out", n)
	}
}

func TestServerDown(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dial := func(ctx context.Context) (*pop3.Client, error) { return pop3.Dial(ctx, addr, nil) }
	m := New(dial, Account{Username: user, Password: password}, nil)
	defer m.Close()
	err = m.Sync(context.Background(), nil)
	if p := Classify(err); p == nil || p.Kind != KindUnreachable {
		t.Fatalf("Sync = %v", err)
	}
}

// An implicit-TLS server whose certificate the client does not trust: a
// TLS problem whose error chain keeps the certificate, so the UI can show
// it and let the person trust its fingerprint.
func TestTLSFailure(t *testing.T) {
	_, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	srv := pop3server.New(nil)
	srv.AddUser(user, password)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go srv.ServeConn(tls.Server(c, leaf.ServerConfig()))
		}
	}()
	dial := func(ctx context.Context) (*pop3.Client, error) {
		return pop3.DialTLS(ctx, l.Addr().String(), &pop3.Options{TLSConfig: &tls.Config{ServerName: "localhost", RootCAs: x509.NewCertPool()}})
	}
	m := New(dial, Account{Username: user, Password: password}, nil)
	defer m.Close()
	err = m.Sync(context.Background(), nil)
	p := Classify(err)
	var cve *tls.CertificateVerificationError
	if p == nil || p.Kind != KindTLS || !errors.As(p, &cve) || len(cve.UnverifiedCertificates) == 0 || cve.UnverifiedCertificates[0].Subject.CommonName != "localhost" {
		t.Fatalf("Sync = %v (%#v)", err, p)
	}
}

// bridgeClose is the error a session through the bridge returns when the
// bridge closes it with code, as the WebSocket library reports it.
func bridgeClose(code bridgeapi.CloseCode) error {
	return fmt.Errorf("pop3: greeting: %w", websocket.CloseError{Code: websocket.StatusCode(code), Reason: "reason"})
}
