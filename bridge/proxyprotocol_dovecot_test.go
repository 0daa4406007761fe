//go:build !js

package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// penaltyFloor bounds from below the delay Dovecot's auth penalty puts on
// a login from an address with a recent failure: AUTH_PENALTY_INIT_SECS
// in its auth-penalty.c, doubled per failure (Dovecot 2.3 waits 4 s after
// one). Its timers never fire early, so a penalized login takes at least
// this long whatever the machine's load, and an unpenalized one on
// loopback takes a small fraction of it.
const penaltyFloor = 2 * time.Second

// TestProxyProtocolDovecot runs the bridge command against a real Dovecot
// whose POP3 listener reads PROXY headers (haproxy = yes, loopback
// trusted), with browsers at distinct loopback addresses:
//
//   - Dovecot's log names each browser as rip, never the bridge;
//   - its auth penalty falls on the browser that failed (127.0.0.2) and
//     not on another one behind the same bridge (127.0.0.3);
//   - STLS and TLS from the tab run through the header untouched;
//   - a client behind a -trusted-proxy is named by X-Forwarded-For;
//   - a target not opted in sends no header: the same listener refuses it.
func TestProxyProtocolDovecot(t *testing.T) {
	d := dovecottest.Start(t, &dovecottest.Config{HAProxy: true})
	url, _, _ := startBridge(t,
		"-target", "pp="+d.HAProxyAddr+"/starttls", "-proxy-protocol", "pp",
		"-target", "nopp="+d.HAProxyAddr+"/starttls",
		"-trusted-proxy", "127.0.0.4")

	// One failed login from 127.0.0.2.
	c := popThrough(t, url, "pp", "127.0.0.2", "")
	c.ok("USER " + d.User)
	if got := c.cmd("PASS not-" + d.Password); !strings.HasPrefix(got, "-ERR") {
		t.Fatalf("wrong password: %q", got)
	}
	c.close()

	// Another browser behind the same bridge is not penalized; it also
	// shows STLS through the header (TLS from the tab, as the app does).
	c = popThrough(t, url, "pp", "127.0.0.3", "")
	c.starttls(d.TLSConfig())
	other := c.login(d.User, d.Password)
	c.close()

	// The browser that failed is (positive control: the penalty exists
	// and this path would see it).
	c = popThrough(t, url, "pp", "127.0.0.2", "")
	failed := c.login(d.User, d.Password)
	c.close()
	t.Logf("login after a failure from 127.0.0.2: %v; from 127.0.0.3 meanwhile: %v", failed, other)
	if failed < penaltyFloor {
		t.Errorf("login from 127.0.0.2 after its failure took %v, less than Dovecot's penalty of %v: the penalty did not fall on the browser", failed, penaltyFloor)
	}
	if other >= penaltyFloor {
		t.Errorf("login from 127.0.0.3 took %v, at least the penalty of %v: it fell on the bridge, not on the browser that failed", other, penaltyFloor)
	}

	// A client behind a trusted proxy.
	c = popThrough(t, url, "pp", "127.0.0.4", "192.0.2.9")
	c.login(d.User, d.Password)
	c.close()

	for _, rip := range []string{"rip=127.0.0.2,", "rip=127.0.0.3,", "rip=192.0.2.9,"} {
		waitLog(t, d, rip)
	}
	// Every line about the user's sessions names a browser. (The bridge
	// dials from 127.0.0.1; so do the harness's readiness checks, whose
	// lines have no user.)
	for _, l := range strings.Split(d.LogText(), "\n") {
		if strings.Contains(l, "user=<"+d.User+">") && strings.Contains(l, "rip=127.0.0.1,") {
			t.Errorf("Dovecot saw the bridge, not the browser: %s", l)
		}
	}
	tlsLogin := false
	for _, l := range strings.Split(d.LogText(), "\n") {
		tlsLogin = tlsLogin || (strings.Contains(l, "Login: user=<"+d.User+">") && strings.Contains(l, "rip=127.0.0.3,") && strings.Contains(l, ", TLS,"))
	}
	if !tlsLogin {
		t.Errorf("no TLS login from 127.0.0.3 in Dovecot's log:\n%s", d.LogText())
	}

	// Not opted in: no header, so the listener that greeted every
	// session above closes this one without a word.
	raw := dialWS(t, url, "nopp", "127.0.0.2", "")
	raw.Write([]byte("USER " + d.User + "\r\n"))
	raw.SetReadDeadline(time.Now().Add(15 * time.Second))
	if got, err := io.ReadAll(raw); len(got) != 0 || err != nil {
		t.Errorf("target without -proxy-protocol: read %q, %v; want Dovecot to close at once", got, err)
	}
}

