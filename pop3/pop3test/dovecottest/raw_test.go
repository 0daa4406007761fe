//go:build unix

package dovecottest

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"net"
	"strings"
	"testing"
	"time"
)

// rawConn is a line-level POP3 conversation, so these tests check the
// harness against Dovecot itself, without the engine under test.
type rawConn struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
	// wait bounds each read; zero means 10 seconds.
	wait time.Duration
	// greeting is the server's first line.
	greeting string
}

// dial connects to addr, with TLS when cfg is not nil, and reads the
// greeting.
func dial(t testing.TB, addr string, cfg *tls.Config) *rawConn {
	t.Helper()
	var (
		c   net.Conn
		err error
	)
	if cfg != nil {
		c, err = tls.Dial("tcp", addr, cfg)
	} else {
		c, err = net.Dial("tcp", addr)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	rc := &rawConn{t: t, c: c, r: bufio.NewReader(c)}
	if rc.greeting = rc.line(); !strings.HasPrefix(rc.greeting, "+OK") {
		t.Fatalf("greeting %q, want +OK", rc.greeting)
	}
	return rc
}

func (rc *rawConn) line() string {
	rc.t.Helper()
	wait := rc.wait
	if wait == 0 {
		wait = 10 * time.Second
	}
	_ = rc.c.SetReadDeadline(time.Now().Add(wait))
	l, err := rc.r.ReadString('\n')
	if err != nil {
		rc.t.Fatalf("read: %v (got %q)", err, l)
	}
	if !strings.HasSuffix(l, "\r\n") {
		rc.t.Fatalf("line %q does not end in CRLF", l)
	}
	return strings.TrimSuffix(l, "\r\n")
}

// cmd sends one command line and returns the status line.
func (rc *rawConn) cmd(line string) string {
	rc.t.Helper()
	if _, err := rc.c.Write([]byte(line + "\r\n")); err != nil {
		rc.t.Fatal(err)
	}
	return rc.line()
}

// ok sends a command that must succeed.
func (rc *rawConn) ok(line string) string {
	rc.t.Helper()
	reply := rc.cmd(line)
	if !strings.HasPrefix(reply, "+OK") {
		rc.t.Fatalf("%s: %q, want +OK", strings.Fields(line)[0], reply)
	}
	return reply
}

// body reads a multi-line reply up to its terminating dot line and
// returns it with dot-stuffing removed and CRLFs kept (RFC 1939 §3).
func (rc *rawConn) body() []byte {
	rc.t.Helper()
	var b bytes.Buffer
	for {
		l := rc.line()
		if l == "." {
			return b.Bytes()
		}
		b.WriteString(strings.TrimPrefix(l, "."))
		b.WriteString("\r\n")
	}
}

// login authenticates with USER and PASS.
func (rc *rawConn) login(user, pass string) {
	rc.t.Helper()
	rc.ok("USER " + user)
	rc.ok("PASS " + pass)
}
