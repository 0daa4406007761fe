//go:build !js

package server

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

func TestPublicOrigin(t *testing.T) {
	tests := []struct {
		name string
		tls  bool
		want string // "" means ErrPublicName
	}{
		{"mail.example.com", false, "http://mail.example.com"},
		{"mail.example.com", true, "https://mail.example.com"},
		{"Mail.Example.com:8080", false, "http://mail.example.com:8080"},
		{"https://mail.example.com", false, "https://mail.example.com"}, // behind a TLS proxy
		{"https://mail.example.com:443", true, "https://mail.example.com"},
		{"[::1]:8443", true, "https://[::1]:8443"},
		{"http://mail.example.com", true, ""}, // an https bridge has no http page
		{"http://mail.example.com", false, "http://mail.example.com"},
		{"*.example.com", false, ""},
		{"mail.example.com/app", false, ""},
		{"ftp://mail.example.com", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		got, err := publicOrigin(tt.name, tt.tls)
		if tt.want == "" {
			if !errors.Is(err, ErrPublicName) {
				t.Errorf("publicOrigin(%q, tls=%v) = %q, %v; want ErrPublicName", tt.name, tt.tls, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("publicOrigin(%q, tls=%v) = %q, %v; want %q", tt.name, tt.tls, got, err, tt.want)
		}
	}
}

func TestListenerOrigins(t *testing.T) {
	tests := []struct {
		addr string
		tls  bool
		want string
	}{
		{"127.0.0.1:8080", false, "http://127.0.0.1:8080 http://localhost:8080 http://127.0.0.1:8080 http://[::1]:8080"},
		{"[::1]:8443", true, "https://[::1]:8443 https://localhost:8443 https://127.0.0.1:8443 https://[::1]:8443"},
		{"0.0.0.0:8080", false, "http://localhost:8080 http://127.0.0.1:8080 http://[::1]:8080"},
		{"[::]:8080", false, "http://localhost:8080 http://127.0.0.1:8080 http://[::1]:8080"},
		{"192.0.2.7:8080", false, "http://192.0.2.7:8080"}, // no loopback names off loopback
		{"[2001:db8::7]:443", true, "https://[2001:db8::7]:443"},
	}
	for _, tt := range tests {
		addr, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(listenerOrigins(addr, tt.tls), " "); got != tt.want {
			t.Errorf("listenerOrigins(%s, tls=%v) = %q, want %q", tt.addr, tt.tls, got, tt.want)
		}
	}
}

// dialWS opens the relay as a page of origin would, with the Host header
// host ("" for the URL's), and returns the HTTP status of a refused
// handshake (0 when it was accepted).
func dialWS(t *testing.T, c *http.Client, url, host, origin string) (*websocket.Conn, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPClient: c, Host: host, HTTPHeader: http.Header{"Origin": {origin}}})
	if err != nil {
		if resp != nil {
			return nil, resp.StatusCode
		}
		t.Fatalf("dial %s: %v", url, err)
	}
	t.Cleanup(func() { ws.CloseNow() })
	return ws, 0
}

// echoOnce sends a message through the relay and reads it back.
func echoOnce(t *testing.T, ws *websocket.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ws.Write(ctx, websocket.MessageBinary, []byte("ping")); err != nil {
		t.Fatal(err)
	}
	_, b, err := ws.Read(ctx)
	if err != nil || string(b) != "ping" {
		t.Fatalf("echo: %q, %v", b, err)
	}
}

// TestHTTPS serves from -tls-cert/-tls-key with a throwaway CA: the pages,
// the API and the relay are reachable over https and wss only, and the
// relay takes pages of the https origin only.
func TestHTTPS(t *testing.T) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(certFile, leaf.CertPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, leaf.KeyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	r := start(t, Options{TLSCert: certFile, TLSKey: keyFile, Relay: relayTo(echoTarget(t))})
	if !strings.HasPrefix(r.url, "https://127.0.0.1:") {
		t.Fatalf("URL = %q, want https on the loopback listener", r.url)
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: ca.Pool()}}}
	defer client.CloseIdleConnections()

	resp, body := get(t, client, r.url+"healthz")
	if resp.StatusCode != 200 || body != "ok\n" || resp.TLS == nil || !resp.TLS.HandshakeComplete {
		t.Fatalf("GET /healthz over https: %d %q, TLS %v", resp.StatusCode, body, resp.TLS)
	}
	if got := resp.TLS.PeerCertificates[0].Raw; string(got) != string(leaf.TLS.Certificate[0]) {
		t.Error("the server presented another certificate than -tls-cert")
	}
	// Without trusting the CA, the certificate is refused: it really is
	// the throwaway CA's.
	if _, err := http.Get(r.url + "healthz"); err == nil {
		t.Error("https with an untrusted CA succeeded")
	}
	// Plain http on the TLS port gets no answer from the app.
	if resp, err := http.Get("http" + strings.TrimPrefix(r.url, "https") + "healthz"); err == nil && resp.StatusCode == 200 {
		resp.Body.Close()
		t.Error("plain http served on the https listener")
	}

	own := strings.TrimSuffix(r.url, "/")
	ws, status := dialWS(t, client, wsURL(r.url, "echo"), "", own)
	if status != 0 {
		t.Fatalf("wss from the bridge's own https origin: HTTP %d", status)
	}
	echoOnce(t, ws)
	// The same host over http is not this bridge's page.
	if _, status := dialWS(t, client, wsURL(r.url, "echo"), "", "http"+strings.TrimPrefix(own, "https")); status != http.StatusForbidden {
		t.Errorf("http origin on an https bridge: HTTP %d, want 403", status)
	}
}

