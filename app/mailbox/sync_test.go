package mailbox

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// A thousand messages arrive in a few round trips (TOP pipelined), each
// row carries its own message's header, rows are newest first whatever
// the delivery order, and progress runs from 0 to the total.
func TestSyncThousandPipelined(t *testing.T) {
	const n = 1000
	const latency = 10 * time.Millisecond // lock-step TOPs alone would take 2×10 ms × 1000 = 20 s
	rng := rand.New(rand.NewPCG(1, 2))
	perm := rng.Perm(n)
	var msgs []pop3server.Message
	for i := range n {
		msgs = append(msgs, message(fmt.Sprintf("m%d", i+1), perm[i]))
	}
	h := newHarness(t, &pop3server.Options{Latency: latency}, msgs...)
	ev := newEvents()
	m := New(h.dialer(), Account{Username: user, Password: password}, &Options{OnChange: ev.on})
	defer m.Close()

	var calls [][2]int
	start := time.Now()
	if err := m.Sync(context.Background(), func(done, total int) { calls = append(calls, [2]int{done, total}) }); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if took > 4*time.Second {
		t.Errorf("Sync of %d messages took %v at %v one-way latency: not pipelined", n, took, latency)
	}
	t.Logf("synced %d headers in %v", n, took)

	if len(calls) != n+1 || calls[0] != [2]int{0, n} || calls[n] != [2]int{n, n} {
		t.Fatalf("progress: %d calls, first %v, last %v", len(calls), calls[0], calls[len(calls)-1])
	}
	for i := 1; i < len(calls); i++ {
		if calls[i][0] != calls[i-1][0]+1 {
			t.Fatalf("progress went from %v to %v", calls[i-1], calls[i])
		}
	}
	last := Event{}
	for ev.count(EventProgress) > 0 {
		e := ev.wait(t, EventProgress)
		last = e
		if e.Done == e.Total {
			break
		}
	}
	if last.Done != n || last.Total != n {
		t.Errorf("last progress event %d/%d", last.Done, last.Total)
	}

	rows := m.Messages()
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	for i, r := range rows {
		var k int
		fmt.Sscanf(r.UID, "m%d", &k)
		if r.Subject != "Message "+r.UID || r.Number != k || !r.Date.Equal(testDate(perm[k-1])) {
			t.Fatalf("row %d: %+v does not match its message", i, r)
		}
		if r.FromName != fmt.Sprintf("Sender %d", perm[k-1]) || r.Size <= 0 {
			t.Fatalf("row %d: %+v", i, r)
		}
		if i > 0 && !rows[i-1].Date.After(r.Date) {
			t.Fatalf("rows %d and %d not newest first: %v, %v", i-1, i, rows[i-1].Date, r.Date)
		}
	}
	tops := h.lines("TOP")
	if len(tops) != n {
		t.Fatalf("%d TOP commands, want %d", len(tops), n)
	}
	for i, l := range tops {
		if l != fmt.Sprintf("TOP %d 0", i+1) {
			t.Fatalf("TOP command %d is %q", i, l)
		}
	}
	h.noDeletion(t)
}

// CheckNew is a new session that asks only for the headers of the
// messages delivered since.
func TestCheckNewFetchesOnlyNewHeaders(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	m, _ := h.open(nil)
	m.MarkRead(true, "m2")

	if err := h.srv.Deliver(user, message("m6", 6), message("m7", 7)); err != nil {
		t.Fatal(err)
	}
	h.rec.Reset()
	n, err := m.CheckNew(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("CheckNew = %d, %v; want 2 new", n, err)
	}
	if got, want := h.lines("TOP"), []string{"TOP 6 0", "TOP 7 0"}; !slices.Equal(got, want) {
		t.Errorf("TOP sent %q, want only %q", got, want)
	}
	if got := h.lines("APOP"); len(got) != 1 {
		t.Errorf("CheckNew logged in %d times", len(got))
	}
	if got, want := rowUIDs(m.Messages()), []string{"m7", "m6", "m5", "m4", "m3", "m2", "m1"}; !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	if r, _ := m.Lookup("m2"); !r.Read {
		t.Error("read mark of m2 lost across sessions")
	}
	n, err = m.CheckNew(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("second CheckNew = %d, %v; want 0 new", n, err)
	}
	h.noDeletion(t)
}

// A session that the server's lock keeps exclusive ([IN-USE] for a second
// login) is reopened by CheckNew: the Mailbox waits out the lock of its
// own session, which it closed a moment before.
func TestCheckNewWithLockingServer(t *testing.T) {
	h := newHarness(t, &pop3server.Options{LockSession: true}, messages(3)...)
	m, _ := h.open(&Options{ReconnectBase: 50 * time.Millisecond})
	for i := range 3 {
		if _, err := m.CheckNew(context.Background()); err != nil {
			t.Fatalf("CheckNew %d: %v", i, err)
		}
	}
	if len(m.Messages()) != 3 {
		t.Errorf("%d rows", len(m.Messages()))
	}
	t.Logf("%d logins for 4 sessions", len(h.lines("APOP")))
	h.noDeletion(t)
}
