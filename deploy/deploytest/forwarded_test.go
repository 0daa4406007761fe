//go:build unix

package deploytest

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/haproxytest"
	"github.com/poppymail/poppy/internal/harness"
)

// greeter is a stand-in mail server: it says +OK and holds the
// connection until the test ends.
func greeter(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("+OK ready\r\n"))
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	return l.Addr().String()
}

// TestForwardedClientLimits: behind HAProxy, a bridge started with
// -trusted-proxy counts each browser by the X-Forwarded-For address
// HAProxy writes, so its per-client limit (here 1) is the second line
// per person, not one limit shared by everyone behind the proxy.
// Browsers are told apart by their loopback source address.
func TestForwardedClientLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("starts HAProxy and a bridge: skipped by -short")
	}
	haproxytest.Require(t)
	bin, err := buildBridge()
	if err != nil {
		t.Fatal(err)
	}
	ports, err := harness.FreePorts(2)
	if err != nil {
		t.Fatal(err)
	}
	edge := "https://127.0.0.1:" + strconv.Itoa(ports[0])
	b := &bridge{t: t, bin: bin, dir: t.TempDir(), addr: "127.0.0.1:" + strconv.Itoa(ports[1]), args: []string{
		"-target", "mail=" + greeter(t) + "/plain",
		"-public-name", edge,
		"-trusted-proxy", "127.0.0.1",
		"-max-sessions-per-ip", "1",
	}}
	t.Cleanup(b.kill)
	b.start()
	h := haproxytest.Start(t, &haproxytest.Options{Backends: []string{b.addr}, Port: ports[0]})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// session opens a relay session from source address ip and returns
	// the greeting, or the close code the bridge refused it with.
	session := func(ip string) (string, websocket.StatusCode) {
		d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
		hc := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, TLSClientConfig: h.TLSConfig()}}
		ws, _, err := websocket.Dial(ctx, "wss://"+h.Addr+"/ws?target=mail", &websocket.DialOptions{
			HTTPClient: hc, HTTPHeader: http.Header{"Origin": {edge}},
		})
		if err != nil {
			t.Fatalf("from %s: %v", ip, err)
		}
		t.Cleanup(func() { ws.CloseNow() })
		_, msg, err := ws.Read(ctx)
		if err != nil {
			return "", websocket.CloseStatus(err)
		}
		return string(msg), -1
	}
	if got, code := session("127.0.0.2"); got != "+OK ready\r\n" {
		t.Fatalf("first session from 127.0.0.2: %q, close %d", got, code)
	}
	// Had the bridge counted HAProxy's own address, this one would be
	// the second session of one client, over the limit.
	if got, code := session("127.0.0.3"); got != "+OK ready\r\n" {
		t.Errorf("first session from 127.0.0.3 refused (close %d): the bridge did not tell clients apart behind HAProxy", code)
	}
	// Positive control: the limit holds per client.
	if _, code := session("127.0.0.2"); code != websocket.StatusCode(bridgeapi.CodeLimitReached) {
		t.Errorf("second session from 127.0.0.2: close %d, want %d (limit per client)", code, bridgeapi.CodeLimitReached)
	}
}