// popConn is a line-level POP3 session through the bridge.
type popConn struct {
	t    *testing.T
	conn net.Conn
	r    *bufio.Reader
}

// popThrough opens target through the bridge at url as a browser at the
// loopback address from (with X-Forwarded-For xff unless empty) and
// reads the greeting.
func popThrough(t *testing.T, url, target, from, xff string) *popConn {
	t.Helper()
	c := &popConn{t: t, conn: dialWS(t, url, target, from, xff)}
	c.r = bufio.NewReader(c.conn)
	if g := c.line(); !strings.HasPrefix(g, "+OK") {
		t.Fatalf("greeting %q", g)
	}
	return c
}

// dialWS opens /ws?target=target from the loopback address from.
func dialWS(t *testing.T, url, target, from, xff string) net.Conn {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 10 * time.Second}
	h := http.Header{"Origin": {strings.TrimSuffix(url, "/")}}
	if xff != "" {
		h.Set("X-Forwarded-For", xff)
	}
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"ws?target="+target, &websocket.DialOptions{
		HTTPHeader: h,
		HTTPClient: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}},
	})
	if err != nil {
		t.Fatal(err)
	}
	conn := websocket.NetConn(ctx, ws, websocket.MessageBinary)
	t.Cleanup(func() { conn.Close() })
	return conn
}

func (c *popConn) line() string {
	c.t.Helper()
	c.conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	l, err := c.r.ReadString('\n')
	if err != nil {
		c.t.Fatalf("read: %v (got %q)", err, l)
	}
	return strings.TrimSuffix(l, "\r\n")
}

func (c *popConn) cmd(line string) string {
	c.t.Helper()
	if _, err := c.conn.Write([]byte(line + "\r\n")); err != nil {
		c.t.Fatal(err)
	}
	return c.line()
}

func (c *popConn) ok(line string) string {
	c.t.Helper()
	r := c.cmd(line)
	if !strings.HasPrefix(r, "+OK") {
		c.t.Fatalf("%s: %q", strings.Fields(line)[0], r)
	}
	return r
}

// login logs in and returns how long PASS took to be answered.
func (c *popConn) login(user, pass string) time.Duration {
	c.t.Helper()
	c.ok("USER " + user)
	start := time.Now()
	c.ok("PASS " + pass)
	return time.Since(start)
}

// starttls upgrades the session (RFC 2595), the TLS running end to end
// between this test and Dovecot as it does from the tab.
func (c *popConn) starttls(cfg *tls.Config) {
	c.t.Helper()
	c.ok("STLS")
	tc := tls.Client(c.conn, cfg)
	if err := tc.Handshake(); err != nil {
		c.t.Fatalf("TLS through the bridge: %v", err)
	}
	c.conn, c.r = tc, bufio.NewReader(tc)
}

func (c *popConn) close() {
	c.t.Helper()
	c.ok("QUIT")
	c.conn.Close()
}

// waitLog waits until Dovecot's log holds want.
func waitLog(t *testing.T, d *dovecottest.Server, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(d.LogText(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("Dovecot's log never said %q:\n%s", want, d.LogText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
