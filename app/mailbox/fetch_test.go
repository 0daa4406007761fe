package mailbox

import (
	"bytes"
	"context"
	"errors"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3"
)

// otherClient deletes uids through a separate POP3 session, as another
// mail program would, and commits with QUIT.
func (h *harness) otherClient(t *testing.T, uids ...string) {
	t.Helper()
	ctx := context.Background()
	c, err := h.dialer()(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login(ctx, user, password); err != nil {
		t.Fatal(err)
	}
	list, err := c.UIDL(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, mi := range list {
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

func body(t *testing.T, m *Mailbox, uid string) []byte {
	t.Helper()
	data, err := m.Fetch(context.Background(), uid, nil)
	if err != nil {
		t.Fatalf("Fetch(%s): %v", uid, err)
	}
	if !bytes.Contains(data, []byte("Body of "+uid+".")) {
		t.Fatalf("Fetch(%s) returned another message:\n%s", uid, data)
	}
	return data
}

// Message numbers change between sessions; Fetch and Delete follow the
// UIDL, in whichever session is open.
func TestRenumbering(t *testing.T) {
	h := newHarness(t, nil, messages(6)...)
	m, ev := h.open(&Options{UndoWindow: 10 * time.Millisecond})

	// Another program deletes m1 while our session is open: our
	// snapshot still numbers m4 as 4, and a commit uses those numbers.
	h.otherClient(t, "m1")
	h.rec.Reset()
	body(t, m, "m4")
	m.Delete("m3")
	ev.wait(t, EventDeleted)
	if got := h.lines("RETR"); !slices.Equal(got, []string{"RETR 4"}) {
		t.Errorf("RETR sent %q", got)
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 3"}) {
		t.Errorf("DELE sent %q in the old session", got)
	}
	if got, want := h.uids(), []string{"m2", "m4", "m5", "m6"}; !slices.Equal(got, want) {
		t.Fatalf("server has %q, want %q", got, want)
	}
	// The commit opened a new session: m1 vanished from the list, and
	// every number moved.
	if got, want := rowUIDs(m.Messages()), []string{"m6", "m5", "m4", "m2"}; !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}

	// Another program deletes m2 between our sessions.
	h.otherClient(t, "m2")
	if _, err := m.CheckNew(context.Background()); err != nil {
		t.Fatal(err)
	}
	h.rec.Reset()
	var got, total int64
	data, err := m.Fetch(context.Background(), "m5", func(g, tot int64) { got, total = g, tot })
	if err != nil || !bytes.Contains(data, []byte("Body of m5.")) {
		t.Fatalf("Fetch(m5) = %q, %v", data, err)
	}
	if got != int64(len(data)) || total != int64(len(data)) {
		t.Errorf("progress ended at %d of %d for %d bytes", got, total, len(data))
	}
	m.Delete("m6")
	ev.wait(t, EventDeleted)
	if got := h.lines("RETR"); !slices.Equal(got, []string{"RETR 2"}) {
		t.Errorf("RETR sent %q", got)
	}
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 3"}) {
		t.Errorf("DELE sent %q", got)
	}
	if got, want := h.uids(), []string{"m4", "m5"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
}

// A message deleted elsewhere is reported as gone and leaves the list; a
// Delete of it counts as done without any DELE.
func TestFetchGone(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	m, ev := h.open(&Options{UndoWindow: 10 * time.Millisecond})
	h.otherClient(t, "m2", "m3")
	// Our session still has them.
	body(t, m, "m2")
	m.Delete("m3") // committed after the next session: no DELE needed
	if err := m.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if hasRow(m, "m2") {
		t.Error("vanished message still listed")
	}
	_, err := m.Fetch(context.Background(), "m2", nil)
	if p := Classify(err); p == nil || p.Kind != KindGone {
		t.Errorf("Fetch of a vanished message: %v", err)
	}
	m.Delete("m3")
	e := ev.wait(t, EventDeleted)
	if !slices.Equal(e.UIDs, []string{"m3"}) {
		t.Errorf("deleted %q", e.UIDs)
	}
	if got := h.lines("DELE"); len(got) != 2 { // the other client's
		t.Errorf("DELE sent %q", got)
	}
}

// A Fetch on a session that dropped reconnects and retries at once.
func TestFetchReconnects(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	h.reconnectControl(t)
	dials := h.dials.Load()
	m, ev := h.open(&Options{KeepaliveInterval: -1})
	h.dropAll()
	h.waitIdle(t)
	body(t, m, "m3")
	if n := h.dials.Load() - dials; n != 2 {
		t.Errorf("%d dials, want 2", n)
	}
	if reconnectStarted(t, m, ev) {
		t.Error("Fetch's own retry also started the background reconnect")
	}
	h.noDeletion(t)
}

// A message over the Dialer's pop3.Options.MaxMessageSize is a Problem of
// KindProtocol, not a reason to reconnect again and again.
func TestFetchLimit(t *testing.T) {
	big := message("big", 1)
	big.Data = append(big.Data, bytes.Repeat([]byte("0123456789\r\n"), 1000)...)
	h := newHarness(t, nil, big)
	h.reconnectControl(t)
	dial := func(ctx context.Context) (*pop3.Client, error) {
		conn, err := net.Dial("tcp", h.addr)
		if err != nil {
			return nil, err
		}
		return pop3.NewClient(conn, &pop3.Options{AllowInsecureAuth: true, MaxMessageSize: 2000})
	}
	ev := newEvents()
	m := New(dial, Account{Username: user, Password: password}, &Options{OnChange: ev.on, ReconnectBase: time.Millisecond})
	defer m.Close()
	if err := m.Sync(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	_, err := m.Fetch(context.Background(), "big", nil)
	var le *pop3.LimitError
	if p := Classify(err); p == nil || p.Kind != KindProtocol || !errors.As(err, &le) {
		t.Fatalf("Fetch = %v", err)
	}
	if reconnectStarted(t, m, ev) {
		t.Error("a size limit started the reconnect loop")
	}
}
