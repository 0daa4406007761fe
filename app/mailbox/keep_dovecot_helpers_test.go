//go:build unix

package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// keepDovecot is a real Dovecot with one user per subtest, for the
// retention and full-copy tests: each subtest's maildir is its own.
type keepDovecot struct {
	s *dovecottest.Server
}

const keepPassword = "keep-secret"

func startKeepDovecot(t *testing.T, users ...string) *keepDovecot {
	t.Helper()
	cfg := &dovecottest.Config{Users: map[string]string{}}
	for _, u := range users {
		cfg.Users[u] = keepPassword
	}
	return &keepDovecot{s: dovecottest.Start(t, cfg)}
}

// keepMessage is message i: dated date, or without a Date if date is
// zero.
func keepMessage(i int, date time.Time) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: Sender %d <s%d@example.org>\r\nTo: alice@example.org\r\nSubject: Keep %d\r\nMessage-ID: <keep%d@example.org>\r\n", i, i, i, i)
	if !date.IsZero() {
		fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	}
	fmt.Fprintf(&b, "\r\nBody of message %d.\r\n.a line that needs dot-stuffing\r\n", i)
	for j := 0; j < i%5; j++ {
		b.WriteString("Some more text to vary the sizes.\r\n")
	}
	return b.Bytes()
}

// tap sees the commands a client writes, on every connection of a
// dialer, and can cut a connection at a chosen command, as a closed tab
// or a crash would: the bytes before the cut reach the server, nothing
// after it does, and the client's context is cancelled so nothing
// retries.
type tap struct {
	mu    sync.Mutex
	lines []string // every command line written, in order
	// cut, if set, is asked of each command line (and the count of that
	// verb so far, this one included): "before" cuts before the line,
	// "after" just after it.
	cut    func(verb string, count int) string
	counts map[string]int
	fired  bool
	cancel context.CancelFunc
}

func (tp *tap) count(verb string) int {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	return tp.counts[verb]
}

func bytesCut(line string) (verb, rest string, ok bool) {
	for i := 0; i < len(line); i++ {
		if line[i] == ' ' || line[i] == '\r' {
			return line[:i], line[i:], true
		}
	}
	return line, "", false
}

type cutConn struct {
	net.Conn
	tp *tap
}

func (c *cutConn) Write(p []byte) (int, error) {
	tp := c.tp
	tp.mu.Lock()
	if tp.counts == nil {
		tp.counts = map[string]int{}
	}
	start := 0
	for start < len(p) {
		end := bytes.IndexByte(p[start:], '\n')
		if end < 0 {
			end = len(p)
		} else {
			end += start + 1
		}
		line := string(p[start:end])
		verb, _, _ := bytesCut(line)
		tp.counts[verb]++
		tp.lines = append(tp.lines, line)
		if tp.cut != nil && !tp.fired {
			switch tp.cut(verb, tp.counts[verb]) {
			case "before":
				tp.fired = true
				tp.mu.Unlock()
				return c.kill(p[:start])
			case "after":
				tp.fired = true
				tp.mu.Unlock()
				return c.kill(p[:end])
			}
		}
		start = end
	}
	tp.mu.Unlock()
	return c.Conn.Write(p)
}

// kill writes what reached the server and ends the connection. The
// server reads those bytes before it sees the close.
func (c *cutConn) kill(sent []byte) (int, error) {
	if len(sent) > 0 {
		c.Conn.Write(sent)
	}
	if tc, ok := c.Conn.(*net.TCPConn); ok {
		tc.CloseWrite()
	}
	c.Conn.Close()
	if c.tp.cancel != nil {
		c.tp.cancel()
	}
	return len(sent), net.ErrClosed
}

