//go:build unix

package dovecottest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

// unixConn is a line conversation on a unix socket, for the LMTP and auth
// protocols that the MTA sockets speak.
type unixConn struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
}

func dialUnix(t testing.TB, path string) *unixConn {
	t.Helper()
	c, err := net.Dial("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	return &unixConn{t: t, c: c, r: bufio.NewReader(c)}
}

func (u *unixConn) send(s string) {
	u.t.Helper()
	if _, err := u.c.Write([]byte(s)); err != nil {
		u.t.Fatal(err)
	}
}

func (u *unixConn) line() string {
	u.t.Helper()
	l, err := u.r.ReadString('\n')
	if err != nil {
		u.t.Fatalf("read: %v (so far %q)", err, l)
	}
	return strings.TrimRight(l, "\r\n")
}

// reply reads an SMTP/LMTP reply, possibly multiline, and returns its
// last line.
func (u *unixConn) reply() string {
	u.t.Helper()
	for {
		l := u.line()
		if len(l) < 4 || l[3] != '-' {
			return l
		}
	}
}

func (u *unixConn) expect(cmd, code string) {
	u.t.Helper()
	if cmd != "" {
		u.send(cmd + "\r\n")
	}
	if got := u.reply(); !strings.HasPrefix(got, code) {
		u.t.Fatalf("%q: reply %q, want %s", cmd, got, code)
	}
}

// TestLMTPDeliversIntoTheMaildir delivers through Config.LMTP as an MTA
// would, to a whole address, and reads the message back over POP3: the
// delivered message is the original, after the trace headers the LMTP
// server adds on top. An address of no user is refused at RCPT, which is
// what lets an MTA refuse it during the SMTP session.
func TestLMTPDeliversIntoTheMaildir(t *testing.T) {
	t.Parallel()
	s := Start(t, &Config{LMTP: &Socket{}})
	if s.LMTPSocket == "" || s.AuthSocket != "" {
		t.Fatalf("LMTPSocket %q, AuthSocket %q: want only the LMTP socket", s.LMTPSocket, s.AuthSocket)
	}
	if fi, err := os.Stat(s.LMTPSocket); err != nil || fi.Mode().Perm() != 0o660 {
		t.Fatalf("LMTP socket: %v, %v; want mode 0660", fi, err)
	}
	msg := "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: over LMTP\r\n\r\nHello, Alice.\r\n"

	l := dialUnix(t, s.LMTPSocket)
	l.expect("", "220")
	l.expect("LHLO mta.example.test", "250")
	l.expect("MAIL FROM:<bob@example.test>", "250")
	l.expect("RCPT TO:<nobody-here@example.test>", "550")
	l.expect("RCPT TO:<"+strings.ToUpper(s.User)+"@example.test>", "250")
	l.expect("DATA", "354")
	l.send(msg + ".\r\n")
	l.expect("", "250") // one reply per accepted recipient (RFC 2033)
	l.expect("QUIT", "221")

	if n := s.Count(s.User); n != 1 {
		t.Fatalf("%d messages in the maildir after one delivery", n)
	}
	c := dial(t, s.Addr, nil)
	c.login(s.User, s.Password)
	c.ok("RETR 1")
	got := c.body()
	head, rest, ok := bytes.Cut(got, []byte("\r\nFrom: "))
	if !ok || !bytes.Equal(append([]byte("From: "), rest...), []byte(msg)) {
		t.Fatalf("RETR gave\n%s\nwant trace headers, then exactly\n%s", got, msg)
	}
	for _, h := range strings.Split(string(head)+"\r\n", "\r\n") {
		if h != "" && !strings.HasPrefix(h, "Return-Path:") && !strings.HasPrefix(h, "Delivered-To:") &&
			!strings.HasPrefix(h, "Received:") && !strings.HasPrefix(h, "\t") && !strings.HasPrefix(h, " ") {
			t.Errorf("unexpected header above the message: %q", h)
		}
	}
}

// TestAuthSocketChecksPasswords speaks Dovecot's auth protocol on
// Config.AuthSocket as Postfix does: the right password is accepted and a
// wrong one refused, through the same socket.
func TestAuthSocketChecksPasswords(t *testing.T) {
	t.Parallel()
	s := Start(t, &Config{AuthSocket: &Socket{}})
	if s.AuthSocket == "" || s.LMTPSocket != "" {
		t.Fatalf("AuthSocket %q, LMTPSocket %q: want only the auth socket", s.AuthSocket, s.LMTPSocket)
	}
	a := dialUnix(t, s.AuthSocket)
	a.send(fmt.Sprintf("VERSION\t1\t2\nCPID\t%d\n", os.Getpid()))
	var mechs []string
	for {
		l := a.line()
		if l == "DONE" {
			break
		}
		if m, ok := strings.CutPrefix(l, "MECH\t"); ok {
			mechs = append(mechs, strings.Split(m, "\t")[0])
		}
	}
	if !strings.Contains(strings.Join(mechs, " "), "PLAIN") {
		t.Fatalf("mechanisms %q, want PLAIN", mechs)
	}
	for i, tc := range []struct {
		password, want string
	}{
		{s.Password, "OK\t1\tuser=" + s.User},
		{"not-" + s.Password, "FAIL\t2"},
	} {
		resp := base64.StdEncoding.EncodeToString([]byte("\x00" + s.User + "\x00" + tc.password))
		a.send(fmt.Sprintf("AUTH\t%d\tPLAIN\tservice=smtp\tnologin\tresp=%s\n", i+1, resp))
		if got := a.line(); !strings.HasPrefix(got, tc.want) {
			t.Errorf("AUTH with password %q: %q, want %q...", tc.password, got, tc.want)
		}
	}
}
