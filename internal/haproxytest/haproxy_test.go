//go:build unix

package haproxytest

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// backend is a stand-in bridge: /healthz answers as healthy says, /who
// names the backend and echoes X-Forwarded-*, /ws echoes WebSocket
// messages.
type backend struct {
	name    string
	addr    string
	healthy atomic.Bool
	hits    atomic.Int64
}

func startBackend(t *testing.T, name string) *backend {
	t.Helper()
	b := &backend{name: name}
	b.healthy.Store(true)
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if !b.healthy.Load() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("/who", func(w http.ResponseWriter, r *http.Request) {
		b.hits.Add(1)
		io.WriteString(w, b.name+"|"+strings.Join(r.Header.Values("X-Forwarded-For"), ";")+"|"+r.Header.Get("X-Forwarded-Proto"))
	})
	mux.HandleFunc("/ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
		if err != nil {
			return
		}
		defer c.CloseNow()
		for {
			typ, msg, err := c.Read(r.Context())
			if err != nil {
				return
			}
			if err := c.Write(r.Context(), typ, append([]byte(b.name+":"), msg...)); err != nil {
				return
			}
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b.addr = l.Addr().String()
	srv := &http.Server{Handler: mux}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return b
}

func backends(t *testing.T, n int) ([]*backend, []string) {
	var bs []*backend
	var addrs []string
	for i := 0; i < n; i++ {
		b := startBackend(t, "b"+string(rune('1'+i)))
		bs = append(bs, b)
		addrs = append(addrs, b.addr)
	}
	return bs, addrs
}

// client makes each request on a new connection, so the edge's
// per-connection rules and round robin see each one.
func (h *HAProxy) client() *http.Client {
	return &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: h.TLSConfig(), DisableKeepAlives: true},
	}
}

func who(t *testing.T, h *HAProxy, hdr http.Header) (name, xff, proto string) {
	t.Helper()
	req, _ := http.NewRequest("GET", h.URL()+"who", nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := h.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET /who: %s %s", resp.Status, b)
	}
	f := strings.SplitN(string(b), "|", 3)
	return f[0], f[1], f[2]
}

// TestTLSRoundRobinForwardedFor: HAProxy terminates TLS with the
// configured certificate, spreads requests evenly over the backends, and
// hands each exactly one X-Forwarded-For, its own view of the client,
// whatever the client claimed.
func TestTLSRoundRobinForwardedFor(t *testing.T) {
	_, addrs := backends(t, 3)
	h := Start(t, &Options{Backends: addrs})
	count := map[string]int{}
	for i := 0; i < 6; i++ {
		name, xff, proto := who(t, h, http.Header{"X-Forwarded-For": {"203.0.113.9"}})
		count[name]++
		if xff != "127.0.0.1" || proto != "https" {
			t.Errorf("backend saw X-Forwarded-For %q, X-Forwarded-Proto %q; want 127.0.0.1 alone and https", xff, proto)
		}
	}
	for _, n := range []string{"b1", "b2", "b3"} {
		if count[n] != 2 {
			t.Errorf("round robin over 6 requests: %v, want 2 each", count)
			break
		}
	}
}

// TestHealthCheckDrain: a backend whose /healthz answers 503 (a bridge
// told to stop) leaves the rotation, and comes back when it answers 200.
func TestHealthCheckDrain(t *testing.T) {
	bs, addrs := backends(t, 2)
	h := Start(t, &Options{Backends: addrs})
	h.WaitServer(1, true)
	bs[1].healthy.Store(false)
	h.WaitServer(1, false)
	before := bs[1].hits.Load()
	for i := 0; i < 4; i++ {
		if name, _, _ := who(t, h, nil); name != "b1" {
			t.Fatalf("request went to %s while it was down", name)
		}
	}
	if bs[1].hits.Load() != before {
		t.Fatal("the drained backend was sent requests")
	}
	// Positive control: the same path reaches it again once healthy.
	bs[1].healthy.Store(true)
	h.WaitServer(1, true)
	seen := map[string]bool{}
	for i := 0; i < 4; i++ {
		name, _, _ := who(t, h, nil)
		seen[name] = true
	}
	if !seen["b2"] {
		t.Errorf("b2 is up again but got none of 4 requests: %v", seen)
	}
}

func dialWS(ctx context.Context, h *HAProxy) (*websocket.Conn, error) {
	c, _, err := websocket.Dial(ctx, "wss://"+h.Addr+"/ws", &websocket.DialOptions{
		HTTPClient: &http.Client{Transport: &http.Transport{TLSClientConfig: h.TLSConfig()}},
	})
	return c, err
}

func echo(ctx context.Context, c *websocket.Conn, msg string) (string, error) {
	if err := c.Write(ctx, websocket.MessageBinary, []byte(msg)); err != nil {
		return "", err
	}
	_, b, err := c.Read(ctx)
	return string(b), err
}

// TestWebSocketUpgrade: a WebSocket upgrades through the TLS frontend and
// carries messages both ways.
func TestWebSocketUpgrade(t *testing.T) {
	_, addrs := backends(t, 1)
	h := Start(t, &Options{Backends: addrs})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialWS(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	for _, m := range []string{"USER a", "PASS b"} {
		got, err := echo(ctx, c, m)
		if err != nil || got != "b1:"+m {
			t.Fatalf("echo %q: %q, %v", m, got, err)
		}
	}
}

// TestConcurrentLimitPerIP: with a limit of 2, a third concurrent session
// from the same address is refused, and once one of the two ends a new
// one is admitted (so it was the concurrency that was refused).
func TestConcurrentLimitPerIP(t *testing.T) {
	_, addrs := backends(t, 1)
	h := Start(t, &Options{Backends: addrs, MaxConnPerIP: 2})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var open []*websocket.Conn
	for i := 0; i < 2; i++ {
		c, err := dialWS(ctx, h)
		if err != nil {
			t.Fatalf("session %d of 2 refused: %v", i+1, err)
		}
		defer c.CloseNow()
		if _, err := echo(ctx, c, "NOOP"); err != nil {
			t.Fatal(err)
		}
		open = append(open, c)
	}
	if c, err := dialWS(ctx, h); err == nil {
		c.CloseNow()
		t.Fatal("a third concurrent session was admitted with a limit of 2")
	}
	open[0].Close(websocket.StatusNormalClosure, "")
	// HAProxy counts the session gone once it has seen the close; retry
	// until then.
	for {
		c, err := dialWS(ctx, h)
		if err == nil {
			c.CloseNow()
			break
		}
		if ctx.Err() != nil {
			t.Fatalf("no session admitted after one of two ended: %v", err)
		}
		time.Sleep(50 * time.Millisecond) // polls the condition above
	}
}

// TestNewConnRatePerIP: with 3 new connections a minute allowed, the
// fourth within the minute is refused.
func TestNewConnRatePerIP(t *testing.T) {
	_, addrs := backends(t, 1)
	h := Start(t, &Options{Backends: addrs, NewConnPerMin: 3})
	// Start's own readiness probe made one connection already.
	var errs []error
	for i := 0; i < 4; i++ {
		req, _ := http.NewRequest("GET", h.URL()+"who", nil)
		resp, err := h.client().Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errs = append(errs, err)
	}
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("the first connections within the limit failed: %v", errs)
	}
	if errs[2] == nil && errs[3] == nil {
		t.Fatal("more connections than the rate allows were admitted")
	}
}
