package outbox_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// maybeSent queues a message and flushes it into "maybe-sent" (the server
// accepted it; the reply was lost).
func maybeSent(t *testing.T) (store.DB, *fakeSender, *outbox.Outbox, *clock, string) {
	t.Helper()
	ctx := context.Background()
	db := newDB(t)
	clk := newClock()
	fake := newFake(t, db, step{accepted: true, err: &submission.ConnError{Stage: submission.StageAfterData, Err: io.EOF}})
	o := outbox.New(db, fake, &outbox.Options{Now: clk.Now})
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, o.Flush(ctx))
	checkState(t, db, id, outbox.MaybeSent, outbox.KindMaybeSent, nil)
	return db, fake, o, clk, id
}

func TestResolve(t *testing.T) {
	ctx := context.Background()
	t.Run("sent", func(t *testing.T) {
		db, fake, o, clk, id := maybeSent(t)
		clk.advance(time.Minute)
		must(t, o.Resolve(ctx, id, true))
		checkState(t, db, id, outbox.Sent, "", nil)
		if m, _ := sentOf(t, db, id); !m.Date.Equal(clk.Now()) || m.Subject != "Notes on the Engine ✓" || len(m.Envelope) != 3 {
			t.Errorf("sent message %+v", m)
		}
		must(t, o.Flush(ctx))
		if fake.sends() != 1 || fake.acceptedOf(id) != 1 {
			t.Errorf("after Resolve(sent): %d sends", fake.sends())
		}
	})
	t.Run("not sent", func(t *testing.T) {
		// The person's word, and only it, sends the message again.
		db, fake, o, _, id := maybeSent(t)
		must(t, o.Resolve(ctx, id, false))
		checkState(t, db, id, outbox.Queued, outbox.KindMaybeSent, nil)
		must(t, o.Flush(ctx))
		checkState(t, db, id, outbox.Sent, "", nil)
		if fake.sends() != 2 {
			t.Errorf("after Resolve(not sent) and Flush: %d sends, want 2", fake.sends())
		}
	})
	t.Run("errors", func(t *testing.T) {
		db, _, o, _, id := maybeSent(t)
		err := o.Resolve(ctx, "no-such-id", true)
		var oe *outbox.Error
		if !errors.Is(err, outbox.ErrNotFound) || !errors.Is(err, store.ErrNotFound) || !errors.As(err, &oe) || oe.Op != "resolve" {
			t.Errorf("Resolve of an unknown ID = %v, want an *Error wrapping ErrNotFound", err)
		}
		must(t, o.Resolve(ctx, id, false))
		for _, sent := range []bool{true, false} {
			err := o.Resolve(ctx, id, sent)
			var se *outbox.StateError
			if !errors.As(err, &se) || se.State != outbox.Queued {
				t.Errorf("Resolve(%v) of a queued entry = %v, want a *StateError", sent, err)
			}
		}
		checkState(t, db, id, outbox.Queued, outbox.KindMaybeSent, nil)
	})
}

// TestRetryAndDiscard: a failed entry goes again only when the person
// asks (Retry), and goes away only when asked (Discard); neither applies
// to one being sent.
func TestRetryAndDiscard(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	fake := newFake(t, db, step{err: &submission.SizeError{Size: 2, Limit: 1}})
	o := outbox.New(db, fake, nil)
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, o.Flush(ctx))
	checkState(t, db, id, outbox.Failed, outbox.KindSize, nil)
	var se *outbox.StateError
	if err := o.Resolve(ctx, id, false); !errors.As(err, &se) {
		t.Errorf("Resolve of a failed entry = %v, want a *StateError", err)
	}
	must(t, o.Retry(ctx, id))
	must(t, o.Flush(ctx))
	checkState(t, db, id, outbox.Sent, "", nil)

	// Discard, refused while sending, done once the send ended.
	fake.steps = []step{{err: submission.ErrStartTLSNotOffered}}
	fake.started, fake.hold = make(chan string, 1), make(chan struct{})
	id, err = o.Queue(ctx, account, msg, env)
	must(t, err)
	done := make(chan error, 1)
	go func() { done <- o.Flush(ctx) }()
	<-fake.started
	if err := o.Discard(ctx, id); !errors.As(err, &se) || se.State != outbox.Sending {
		t.Errorf("Discard while sending = %v, want a *StateError", err)
	}
	close(fake.hold)
	must(t, <-done)
	checkState(t, db, id, outbox.Failed, outbox.KindTLS, nil)
	must(t, o.Discard(ctx, id))
	if _, ok, _ := db.OutboxEntry(ctx, account, id); ok {
		t.Errorf("discarded entry still in the outbox")
	}
	if err := o.Discard(ctx, id); !errors.Is(err, outbox.ErrNotFound) {
		t.Errorf("second Discard = %v, want ErrNotFound", err)
	}
}

// crashed leaves id as a tab that crashed mid-send leaves it: "sending",
// under the dead tab's lease, which runs out at lease.
func crashed(t *testing.T, db store.DB, id string, lease time.Time) {
	t.Helper()
	_, err := db.UpdateOutbox(context.Background(), account, id, false, func(e *outbox.Entry) error {
		e.State, e.Owner, e.LeaseUntil, e.Attempts = outbox.Sending, "dead-tab/1", lease, 1
		return nil
	})
	must(t, err)
}