// TestForgedHostAndOriginRefused: DNS rebinding against a loopback bridge
// with its default public names. The page's name now resolves to the
// bridge, so its Host and Origin agree, and both name the attacker.
func TestForgedHostAndOriginRefused(t *testing.T) {
	r := start(t, Options{Relay: relayTo(echoTarget(t))})
	_, port, _ := net.SplitHostPort(strings.TrimSuffix(strings.TrimPrefix(r.url, "http://"), "/"))
	// Positive control: the default names pass, whichever the page used.
	for _, o := range []string{"http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port} {
		ws, status := dialWS(t, nil, wsURL(r.url, "echo"), "", o)
		if status != 0 {
			t.Fatalf("origin %s: HTTP %d", o, status)
		}
		echoOnce(t, ws)
	}
	for _, hostOrigin := range [][2]string{
		{"rebind.example:" + port, "http://rebind.example:" + port},
		{"rebind.example:" + port, "https://rebind.example:" + port},
		{"127.0.0.1.nip.example:" + port, "http://127.0.0.1.nip.example:" + port},
		{"localhost.rebind.example:" + port, "http://localhost.rebind.example:" + port},
		{"127.0.0.1:" + port, "https://127.0.0.1:" + port}, // the right host, not this bridge's scheme
	} {
		if _, status := dialWS(t, nil, wsURL(r.url, "echo"), hostOrigin[0], hostOrigin[1]); status != http.StatusForbidden {
			t.Errorf("Host %s, Origin %s: HTTP %d, want 403", hostOrigin[0], hostOrigin[1], status)
		}
	}
}

// TestPublicNamesReplaceDefaults: once the operator names the bridge, the
// loopback names no longer pass, and the configured one does.
func TestPublicNamesReplaceDefaults(t *testing.T) {
	r := start(t, Options{PublicNames: []string{"https://mail.example.com"}, Relay: relayTo(echoTarget(t))})
	ws, status := dialWS(t, nil, wsURL(r.url, "echo"), "mail.example.com", "https://mail.example.com")
	if status != 0 {
		t.Fatalf("configured public name: HTTP %d", status)
	}
	echoOnce(t, ws)
	if _, status := dialWS(t, nil, wsURL(r.url, "echo"), "", strings.TrimSuffix(r.url, "/")); status != http.StatusForbidden {
		t.Errorf("listener origin with -public-name set: HTTP %d, want 403", status)
	}
	if _, err := New(&Options{TLSCert: "c", TLSKey: "k", PublicNames: []string{"http://mail.example.com"}}); !errors.Is(err, ErrPublicName) {
		t.Errorf("http public name on an https bridge: %v, want ErrPublicName", err)
	}
}

// catchAll stands for the web app, which answers any path.
var catchAll = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("app page")) })

