package mailbox

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// harness is the in-memory POP3 server on a loopback listener of the
// test's own, so that a test can drop, refuse and tamper with connections
// the way real networks and real servers do.
type harness struct {
	t    *testing.T
	srv  *pop3server.Server
	rec  *pop3server.CommandRecorder
	addr string

	mu     sync.Mutex
	conns  map[net.Conn]bool
	refuse int      // close this many next connections at once
	quit   quitMode // what happens to the next QUIT
	dials  atomic.Int32
	logged chan struct{} // poked after each command the server logs
	ended  chan struct{} // poked after each connection the server ends
}

type quitMode int

const (
	quitPass      quitMode = iota
	quitRefuse             // answer -ERR without letting the server see QUIT
	quitLoseReply          // let the server commit, then drop its reply
	quitDrop               // drop the connection; the server never sees QUIT
)

const (
	user     = "alice"
	password = "secret"
)

func newHarness(t *testing.T, opts *pop3server.Options, msgs ...pop3server.Message) *harness {
	t.Helper()
	var o pop3server.Options
	if opts != nil {
		o = *opts
	}
	h := &harness{t: t, rec: &pop3server.CommandRecorder{}, conns: map[net.Conn]bool{}, logged: make(chan struct{}, 1), ended: make(chan struct{}, 1)}
	o.CommandLog = func(user, line string) {
		h.rec.Record(user, line)
		select {
		case h.logged <- struct{}{}:
		default:
		}
	}
	h.srv = pop3server.New(&o)
	if err := h.srv.AddUser(user, password, msgs...); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.addr = l.Addr().String()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			h.mu.Lock()
			if h.refuse > 0 {
				h.refuse--
				h.mu.Unlock()
				c.Close()
				continue
			}
			h.conns[c] = true
			h.mu.Unlock()
			go func() {
				h.srv.ServeConn(&tapConn{Conn: c, h: h})
				h.mu.Lock()
				delete(h.conns, c)
				h.mu.Unlock()
				select {
				case h.ended <- struct{}{}:
				default:
				}
			}()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		h.srv.Close()
	})
	return h
}

// waitLines waits until the server has logged at least n command lines
// that start with verb, and returns them.
func (h *harness) waitLines(t *testing.T, verb string, n int) []string {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		if got := h.lines(verb); len(got) >= n {
			return got
		}
		select {
		case <-h.logged:
		case <-deadline:
			t.Fatalf("%d %s commands within 5 s, want %d", len(h.lines(verb)), verb, n)
		}
	}
}

// waitIdle waits until the server has ended every connection (after
// dropAll, say), so that the next command meets a connection that is
// surely gone rather than one still closing.
func (h *harness) waitIdle(t *testing.T) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		h.mu.Lock()
		n := len(h.conns)
		h.mu.Unlock()
		if n == 0 {
			return
		}
		select {
		case <-h.ended:
		case <-deadline:
			t.Fatalf("%d connections still open after 5 s", n)
		}
	}
}

// dialer returns the Dialer a Mailbox uses in tests: plain TCP to
// loopback, as the browser's would be TLS over a WebSocket.
func (h *harness) dialer() Dialer {
	return func(ctx context.Context) (*pop3.Client, error) {
		h.dials.Add(1)
		var d net.Dialer
		conn, err := d.DialContext(ctx, "tcp", h.addr)
		if err != nil {
			return nil, err
		}
		return pop3.NewClient(conn, &pop3.Options{AllowInsecureAuth: true, Timeout: 5 * time.Second})
	}
}

// dropAll cuts every open connection, as a network failure would: the
// server ends those sessions without committing anything.
func (h *harness) dropAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		c.Close()
	}
}

func (h *harness) refuseNext(n int) {
	h.mu.Lock()
	h.refuse = n
	h.mu.Unlock()
}

func (h *harness) onQuit(m quitMode) {
	h.mu.Lock()
	h.quit = m
	h.mu.Unlock()
}

func (h *harness) takeQuit() quitMode {
	h.mu.Lock()
	defer h.mu.Unlock()
	m := h.quit
	h.quit = quitPass
	return m
}

// uids returns the UIDs committed on the server.
func (h *harness) uids() []string {
	var out []string
	for _, m := range h.srv.Messages(user) {
		out = append(out, m.UID)
	}
	return out
}

// lines returns the recorded command lines that start with verb.
func (h *harness) lines(verb string) []string {
	var out []string
	for _, c := range h.rec.All() {
		if strings.HasPrefix(c.Line, verb) {
			out = append(out, c.Line)
		}
	}
	return out
}

// tapConn is the server side of a connection; it can intercept QUIT.
type tapConn struct {
	net.Conn
	h        *harness
	muteNext atomic.Bool // drop what the server writes next, and hang up
}

func (c *tapConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n == 0 {
		return n, err
	}
	i := bytes.Index(p[:n], []byte("QUIT\r\n"))
	if i < 0 || (i > 0 && p[i-1] != '\n') {
		return n, err
	}
	switch c.h.takeQuit() {
	case quitRefuse:
		c.Conn.Write([]byte("-ERR [SYS/TEMP] unable to update the maildrop\r\n"))
		c.Conn.Close()
		return i, nil
	case quitDrop:
		c.Conn.Close()
		return i, nil
	case quitLoseReply:
		c.muteNext.Store(true)
	}
	return n, err
}

