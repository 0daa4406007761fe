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
	db := store.NewMem(nil)
	clk := newClock()
	fa, fb := newFake(t, db), newFake(t, db)
	fa.started, fa.hold = make(chan string, 1), make(chan struct{})
	a := outbox.New(db, fa, &outbox.Options{Now: clk.Now, Owner: "tab-a"})
	b := outbox.New(db, fb, &outbox.Options{Now: clk.Now, Owner: "tab-b"})
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
	db := store.NewMem(nil)
	fakes := []*fakeSender{newFake(t, db), newFake(t, db)}
	var tabs []*outbox.Outbox
	for i, f := range fakes {
		tabs = append(tabs, outbox.New(db, f, &outbox.Options{Owner: fmt.Sprint("tab-", i)}))
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
