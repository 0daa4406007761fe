//go:build unix

package dovecottest

import (
	"bufio"
	"errors"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// proxiedFrom is a PROXY v2 header (proxy-protocol.txt §2.2) for TCP over
// IPv4 from 192.0.2.7:4242 to 127.0.0.1:110, written out byte by byte.
var proxiedFrom = []byte{
	0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A,
	0x21, 0x11, 0x00, 0x0C, // v2 PROXY, TCP over IPv4, 12 address bytes
	192, 0, 2, 7, 127, 0, 0, 1, 0x10, 0x92, 0x00, 0x6E,
}

// dialWith connects to addr, sends first, and reads the greeting.
func dialWith(t *testing.T, addr string, first []byte) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	if _, err := c.Write(first); err != nil {
		t.Fatal(err)
	}
	rc := &rawConn{t: t, c: c, r: bufio.NewReader(c)}
	if rc.greeting = rc.line(); !strings.HasPrefix(rc.greeting, "+OK") {
		t.Fatalf("greeting %q, want +OK", rc.greeting)
	}
	return rc
}

// TestHAProxyListener: the listener of Config.HAProxy takes the client
// from the PROXY header (Dovecot logs it as rip), and refuses a
// connection that starts without one; the other listeners still take
// none.
func TestHAProxyListener(t *testing.T) {
	t.Parallel()
	s := Start(t, &Config{HAProxy: true})
	if s.HAProxyAddr == "" || s.HAProxyAddr == s.Addr || s.HAProxyAddr == s.TLSAddr {
		t.Fatalf("HAProxyAddr %q beside %q and %q", s.HAProxyAddr, s.Addr, s.TLSAddr)
	}
	c := dialWith(t, s.HAProxyAddr, proxiedFrom)
	c.login(s.User, s.Password)
	c.ok("QUIT")
	waitLog(t, s, "rip=192.0.2.7,")

	// A LOCAL header is the proxy speaking for itself: the real address.
	c = dialWith(t, s.HAProxyAddr, LocalHeader)
	c.login(s.User, s.Password)
	c.ok("QUIT")

	// Without a header, the very bytes that follow one above are refused:
	// no greeting, the connection closes.
	raw, err := net.Dial("tcp", s.HAProxyAddr)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	raw.Write([]byte("USER " + s.User + "\r\n"))
	raw.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(raw)
	var ne net.Error
	if len(got) != 0 || (err != nil && errors.As(err, &ne) && ne.Timeout()) {
		t.Errorf("without a header: read %q, %v; want the connection closed with nothing said", got, err)
	}

	// The plain listener is unchanged.
	dial(t, s.Addr, nil).login(s.User, s.Password)
}

// waitLog waits until Dovecot's log holds want.
func waitLog(t *testing.T, s *Server, want string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(s.LogText(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("Dovecot's log never said %q:\n%s", want, s.LogText())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRenderConfHAProxy holds the listener of Config.HAProxy in both
// syntaxes, and its absence by default.
func TestRenderConfHAProxy(t *testing.T) {
	for _, syntax24 := range []bool{false, true} {
		plain, err := renderConf(testParams(syntax24))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(plain), "haproxy") {
			t.Errorf("2.4=%v: without HAProxyPort the configuration mentions haproxy:\n%s", syntax24, plain)
		}
		p := testParams(syntax24)
		p.HAProxyPort = 1111
		out, err := renderConf(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{
			"  inet_listener pop3-haproxy {\n    address = 127.0.0.1\n    port = 1111\n    haproxy = yes\n  }\n",
			"\nhaproxy_trusted_networks = 127.0.0.0/8 ::1\n",
		} {
			if !strings.Contains(string(out), w) {
				t.Errorf("2.4=%v: configuration lacks %q:\n%s", syntax24, w, out)
			}
		}
	}
}
