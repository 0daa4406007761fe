package pop3server

import (
	"bufio"
	"net"
	"os"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	panicHook = func(v any) { panic(v) }
	os.Exit(m.Run())
}

// Messages used by most tests. The second has a line starting with a dot
// and bare LFs, which the server must turn into CRLF.
var (
	msg1 = Message{UID: "uid-1", Data: []byte("From: a@example.org\r\nSubject: one\r\n\r\nHello\r\nWorld\r\n")}
	msg2 = Message{UID: "uid-2", Data: []byte("From: b@example.org\nSubject: two\n\n.dot line\nend\n")}
	msg3 = Message{UID: "uid-3", Data: []byte("Subject: three\r\n\r\nthird\r\n")}
)

const msg2CRLF = "From: b@example.org\r\nSubject: two\r\n\r\n.dot line\r\nend\r\n"

// newTestServer starts a server on loopback with alice (password "secret")
// owning msg1..msg3, closed when the test ends.
func newTestServer(t *testing.T, opts *Options) (*Server, string) {
	t.Helper()
	s := New(opts)
	if err := s.AddUser("alice", "secret", msg1, msg2, msg3); err != nil {
		t.Fatal(err)
	}
	addr, err := s.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, addr
}

// client is a minimal line-based POP3 client for tests: it knows nothing
// about POP3 beyond lines and the multi-line terminator.
type client struct {
	t        *testing.T
	c        net.Conn
	r        *bufio.Reader
	greeting string
}

func dial(t *testing.T, addr string) *client {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	return newClient(t, c)
}

// newClient wraps c and reads the greeting.
func newClient(t *testing.T, c net.Conn) *client {
	t.Helper()
	t.Cleanup(func() { c.Close() })
	cl := &client{t: t, c: c, r: bufio.NewReader(c)}
	cl.greeting = cl.line()
	if !strings.HasPrefix(cl.greeting, "+OK ") {
		t.Fatalf("greeting = %q", cl.greeting)
	}
	return cl
}

func (cl *client) send(lines ...string) {
	cl.t.Helper()
	cl.c.SetWriteDeadline(time.Now().Add(10 * time.Second))
	if _, err := cl.c.Write([]byte(strings.Join(lines, "\r\n") + "\r\n")); err != nil {
		cl.t.Fatalf("send %q: %v", lines, err)
	}
}

// line reads one line without its CRLF.
func (cl *client) line() string {
	cl.t.Helper()
	cl.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	s, err := cl.r.ReadString('\n')
	if err != nil {
		cl.t.Fatalf("read: %v (got %q)", err, s)
	}
	if !strings.HasSuffix(s, "\r\n") {
		cl.t.Fatalf("line %q does not end in CRLF", s)
	}
	return strings.TrimSuffix(s, "\r\n")
}

// multi reads the body of a multi-line reply, undoing the dot-stuffing,
// and returns it with CRLF line ends, as the message is stored.
func (cl *client) multi() string {
	cl.t.Helper()
	var b strings.Builder
	for {
		l := cl.line()
		if l == "." {
			return b.String()
		}
		b.WriteString(strings.TrimPrefix(l, "."))
		b.WriteString("\r\n")
	}
}

// cmd sends a command and returns the status line.
func (cl *client) cmd(line string) string {
	cl.t.Helper()
	cl.send(line)
	return cl.line()
}

func (cl *client) ok(line string) string {
	cl.t.Helper()
	r := cl.cmd(line)
	if !strings.HasPrefix(r, "+OK") {
		cl.t.Fatalf("%s: got %q, want +OK", line, r)
	}
	return r
}

func (cl *client) fail(line, prefix string) string {
	cl.t.Helper()
	r := cl.cmd(line)
	if !strings.HasPrefix(r, "-ERR"+prefix) {
		cl.t.Fatalf("%s: got %q, want -ERR%s", line, r, prefix)
	}
	return r
}

func (cl *client) login(user, pass string) {
	cl.t.Helper()
	cl.ok("USER " + user)
	cl.ok("PASS " + pass)
}

// expectEOF asserts that the server hangs up without sending more.
func (cl *client) expectEOF() {
	cl.t.Helper()
	cl.c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if s, err := cl.r.ReadString('\n'); err == nil || s != "" {
		cl.t.Fatalf("want the connection closed, got %q, %v", s, err)
	}
}

// uids returns the UIDs of a mailbox, in order.
func uids(msgs []Message) []string {
	var out []string
	for _, m := range msgs {
		out = append(out, m.UID)
	}
	return out
}