// TestMetricsListen: with -metrics-listen, /metrics leaves the public
// listener (even with a web app that answers every path) for its own.
func TestMetricsListen(t *testing.T) {
	// Positive control: without it, the public listener serves metrics.
	plain := start(t, Options{Root: catchAll})
	if resp, body := get(t, nil, plain.url+"metrics"); resp.StatusCode != 200 || !strings.Contains(body, "poppy_bridge_sessions_active") {
		t.Fatalf("public /metrics without -metrics-listen: %d %.80q", resp.StatusCode, body)
	}

	r := start(t, Options{Root: catchAll, MetricsListen: "127.0.0.1:0"})
	if r.metricsURL == "" {
		t.Fatal("no metrics listener")
	}
	if resp, body := get(t, nil, r.url+"metrics"); resp.StatusCode != 404 || strings.Contains(body, "poppy_bridge") {
		t.Errorf("public /metrics with -metrics-listen: %d %.80q, want 404", resp.StatusCode, body)
	}
	if resp, body := get(t, nil, r.url+"anything"); resp.StatusCode != 200 || body != "app page" {
		t.Errorf("public /anything: %d %q: the web app should still answer", resp.StatusCode, body)
	}
	if resp, body := get(t, nil, r.metricsURL+"metrics"); resp.StatusCode != 200 || !strings.Contains(body, "poppy_bridge_sessions_active") {
		t.Errorf("metrics listener /metrics: %d %.80q", resp.StatusCode, body)
	}
	// The metrics listener serves nothing else.
	for _, p := range []string{"", "healthz", "api/targets"} {
		if resp, _ := get(t, nil, r.metricsURL+p); resp.StatusCode != 404 {
			t.Errorf("metrics listener /%s: %d, want 404", p, resp.StatusCode)
		}
	}
}

// TestHealthzWhileDraining: once shutdown starts, /healthz answers 503
// while sessions drain, and the bridge stops once the last one ends.
func TestHealthzWhileDraining(t *testing.T) {
	sig := newSignalOn("shutting down")
	r := start(t, Options{Relay: relayTo(echoTarget(t)), Logger: slog.New(sig), ShutdownTimeout: time.Minute})
	health := func() int {
		rec := httptest.NewRecorder()
		r.s.Handler().ServeHTTP(rec, mustRequest(t, "GET", r.url+"healthz"))
		return rec.Code
	}
	if code := health(); code != 200 {
		t.Fatalf("/healthz before shutdown: %d", code)
	}
	ws, status := dialWS(t, nil, wsURL(r.url, "echo"), "", strings.TrimSuffix(r.url, "/"))
	if status != 0 {
		t.Fatalf("dial: HTTP %d", status)
	}
	echoOnce(t, ws)

	r.cancel()
	<-sig.ch // Serve logs this once it is draining
	if code := health(); code != http.StatusServiceUnavailable {
		t.Errorf("/healthz while draining: %d, want 503", code)
	}
	// The open session keeps the drain going: it still relays.
	echoOnce(t, ws)
	select {
	case err := <-r.done:
		t.Fatalf("Serve returned (%v) with a session still open", err)
	default:
	}
	ws.Close(websocket.StatusNormalClosure, "")
	if err := r.stop(t); err != nil {
		t.Errorf("Serve: %v", err)
	}
	if n := r.s.Relay().ActiveSessions(); n != 0 {
		t.Errorf("%d sessions after Serve returned", n)
	}
}

// TestNoDNSPrefetch: every response the bridge serves turns DNS
// prefetching off, whichever handler wrote it.
func TestNoDNSPrefetch(t *testing.T) {
	r := start(t, Options{Root: catchAll, MetricsListen: "127.0.0.1:0", Relay: relayTo(echoTarget(t))})
	check := func(what string, h http.Header) {
		t.Helper()
		if got := h.Get("X-DNS-Prefetch-Control"); got != "off" {
			t.Errorf("%s: X-DNS-Prefetch-Control %q, want off", what, got)
		}
	}
	for _, u := range []string{r.url, r.url + "index.html", r.url + "api/targets", r.url + "healthz", r.url + "metrics", r.url + "ws", r.metricsURL + "metrics", r.metricsURL} {
		resp, _ := get(t, nil, u)
		check(u+" ("+resp.Status+")", resp.Header)
	}
	// The WebSocket handshake, accepted and refused.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, origin := range []string{strings.TrimSuffix(r.url, "/"), "https://evil.example"} {
		ws, resp, err := websocket.Dial(ctx, wsURL(r.url, "echo"), &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {origin}}})
		if ws != nil {
			ws.CloseNow()
		}
		if resp == nil {
			t.Fatalf("handshake from %s: %v", origin, err)
		}
		check("handshake from "+origin+" ("+resp.Status+")", resp.Header)
	}
}