func (c *tapConn) Write(p []byte) (int, error) {
	if c.muteNext.Load() {
		c.Conn.Close()
		return len(p), nil
	}
	return c.Conn.Write(p)
}

// eventLog collects what a Mailbox reports.
type eventLog struct {
	mu   sync.Mutex
	all  []Event
	next int
	poke chan struct{}
}

func newEvents() *eventLog { return &eventLog{poke: make(chan struct{}, 1)} }

func (e *eventLog) on(ev Event) {
	e.mu.Lock()
	e.all = append(e.all, ev)
	e.mu.Unlock()
	select {
	case e.poke <- struct{}{}:
	default:
	}
}

// wait returns the first event of kind after those already waited for.
func (e *eventLog) wait(t *testing.T, kind EventKind) Event {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		e.mu.Lock()
		for e.next < len(e.all) {
			ev := e.all[e.next]
			e.next++
			if ev.Kind == kind {
				e.mu.Unlock()
				return ev
			}
		}
		e.mu.Unlock()
		select {
		case <-e.poke:
		case <-deadline:
			t.Fatalf("no %v event within 5 s; got %v", kind, e.kinds())
		}
	}
}

func (e *eventLog) count(kind EventKind) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	n := 0
	for _, ev := range e.all {
		if ev.Kind == kind {
			n++
		}
	}
	return n
}

func (e *eventLog) kinds() []EventKind {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []EventKind
	for _, ev := range e.all {
		out = append(out, ev.Kind)
	}
	return out
}

// open returns a Mailbox on h, synced, closed at the end of the test.
func (h *harness) open(opts *Options) (*Mailbox, *eventLog) {
	h.t.Helper()
	ev := newEvents()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.OnChange = ev.on
	m := New(h.dialer(), Account{Server: "test", Username: user, Password: password}, &o)
	h.t.Cleanup(func() { m.Close() })
	if err := m.Sync(context.Background(), nil); err != nil {
		h.t.Fatalf("Sync: %v", err)
	}
	return m, ev
}

// testDate is when message i was sent.
func testDate(i int) time.Time {
	return time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
}

// message makes a message with UID uid sent at testDate(i).
func message(uid string, i int) pop3server.Message {
	return pop3server.Message{UID: uid, Data: fmt.Appendf(nil,
		"From: Sender %d <s%d@example.org>\r\nTo: alice@example.org\r\nSubject: Message %s\r\nDate: %s\r\n\r\nBody of %s.\r\n",
		i, i, uid, testDate(i).Format(time.RFC1123Z), uid)}
}

func messages(n int) []pop3server.Message {
	var out []pop3server.Message
	for i := 1; i <= n; i++ {
		out = append(out, message(fmt.Sprintf("m%d", i), i))
	}
	return out
}

func rowUIDs(rows []Summary) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.UID)
	}
	return out
}

func hasRow(m *Mailbox, uid string) bool {
	return slices.Contains(rowUIDs(m.Messages()), uid)
}

// reconnectStarted reports whether m's background reconnect loop has
// started: it runs now, or it ran and announced itself with
// EventReconnecting. The loop is started, if at all, before the operation
// whose failure starts it returns, so right after that operation the
// answer is settled.
func reconnectStarted(t *testing.T, m *Mailbox, ev *eventLog) bool {
	t.Helper()
	m.mu.Lock()
	running := m.reconnecting
	m.mu.Unlock()
	settle(t, m, ev)
	return running || ev.count(EventReconnecting) > 0
}

// eventBarrier is an Event kind no Mailbox emits; settle sends one.
const eventBarrier EventKind = 1000

// settle waits until the operation m is running (a commit, say) has
// ended and every event emitted so far has been delivered to ev: events
// are delivered in order, so once a barrier event pushed now arrives,
// so have they.
func settle(t *testing.T, m *Mailbox, ev *eventLog) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		t.Fatalf("the operation in progress did not end within 5 s: %v", err)
	}
	m.release()
	m.ev.emit(Event{Kind: eventBarrier})
	ev.wait(t, eventBarrier)
}

// reconnectControl shows that reconnectStarted sees a reconnect loop
// that does start (a keepalive NOOP on a dropped connection), on h's
// server: the positive control of a test that then checks that some
// failure starts none. It leaves no connection open.
func (h *harness) reconnectControl(t *testing.T) {
	t.Helper()
	m, ev := h.open(&Options{KeepaliveInterval: time.Millisecond, ReconnectBase: time.Hour})
	h.dropAll()
	ev.wait(t, EventReconnecting)
	if !reconnectStarted(t, m, ev) {
		t.Fatal("positive control: reconnectStarted misses a reconnect loop that runs")
	}
	m.Close()
	h.waitIdle(t)
}

// noDeletion fails if any DELE or QUIT reached the server.
func (h *harness) noDeletion(t *testing.T) {
	t.Helper()
	if d := h.lines("DELE"); len(d) > 0 {
		t.Errorf("DELE sent: %q", d)
	}
	if q := h.lines("QUIT"); len(q) > 0 {
		t.Errorf("QUIT sent: %q", q)
	}
}
