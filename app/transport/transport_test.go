//go:build !js

package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// relay is a stand-in for the bridge, just enough to carry bytes and
// serve the root store: the bridge's own tests cover the relay itself.
// A target named "refused" is closed with CodeLimitReached, like a
// bridge at its limit.
func relay(t *testing.T, addrs map[string]string) string {
	t.Helper()
	roots, err := BundledRoots()
	if err != nil {
		t.Fatal(err)
	}
	return relayServing(t, addrs, func() []byte { return roots })
}

// relayServing is relay with the root store that roots returns at each
// request (nil: 404).
func relayServing(t *testing.T, addrs map[string]string, roots func() []byte) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == RootsPath {
			if b := roots(); b != nil {
				w.Write(b)
			} else {
				http.NotFound(w, r)
			}
			return
		}
		ws, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		name := r.URL.Query().Get(bridgeapi.ParamTarget)
		if s := r.URL.Query().Get(bridgeapi.ParamService); s != "" {
			name += "?" + s // a target's other server: "name?submission"
		}
		addr, ok := addrs[name]
		if !ok {
			ws.Close(websocket.StatusCode(bridgeapi.CodeLimitReached), "per-IP session limit")
			return
		}
		tcp, err := net.Dial("tcp", addr)
		if err != nil {
			ws.Close(websocket.StatusCode(bridgeapi.CodeTargetUnreachable), "target unreachable")
			return
		}
		conn := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
		go func() { io.Copy(tcp, conn); tcp.Close() }()
		io.Copy(conn, tcp)
		conn.Close()
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestDial(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	srv := pop3server.New(&pop3server.Options{TLSConfig: leaf.ServerConfig()})
	if err := srv.AddUser("alice", "pw", pop3server.Message{UID: "1", Data: []byte("Subject: hi\r\n\r\nhello\r\n")}); err != nil {
		t.Fatal(err)
	}
	plainAddr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	l, err := tls.Listen("tcp", "127.0.0.1:0", leaf.ServerConfig())
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })

	page := relay(t, map[string]string{"plain": plainAddr, "stls": plainAddr, "tls": l.Addr().String()})
	ctx := context.Background()
	targets := map[string]bridgeapi.Target{
		"plain": {Name: "plain", Host: "localhost", Port: 1, Security: bridgeapi.SecurityPlain},
		"stls":  {Name: "stls", Host: "localhost", Port: 1, Security: bridgeapi.SecurityStartTLS},
		"tls":   {Name: "tls", Host: "localhost", Port: 1, Security: bridgeapi.SecurityTLS},
	}
	login := func(t *testing.T, name string, opts *Options) error {
		t.Helper()
		u, err := WebSocketURL(page+"/some/page?x=1", name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := Dial(ctx, u, targets[name], opts)
		if err != nil {
			return err
		}
		defer c.Close()
		if _, ok := c.TLSConnectionState(); !ok && name != "plain" {
			t.Errorf("%s: session is not encrypted", name)
		}
		if err := c.Login(ctx, "alice", "pw"); err != nil {
			return err
		}
		n, _, err := c.Stat(ctx)
		if err == nil && n != 1 {
			t.Errorf("Stat = %d", n)
		}
		return err
	}
	for _, name := range []string{"plain", "stls", "tls"} {
		t.Run(name+" trusted by the CA", func(t *testing.T) {
			if err := login(t, name, &Options{Roots: ca.Pool()}); err != nil {
				t.Fatal(err)
			}
		})
	}
	for _, name := range []string{"stls", "tls"} {
		t.Run(name+" untrusted, then trusted by fingerprint", func(t *testing.T) {
			err := login(t, name, &Options{Roots: x509EmptyPool()})
			var ce *CertificateError
			if !errors.As(err, &ce) {
				t.Fatalf("login = %v, want *CertificateError", err)
			}
			want := Fingerprint(leaf.TLS.Leaf)
			if ce.Fingerprint != want || !strings.Contains(ce.Issuer, "Poppy test CA") || ce.NotAfter.IsZero() {
				t.Fatalf("certificate error = %+v", ce)
			}
			if err := login(t, name, &Options{Roots: x509EmptyPool(), TrustedFingerprint: ce.Fingerprint}); err != nil {
				t.Fatalf("login with the trusted fingerprint: %v", err)
			}
			// Trust is for that exact certificate only.
			other := strings.Repeat("0", len(want))
			if err := login(t, name, &Options{Roots: x509EmptyPool(), TrustedFingerprint: other}); !errors.As(err, &ce) {
				t.Fatalf("login with another fingerprint = %v, want *CertificateError", err)
			}
		})
	}
	t.Run("bridge refusal", func(t *testing.T) {
		u, _ := WebSocketURL(page, "refused")
		_, err := Dial(ctx, u, bridgeapi.Target{Name: "refused", Host: "x", Security: bridgeapi.SecurityTLS}, nil)
		be, ok := AsBridgeError(err)
		if !ok || be.Code != bridgeapi.CodeLimitReached || Classify(err) != Busy {
			t.Fatalf("Dial = %v (%v), want a limit-reached BridgeError, classified busy", err, Classify(err))
		}
	})
}

func TestWebSocketURL(t *testing.T) {
	for _, tc := range []struct{ page, target, want string }{
		{"https://mail.example.org/inbox#x", "home", "wss://mail.example.org/ws?target=home"},
		{"http://127.0.0.1:8080/", "demo", "ws://127.0.0.1:8080/ws?target=demo"},
		{"http://h/", "a b&c", "ws://h/ws?target=a+b%26c"},
	} {
		got, err := WebSocketURL(tc.page, tc.target)
		if err != nil || got != tc.want {
			t.Errorf("WebSocketURL(%q, %q) = %q, %v; want %q", tc.page, tc.target, got, err, tc.want)
		}
	}
	if _, err := WebSocketURL("file:///x", "t"); err == nil {
		t.Error("file: page accepted")
	}
	for _, tc := range []struct {
		service bridgeapi.Service
		want    string
	}{
		{bridgeapi.ServicePOP3, "wss://h/ws?target=home"},
		{bridgeapi.ServiceSubmission, "wss://h/ws?service=submission&target=home"},
	} {
		if got, err := WebSocketURL("https://h/", "home", tc.service); err != nil || got != tc.want {
			t.Errorf("WebSocketURL for %s = %q, %v; want %q", tc.service, got, err, tc.want)
		}
	}
	if _, err := WebSocketURL("https://h/", "home", "imap"); err == nil {
		t.Error("an unknown service was accepted")
	}
}

func TestFormatFingerprint(t *testing.T) {
	if got := FormatFingerprint("0aff10"); got != "0A:FF:10" {
		t.Fatalf("FormatFingerprint = %q", got)
	}
}