// dialer dials user's plain POP3 listener through tp (if not nil).
func (d *keepDovecot) dialer(tp *tap) Dialer {
	return func(ctx context.Context) (*pop3.Client, error) {
		var nd net.Dialer
		conn, err := nd.DialContext(ctx, "tcp", d.s.Addr)
		if err != nil {
			return nil, err
		}
		if tp != nil {
			conn = &cutConn{Conn: conn, tp: tp}
		}
		return pop3.NewClient(conn, &pop3.Options{AllowInsecureAuth: true, Timeout: 10 * time.Second})
	}
}

// open returns a synced Mailbox of user whose Store is db.
func (d *keepDovecot) open(t *testing.T, user string, db store.DB, tp *tap) *Mailbox {
	t.Helper()
	m := New(d.dialer(tp), Account{Server: "dovecot", Username: user, Password: keepPassword}, &Options{Store: db, KeepaliveInterval: -1})
	t.Cleanup(func() { m.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := m.Sync(ctx, nil); err != nil {
		t.Fatalf("Sync: %v", err)
	}
	return m
}

// session logs in to user's mailbox as another mail program would, and
// lists it; the session's context ends with the test.
func (d *keepDovecot) session(t *testing.T, user string) (context.Context, *pop3.Client, []pop3.MessageInfo) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	c, err := d.dialer(nil)(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(ctx, user, keepPassword); err != nil {
		c.Close()
		t.Fatal(err)
	}
	infos, err := c.UIDL(ctx)
	if err != nil {
		c.Close()
		t.Fatal(err)
	}
	return ctx, c, infos
}

// serverUIDLs is the server's listing of user, by a session of its own
// that ends without QUIT: what the maildir holds now.
func (d *keepDovecot) serverUIDLs(t *testing.T, user string) []string {
	t.Helper()
	_, c, infos := d.session(t, user)
	defer c.Close()
	var out []string
	for _, mi := range infos {
		out = append(out, mi.UID)
	}
	if n := d.s.Count(user); n != len(out) {
		t.Fatalf("the maildir holds %d messages, UIDL lists %d", n, len(out))
	}
	return out
}

// removeOnServer deletes the messages uids of user by a session of its
// own (another mail program).
func (d *keepDovecot) removeOnServer(t *testing.T, user string, uids ...string) {
	t.Helper()
	ctx, c, infos := d.session(t, user)
	defer c.Close()
	for _, mi := range infos {
		if slices.Contains(uids, mi.UID) {
			if err := c.Dele(ctx, mi.Number); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := c.Quit(ctx); err != nil {
		t.Fatal(err)
	}
}

// checkNothingUnkeptRemoved: every delivered message the server no
// longer has is kept on the device, verified, byte for byte as the
// server served it. It returns how many are gone, so a caller can show
// the check would have seen a removal (positive control).
func checkNothingUnkeptRemoved(t *testing.T, d *keepDovecot, user string, db store.DB, account string, delivered map[string][]byte) int {
	t.Helper()
	on := d.serverUIDLs(t, user)
	gone := 0
	for uid, raw := range delivered {
		if slices.Contains(on, uid) {
			continue
		}
		gone++
		got, ok, err := db.KeptBody(context.Background(), account, uid)
		if err != nil || !ok || !bytes.Equal(got, dovecottest.Wire(raw)) {
			t.Errorf("%s was removed from the server but is not kept on the device (ok=%v, err=%v)", uid, ok, err)
		}
	}
	return gone
}

// bySubject maps the UIDL of each kept message of account to what was
// delivered, by its Subject "Keep i" (raws[i]).
func bySubject(t *testing.T, db store.DB, account string, raws map[int][]byte) map[string][]byte {
	t.Helper()
	list, err := db.KeptList(context.Background(), account)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, k := range list {
		var i int
		if _, err := fmt.Sscanf(k.Row.Subject, "Keep %d", &i); err != nil {
			t.Fatalf("kept %s has subject %q", k.UID, k.Row.Subject)
		}
		out[k.UID] = raws[i]
	}
	if len(out) != len(raws) {
		t.Fatalf("%d of %d messages kept", len(out), len(raws))
	}
	return out
}
