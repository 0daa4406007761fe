package outbox_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// clock is an injectable clock that moves only when told.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// step is what one Send call of the fake does: accepted, the server took
// the DATA (what a real server did, whatever the client heard); err, what
// Send returns.
type step struct {
	accepted bool
	err      error
}

// fakeSender is a submission server and client in one: it counts the
// messages "the server" accepted, by entry ID, so a test sees a message
// sent twice, and it returns the real error values of package
// submission. With no step left, a Send succeeds.
type fakeSender struct {
	t  *testing.T
	db store.DB

	mu       sync.Mutex
	steps    []step
	calls    []string            // entry IDs, one per Send
	accepted map[string]int      // entry ID → DATA accepted by "the server"
	raw      map[string][]byte   // entry ID → the bytes last sent
	env      map[string][]string // entry ID → the envelope recipients last sent
	// started, if set, receives each entry ID as Send starts; hold, if
	// set, is waited on before Send goes on (a send in progress).
	started chan string
	hold    chan struct{}
}

func newFake(t *testing.T, db store.DB, steps ...step) *fakeSender {
	return &fakeSender{t: t, db: db, steps: steps, accepted: map[string]int{}, raw: map[string][]byte{}, env: map[string][]string{}}
}

func (f *fakeSender) Send(ctx context.Context, e outbox.Entry, progress func(int64)) error {
	// The rule: "sending" is on record before the first byte goes out.
	if cur, ok, err := f.db.OutboxEntry(ctx, e.Account, e.ID); err != nil || !ok || cur.State != outbox.Sending {
		f.t.Errorf("Send of %s began with the entry stored as %q (%v, %v), want sending", e.ID, cur.State, ok, err)
	}
	if f.started != nil {
		f.started <- e.ID
	}
	if f.hold != nil {
		<-f.hold
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, e.ID)
	s := step{accepted: true}
	if len(f.steps) > 0 {
		s, f.steps = f.steps[0], f.steps[1:]
	}
	progress(int64(len(e.Raw)))
	if s.accepted {
		f.accepted[e.ID]++
		f.raw[e.ID] = slices.Clone(e.Raw)
		f.env[e.ID] = slices.Clone(outbox.EnvelopeOf(e).To)
	}
	return s.err
}

func (f *fakeSender) sends() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

func (f *fakeSender) acceptedOf(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accepted[id]
}

const account = "ada@pop.example.org"

var msg = []byte("From: Ada <ada@example.org>\r\nTo: Charles <cb@example.org>, b@example.org\r\nCc: =?UTF-8?Q?Zo=C3=AB?= <zoe@example.org>\r\n" +
	"Subject: =?UTF-8?Q?Notes_on_the_Engine_=E2=9C=93?=\r\n\r\nBody \x00\xff bytes.\r\n")

var env = submission.Envelope{From: "ada@example.org", To: []string{"cb@example.org", "b@example.org", "zoe@example.org"}}

// entryOf returns id's entry with Raw, failing t if it is not in the
// outbox.
func entryOf(t *testing.T, db store.DB, id string) outbox.Entry {
	t.Helper()
	e, ok, err := db.OutboxEntry(context.Background(), account, id)
	if err != nil || !ok {
		t.Fatalf("entry %s: in outbox %v, %v", id, ok, err)
	}
	return e
}

// sentOf returns id's sent message, and whether it is in Sent.
func sentOf(t *testing.T, db store.DB, id string) (store.SentMessage, bool) {
	t.Helper()
	m, ok, err := db.SentMessage(context.Background(), account, id)
	if err != nil {
		t.Fatal(err)
	}
	return m, ok
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// newDB returns a new store for t: Mem natively, IndexedDB in the browser.
func newDB(t *testing.T) store.DB {
	db, _ := newTabs(t)
	return db
}
