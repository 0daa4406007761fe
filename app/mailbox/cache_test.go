package mailbox

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// account is the harness's account; signedOut is the same account before
// the person typed a password in this app session.
var (
	account   = Account{Server: "test", Username: user, Password: password}
	signedOut = Account{Server: "test", Username: user}
)

// openWith returns a Mailbox for acct on h's server, not synced, closed
// at the end of the test.
func (h *harness) openWith(acct Account, opts *Options) (*Mailbox, *eventLog) {
	h.t.Helper()
	ev := newEvents()
	var o Options
	if opts != nil {
		o = *opts
	}
	o.OnChange = ev.on
	m := New(h.dialer(), acct, &o)
	h.t.Cleanup(func() { m.Close() })
	return m, ev
}

func load(t *testing.T, s store.Mail) store.Cache {
	t.Helper()
	c, err := s.Load(context.Background(), account.Key())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func cachedUIDs(c store.Cache) []string {
	var out []string
	for _, h := range c.Headers {
		out = append(out, h.UID)
	}
	slices.Sort(out)
	return out
}

// A second visit shows the kept rows, read marks included, before any
// network, and a Mailbox without a password never dials.
func TestCachedInboxWithoutNetwork(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	st := store.NewMem(nil)
	m, ev := h.open(&Options{Store: st})
	m.MarkRead(true, "m2")
	ev.wait(t, EventListChanged)
	first := m.Messages()
	m.Close()

	dials := h.dials.Load()
	m2, _ := h.openWith(signedOut, &Options{Store: st})
	if err := m2.LoadCache(context.Background()); err != nil {
		t.Fatal(err)
	}
	got := m2.Messages()
	same := func(a, b Summary) bool {
		return a.Date.Equal(b.Date) && func() bool { a.Date, b.Date = time.Time{}, time.Time{}; return a == b }()
	}
	if !slices.EqualFunc(got, first, same) {
		t.Errorf("cached rows differ:\n got %+v\nwant %+v", got, first)
	}
	err := m2.Sync(context.Background(), nil)
	var p *Problem
	if !errors.As(err, &p) || p.Kind != KindSignedOut {
		t.Errorf("Sync without a password = %v, want KindSignedOut", err)
	}
	if h.dials.Load() != dials {
		t.Error("a Mailbox without a password dialled")
	}
	if len(m2.Messages()) != 5 {
		t.Error("a failed Sync lost the cached rows")
	}
}

// Sync by difference: only new UIDLs cost a TOP; vanished ones leave the
// list and the Store; renumbered messages are fetched by their new
// number.
func TestSyncByDifference(t *testing.T) {
	h := newHarness(t, nil, messages(5)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	m.Close()

	h.otherClient(t, "m2")
	if err := h.srv.Deliver(user, message("m6", 6)); err != nil {
		t.Fatal(err)
	}
	h.rec.Reset()
	m2, _ := h.open(&Options{Store: st})
	// m6 is message 5 now: m2's deletion renumbered everything after it.
	if got := h.lines("TOP"); !slices.Equal(got, []string{"TOP 5 0"}) {
		t.Errorf("TOP sent %q, want only the new message's", got)
	}
	if got, want := rowUIDs(m2.Messages()), []string{"m6", "m5", "m4", "m3", "m1"}; !slices.Equal(got, want) {
		t.Errorf("rows %q, want %q", got, want)
	}
	data, err := m2.Fetch(context.Background(), "m4", nil)
	if err != nil || !strings.Contains(string(data), "Body of m4.") {
		t.Fatalf("Fetch m4 = %q, %v", data, err)
	}
	if got := h.lines("RETR"); !slices.Equal(got, []string{"RETR 3"}) {
		t.Errorf("RETR sent %q, want m4's new number 3", got)
	}
	m2.Close() // waits for the Store writes
	if got, want := cachedUIDs(load(t, st)), []string{"m1", "m3", "m4", "m5", "m6"}; !slices.Equal(got, want) {
		t.Errorf("store keeps %q, want %q", got, want)
	}
}

// An opened message is read from the Store next time, offline too.
func TestFetchFromCache(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	want, err := m.Fetch(context.Background(), "m1", nil)
	if err != nil {
		t.Fatal(err)
	}
	m.Close()

	h.rec.Reset()
	m2, _ := h.openWith(signedOut, &Options{Store: st})
	if err := m2.LoadCache(context.Background()); err != nil {
		t.Fatal(err)
	}
	got, err := m2.Fetch(context.Background(), "m1", nil)
	if err != nil || string(got) != string(want) {
		t.Fatalf("cached Fetch = %q, %v", got, err)
	}
	_, err = m2.Fetch(context.Background(), "m2", nil)
	if p := Classify(err); p == nil || p.Kind != KindSignedOut {
		t.Errorf("Fetch of a message not kept, signed out = %v", err)
	}
	if n := len(h.rec.All()); n != 0 {
		t.Errorf("%d commands reached the server", n)
	}
}

// A deletion made offline waits on the device, shown as pending; on
// reconnect it is committed by UIDL, though another program deleted a
// different message meanwhile and renumbered this one.
func TestOfflineDeleteCommittedByUIDL(t *testing.T) {
	h := newHarness(t, nil, messages(4)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	m.Close()

	off, ev := h.openWith(signedOut, &Options{Store: st, UndoWindow: 10 * time.Millisecond})
	if err := off.LoadCache(context.Background()); err != nil {
		t.Fatal(err)
	}
	off.Delete("m3")
	e := ev.wait(t, EventDeleteQueued)
	if !slices.Equal(e.UIDs, []string{"m3"}) || e.Problem == nil || e.Problem.Kind != KindSignedOut {
		t.Fatalf("queued event %+v", e)
	}
	r, ok := off.Lookup("m3")
	if !ok {
		t.Fatal("queued row left the list")
	}
	if !slices.ContainsFunc(off.Messages(), func(s Summary) bool { return s.UID == "m3" && s.PendingDelete }) {
		t.Errorf("row %+v not shown as pending", r)
	}
	off.Close()
	if got := load(t, st).Deletes; !slices.Equal(got, []string{"m3"}) {
		t.Fatalf("store queue %q", got)
	}

	h.otherClient(t, "m1") // m3 becomes message 2
	h.rec.Reset()
	on, ev := h.open(&Options{Store: st})
	ev.wait(t, EventDeleted)
	if got := h.lines("DELE"); !slices.Equal(got, []string{"DELE 2"}) {
		t.Errorf("DELE sent %q, want m3 by its new number", got)
	}
	if got, want := h.uids(), []string{"m2", "m4"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
	if hasRow(on, "m3") || hasRow(on, "m1") {
		t.Errorf("rows %q", rowUIDs(on.Messages()))
	}
	on.Close()
	if c := load(t, st); len(c.Deletes) != 0 || slices.Contains(cachedUIDs(c), "m3") {
		t.Errorf("store still has queue %q, rows %q", c.Deletes, cachedUIDs(c))
	}
}

// A queued deletion of a message that is gone meanwhile is dropped: no
// DELE, no QUIT.
func TestOfflineDeleteAlreadyGone(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	st := store.NewMem(nil)
	if err := st.QueueDeletes(context.Background(), account.Key(), []string{"m2"}); err != nil {
		t.Fatal(err)
	}
	m, _ := h.open(&Options{Store: st})
	m.Close()
	h.otherClient(t, "m2")

	h.rec.Reset()
	m2, _ := h.open(&Options{Store: st})
	h.noDeletion(t)
	if hasRow(m2, "m2") {
		t.Error("gone message listed")
	}
	m2.Close()
	if q := load(t, st).Deletes; len(q) != 0 {
		t.Errorf("queue %q", q)
	}
}

// With the server unreachable, a deletion is queued, and committed by the
// reconnect loop when the server is back.
func TestOfflineDeleteCommittedOnReconnect(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	st := store.NewMem(nil)
	m, ev := h.open(&Options{Store: st, UndoWindow: 10 * time.Millisecond, ReconnectBase: 50 * time.Millisecond, KeepaliveInterval: -1})
	h.refuseNext(3)
	h.dropAll()
	m.Delete("m2")
	ev.wait(t, EventDeleteQueued)
	ev.wait(t, EventDeleted)
	if got, want := h.uids(), []string{"m1", "m3"}; !slices.Equal(got, want) {
		t.Errorf("server has %q, want %q", got, want)
	}
	if got := h.lines("DELE"); len(got) != 1 {
		t.Errorf("DELE sent %q", got)
	}
}

// A queued deletion can be cancelled until it is committed; nothing is
// deleted then.
func TestCancelQueuedDelete(t *testing.T) {
	h := newHarness(t, nil, messages(2)...)
	st := store.NewMem(nil)
	m, _ := h.open(&Options{Store: st})
	m.Close()
	off, ev := h.openWith(signedOut, &Options{Store: st, UndoWindow: 10 * time.Millisecond})
	if err := off.LoadCache(context.Background()); err != nil {
		t.Fatal(err)
	}
	off.Delete("m1")
	ev.wait(t, EventDeleteQueued)
	if !off.CancelDelete("m1") {
		t.Fatal("CancelDelete refused")
	}
	if off.CancelDelete("m1") {
		t.Error("second CancelDelete reported success")
	}
	if !slices.ContainsFunc(off.Messages(), func(s Summary) bool { return s.UID == "m1" && !s.PendingDelete }) {
		t.Error("row not back as normal")
	}
	off.Close()
	h.rec.Reset()
	h.open(&Options{Store: st})
	h.noDeletion(t)
}

// Read marks survive a new Mailbox through the Store, and marks of
// messages gone from the server are pruned.
func TestReadMarksInStore(t *testing.T) {
	h := newHarness(t, nil, messages(3)...)
	st := store.NewMem(nil)
	st.SetRead(context.Background(), account.Key(), true, []string{"gone-long-ago"})
	m, ev := h.open(&Options{Store: st})
	m.MarkRead(true, "m1", "m3")
	m.MarkRead(false, "m3")
	ev.wait(t, EventListChanged)
	m.Close()

	m2, _ := h.open(&Options{Store: st})
	var read []string
	for _, r := range m2.Messages() {
		if r.Read {
			read = append(read, r.UID)
		}
	}
	if !slices.Equal(read, []string{"m1"}) {
		t.Errorf("read rows %q", read)
	}
	m2.Close()
	if marks := load(t, st).Read; len(marks) != 1 || !marks["m1"] {
		t.Errorf("store %v", marks)
	}
}

// A server without UIDL gets a full listing every time; nothing is kept,
// and what was kept by UIDL before is dropped.
func TestNoUIDLNothingCached(t *testing.T) {
	h := newHarness(t, &pop3server.Options{DisableUIDL: true}, messages(3)...)
	st := store.NewMem(nil)
	if err := st.PutHeaders(context.Background(), account.Key(), []store.Header{{UID: "old", Subject: "kept by UIDL"}}); err != nil {
		t.Fatal(err)
	}
	m, _ := h.open(&Options{Store: st})
	if m.HasUIDL() || len(m.Messages()) != 3 || hasRow(m, "old") {
		t.Fatalf("HasUIDL %v, rows %q", m.HasUIDL(), rowUIDs(m.Messages()))
	}
	if _, err := m.Fetch(context.Background(), m.Messages()[0].UID, nil); err != nil {
		t.Fatal(err)
	}
	m.MarkRead(true, m.Messages()[0].UID)
	m.Close()
	c := load(t, st)
	if len(c.Headers) != 0 || len(c.Read) != 0 {
		t.Errorf("stored without UIDL: %+v", c)
	}
	if u, _ := st.Usage(context.Background(), account.Key()); u.Bodies != 0 {
		t.Errorf("bodies stored without UIDL: %+v", u)
	}
}

// A full device costs the offline copy, never the inbox.
func TestStoreFullKeepsInbox(t *testing.T) {
	h := newHarness(t, nil, messages(20)...)
	st := store.NewMem(&store.Options{Quota: 300})
	m, ev := h.open(&Options{Store: st})
	e := ev.wait(t, EventProblem)
	if e.Problem.Kind != KindStorage || !store.IsQuota(e.Problem.Err) {
		t.Errorf("problem %+v", e.Problem)
	}
	if len(m.Messages()) != 20 {
		t.Errorf("%d rows", len(m.Messages()))
	}
	if _, err := m.Fetch(context.Background(), "m3", nil); err != nil {
		t.Errorf("Fetch with a full store: %v", err)
	}
}
