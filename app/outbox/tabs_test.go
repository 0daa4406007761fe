package outbox_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
)

// TestTwoTabsInterleaved: tab B flushes while tab A is in the middle of
// sending an entry. B leaves A's entry alone; the positive control is a
// second entry, queued beside it, that B's same Flush does send.
func TestTwoTabsInterleaved(t *testing.T) {
	ctx := context.Background()
	db, dbB := newTabs(t)
	clk := newClock()
	fa, fb := newFake(t, db), newFake(t, dbB)
	fa.started, fa.hold = make(chan string, 1), make(chan struct{})
	a := outbox.New(db, fa, &outbox.Options{Now: clk.Now, Owner: "tab-a"})
	b := outbox.New(dbB, fb, &outbox.Options{Now: clk.Now, Owner: "tab-b"})
	first, err := a.Queue(ctx, account, msg, env)
	must(t, err)
	done := make(chan error, 1)
	go func() { done <- a.Flush(ctx) }()
	if got := <-fa.started; got != first {
		t.Fatalf("A started %s, want %s", got, first)
	}
	second, err := b.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, b.Flush(ctx))
	if fb.acceptedOf(first) != 0 || fb.acceptedOf(second) != 1 {
		t.Errorf("B sent the first %d times (want 0) and the second %d times (want 1)", fb.acceptedOf(first), fb.acceptedOf(second))
	}
	close(fa.hold)
	must(t, <-done)
	if fa.acceptedOf(first) != 1 || fa.acceptedOf(second) != 0 {
		t.Errorf("A sent the first %d times (want 1) and the second %d times (want 0)", fa.acceptedOf(first), fa.acceptedOf(second))
	}
	checkState(t, db, first, outbox.Sent, "", nil)
	checkState(t, db, second, outbox.Sent, "", nil)
}

// TestTwoTabsConcurrent: two Outboxes on one store flush many entries at
// once (run with -race): every entry is accepted exactly once, by one of
// them.
func TestTwoTabsConcurrent(t *testing.T) {
	ctx := context.Background()
	db, dbB := newTabs(t)
	dbs := []store.DB{db, dbB}
	fakes := []*fakeSender{newFake(t, db), newFake(t, dbB)}
	var tabs []*outbox.Outbox
	for i, f := range fakes {
		tabs = append(tabs, outbox.New(dbs[i], f, &outbox.Options{Owner: fmt.Sprint("tab-", i)}))
	}
	const n = 40
	ids := make([]string, n)
	for i := range ids {
		id, err := tabs[i%2].Queue(ctx, account, msg, env)
		must(t, err)
		ids[i] = id
	}
	var wg sync.WaitGroup
	for _, o := range tabs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := o.Flush(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, id := range ids {
		if got := fakes[0].acceptedOf(id) + fakes[1].acceptedOf(id); got != 1 {
			t.Errorf("%s accepted %d times, want 1", id, got)
		}
		checkState(t, db, id, outbox.Sent, "", nil)
	}
	t.Logf("sends per tab: %d, %d", fakes[0].sends(), fakes[1].sends())
}

// TestTwoTabsStaleListing: tab B lists the outbox and sees an entry
// queued; before B takes it, tab A takes it and starts sending. B's take
// must see, inside its transaction, that the entry is no longer queued.
// The positive control is the same Flush of B with no A in between,
// which takes and sends the entry (the second half).
func TestTwoTabsStaleListing(t *testing.T) {
	ctx := context.Background()
	mem, memB := newTabs(t)
	clk := newClock()
	fa, fb := newFake(t, mem), newFake(t, memB)
	fa.started, fa.hold = make(chan string, 1), make(chan struct{})
	a := outbox.New(mem, fa, &outbox.Options{Now: clk.Now, Owner: "tab-a"})
	aDone := make(chan error, 1)
	stale := &listHookDB{DB: memB, at: 2, hook: func() {
		// B holds a listing that shows the entry queued; now A takes it.
		go func() { aDone <- a.Flush(ctx) }()
		<-fa.started
	}}
	b := outbox.New(stale, fb, &outbox.Options{Now: clk.Now, Owner: "tab-b"})
	id, err := b.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, b.Flush(ctx)) // listing 1: Recover; listing 2: the stale one
	if stale.calls < 2 {
		t.Fatalf("the hook did not run: %d listings", stale.calls)
	}
	if fb.sends() != 0 {
		t.Errorf("B sent an entry A had taken after B's listing")
	}
	close(fa.hold)
	must(t, <-aDone)
	if fa.acceptedOf(id) != 1 {
		t.Errorf("A's send accepted %d times, want 1", fa.acceptedOf(id))
	}

	// Positive control: the same path, with no A, takes and sends.
	id2, err := b.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, b.Flush(ctx))
	if fb.acceptedOf(id2) != 1 {
		t.Errorf("positive control: B sent its own queued entry %d times, want 1", fb.acceptedOf(id2))
	}
}

// listHookDB runs hook once, after its at-th Outbox listing was read and
// before it is returned.
type listHookDB struct {
	store.DB
	at    int
	hook  func()
	calls int
}

func (l *listHookDB) Outbox(ctx context.Context, account string) ([]outbox.Entry, error) {
	es, err := l.DB.Outbox(ctx, account)
	l.calls++
	if l.calls == l.at {
		l.hook()
	}
	return es, err
}