// TestRecoverCrashedSend: after a crash mid-send, the next start finds
// the entry "sending". While the dead tab's lease runs it is left alone
// (its tab may be alive); once it ran out, it becomes "maybe-sent", and
// no Flush sends it; the person's Resolve does.
func TestRecoverCrashedSend(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	clk := newClock()
	fake := newFake(t, db)
	o := outbox.New(db, fake, &outbox.Options{Now: clk.Now})
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	crashed(t, db, id, clk.Now().Add(time.Minute))

	clk.advance(30 * time.Second) // the lease still runs
	must(t, o.Recover(ctx))
	must(t, o.Flush(ctx))
	if e := entryOf(t, db, id); e.State != outbox.Sending || fake.sends() != 0 {
		t.Errorf("within the lease: %q, %d sends; want it left sending", e.State, fake.sends())
	}
	clk.advance(time.Minute) // it ran out
	must(t, o.Recover(ctx))
	checkState(t, db, id, outbox.MaybeSent, outbox.KindInterrupted, nil)
	clk.advance(time.Hour)
	must(t, o.Flush(ctx))
	if fake.sends() != 0 {
		t.Errorf("a recovered entry was sent by Flush")
	}
	must(t, o.Resolve(ctx, id, false))
	must(t, o.Flush(ctx))
	checkState(t, db, id, outbox.Sent, "", nil)
	if fake.sends() != 1 {
		t.Errorf("positive control: after Resolve(not sent), %d sends, want 1", fake.sends())
	}
}

// TestSlowTabOutcomeWins: a tab frozen past its lease, which another tab
// marked "maybe-sent", still records what it learns when it wakes: the
// server's 250 moves the entry to Sent, a failure before the dot queues
// it again.
func TestSlowTabOutcomeWins(t *testing.T) {
	tests := []struct {
		name string
		step step
		want outbox.State
	}{
		{"accepted", step{accepted: true}, outbox.Sent},
		{"dropped before the dot", step{err: &submission.ConnError{Stage: submission.StageData, Err: io.EOF}}, outbox.Queued},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db, dbB := newTabs(t)
			clk := newClock()
			slow := newFake(t, db, tt.step)
			slow.started, slow.hold = make(chan string, 1), make(chan struct{})
			a := outbox.New(db, slow, &outbox.Options{Now: clk.Now, Owner: "tab-a"})
			b := outbox.New(dbB, newFake(t, dbB), &outbox.Options{Now: clk.Now, Owner: "tab-b"})
			id, err := a.Queue(ctx, account, msg, env)
			must(t, err)
			done := make(chan error, 1)
			go func() { done <- a.Flush(ctx) }()
			<-slow.started
			clk.advance(time.Hour) // a's lease ran out while it was frozen
			must(t, b.Recover(ctx))
			checkState(t, db, id, outbox.MaybeSent, outbox.KindInterrupted, nil)
			close(slow.hold)
			must(t, <-done)
			if tt.want == outbox.Sent {
				checkState(t, db, id, outbox.Sent, "", nil)
			} else if e := entryOf(t, db, id); e.State != tt.want {
				t.Errorf("state %q, want %q", e.State, tt.want)
			}
		})
	}
}

// TestLeaseRenewed: a send that outlasts its lease keeps it, so another
// tab does not take it for a stopped one. The lease is short, in real
// time, for the renewal's ticks; the clock it is measured by moves only
// when the test says.
func TestLeaseRenewed(t *testing.T) {
	ctx := context.Background()
	mem, memB := newTabs(t)
	db := &watchDB{DB: mem, updates: make(chan outbox.Entry, 16)}
	clk := newClock()
	fake := newFake(t, mem)
	fake.started, fake.hold = make(chan string, 1), make(chan struct{})
	const lease = 30 * time.Millisecond
	a := outbox.New(db, fake, &outbox.Options{Now: clk.Now, Lease: lease, Owner: "tab-a"})
	b := outbox.New(memB, newFake(t, memB), &outbox.Options{Now: clk.Now, Owner: "tab-b"})
	id, err := a.Queue(ctx, account, msg, env)
	must(t, err)
	done := make(chan error, 1)
	go func() { done <- a.Flush(ctx) }()
	<-fake.started
	clk.advance(time.Hour) // past the lease taken
	for e := range db.updates {
		if e.LeaseUntil.After(clk.Now()) {
			break // renewed at the new time
		}
	}
	must(t, b.Recover(ctx))
	if e := entryOf(t, mem, id); e.State != outbox.Sending || !e.LeaseUntil.After(clk.Now()) {
		t.Errorf("after a renewal: %q until %v (now %v), want still sending", e.State, e.LeaseUntil, clk.Now())
	}
	close(fake.hold)
	must(t, <-done)
	checkState(t, mem, id, outbox.Sent, "", nil)
}

// watchDB reports each entry that UpdateOutbox wrote, dropping reports
// when no one reads them.
type watchDB struct {
	store.DB
	updates chan outbox.Entry
}

func (w *watchDB) UpdateOutbox(ctx context.Context, account, id string, withRaw bool, f func(*outbox.Entry) error) (outbox.Entry, error) {
	e, err := w.DB.UpdateOutbox(ctx, account, id, withRaw, f)
	if err == nil {
		select {
		case w.updates <- e:
		default:
		}
	}
	return e, err
}
