//go:build !js

package relay_test

import (
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// bigMB sizes the byte-exact transfers. The default keeps `go test -race`
// quick; the 100 MB figure is
//
//	go test ./bridge/internal/relay -run Exact -bridge.big=100
//
// or POPPY_BRIDGE_BIG=100 (used when the flag is not given).
var bigMB = flag.Int("bridge.big", 0, "size in MB of the byte-exact relay tests (default 16, or $POPPY_BRIDGE_BIG)")

func bigSize() int {
	if *bigMB > 0 {
		return *bigMB << 20
	}
	if v, err := strconv.Atoi(os.Getenv("POPPY_BRIDGE_BIG")); err == nil && v > 0 {
		return v << 20
	}
	return 16 << 20
}

// tcpServer runs handle for every connection on a loopback listener until
// the test ends, and waits for the handlers then.
type tcpServer struct {
	l  net.Listener
	wg sync.WaitGroup
}

func startTCP(t testing.TB, handle func(net.Conn)) *tcpServer {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &tcpServer{l: l}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		s.wg.Wait()
	})
	return s
}

func (s *tcpServer) target(name string) targets.Target {
	a := s.l.Addr().(*net.TCPAddr)
	return targets.Target{Name: name, Host: "127.0.0.1", Port: a.Port, Security: bridgeapi.SecurityPlain}
}

func echo(c net.Conn) { io.Copy(c, c) }

// bridge is a relay.Handler behind an httptest.Server.
type bridge struct {
	h   *relay.Handler
	srv *httptest.Server
}

// startBridge serves a relay with the given targets; opts may be nil and
// its Targets field is filled in.
func startBridge(t testing.TB, opts *relay.Options, ts ...targets.Target) *bridge {
	t.Helper()
	if opts == nil {
		opts = &relay.Options{}
	}
	if opts.Targets == nil {
		opts.Targets = &targets.Registry{}
	}
	for _, tg := range ts {
		if err := opts.Targets.Add(tg); err != nil {
			t.Fatal(err)
		}
	}
	h, err := relay.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(bridgeapi.PathWebSocket, h)
	srv := httptest.NewServer(mux)
	// The bridge's own origin, as the server package adds a loopback
	// listener's once it knows the port.
	if err := h.AllowOrigins(srv.URL); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		h.Shutdown(ctx)
		srv.Close()
	})
	return &bridge{h: h, srv: srv}
}

// url returns the ws:// URL for the query q ("target=x").
func (b *bridge) url(q string) string {
	return "ws" + strings.TrimPrefix(b.srv.URL, "http") + bridgeapi.PathWebSocket + "?" + q
}

// dial opens a WebSocket as a page of the bridge's own origin would.
func (b *bridge) dial(t testing.TB, q string) *websocket.Conn {
	t.Helper()
	c, err := b.dialOrigin(q, b.srv.URL)
	if err != nil {
		t.Fatalf("dial %s: %v", q, err)
	}
	// Runs before the bridge's cleanup (LIFO), so that shutdown finds no
	// sessions left to drain.
	t.Cleanup(func() { c.CloseNow() })
	return c
}

func (b *bridge) dialOrigin(q, origin string) (*websocket.Conn, error) {
	return b.dialHostOrigin(q, "", origin)
}

// dialHostOrigin dials with a Host header of host ("" means the URL's) and
// an Origin of origin ("" means none).
func (b *bridge) dialHostOrigin(q, host, origin string) (*websocket.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	c, resp, err := websocket.Dial(ctx, b.url(q), &websocket.DialOptions{HTTPHeader: h, Host: host})
	if err != nil {
		if resp != nil {
			return nil, &httpStatusError{resp.StatusCode}
		}
		return nil, err
	}
	c.SetReadLimit(-1)
	return c, nil
}

type httpStatusError struct{ code int }

func (e *httpStatusError) Error() string { return "HTTP " + strconv.Itoa(e.code) }

// closeOf reads until the WebSocket ends and returns the close frame the
// bridge sent; ok is false if the connection ended without one.
func closeOf(t testing.TB, c *websocket.Conn) (websocket.CloseError, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	for {
		_, _, err := c.Read(ctx)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if errors.As(err, &ce) {
			return ce, true
		}
		return websocket.CloseError{}, false
	}
}

func wantClose(t testing.TB, c *websocket.Conn, code bridgeapi.CloseCode, reasonPrefix string) {
	t.Helper()
	ce, ok := closeOf(t, c)
	if !ok {
		t.Fatalf("connection ended without a close frame; want %d", code)
	}
	if ce.Code != websocket.StatusCode(code) || !strings.HasPrefix(ce.Reason, reasonPrefix) {
		t.Fatalf("close = %d %q, want %d %q", ce.Code, ce.Reason, code, reasonPrefix)
	}
}

func query(kv ...string) string {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v.Encode()
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func websocketCode(c bridgeapi.CloseCode) websocket.StatusCode { return websocket.StatusCode(c) }
