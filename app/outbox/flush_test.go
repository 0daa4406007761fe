package outbox_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// TestFlushOutcomes drops or refuses the submission at every stage, with
// the errors package submission returns, and checks after each: the
// state, that the message's bytes are still on the device, that "the
// server" accepted it at most once, and what the next Flush does. The
// rows that must be retried are the positive control for those that must
// not: the same second Flush, through the same path, sends them.
func TestFlushOutcomes(t *testing.T) {
	eof := io.ErrUnexpectedEOF
	refused := &submission.Error{Stage: submission.StageRcpt, Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "no such user", Recipient: "b@example.org"}
	tests := []struct {
		name  string
		first step
		want  outbox.State
		kind  string
		retry bool // the next Flush, after the backoff, sends it again
	}{
		{"delivered", step{accepted: true}, outbox.Sent, "", false},
		{"offline: the bridge is unreachable", step{err: &submission.ConnError{Stage: submission.StageConnect, Err: errors.New("dial: connection refused")}}, outbox.Queued, outbox.KindNetwork, true},
		{"dropped before AUTH", step{err: &submission.ConnError{Stage: submission.StageGreeting, Err: eof}}, outbox.Queued, outbox.KindNetwork, true},
		{"dropped during AUTH", step{err: &submission.ConnError{Stage: submission.StageAuth, Err: eof}}, outbox.Queued, outbox.KindNetwork, true},
		{"dropped during DATA, before the final dot", step{err: &submission.ConnError{Stage: submission.StageData, Err: eof}}, outbox.Queued, outbox.KindNetwork, true},
		{"dropped after the final dot, server accepted", step{accepted: true, err: &submission.ConnError{Stage: submission.StageAfterData, Err: eof}}, outbox.MaybeSent, outbox.KindMaybeSent, false},
		{"dropped after the final dot, server lost it", step{err: &submission.ConnError{Stage: submission.StageAfterData, Err: eof}}, outbox.MaybeSent, outbox.KindMaybeSent, false},
		{"4xx at MAIL FROM", step{err: &submission.Error{Stage: submission.StageMail, Code: 451, Enhanced: [3]int{4, 3, 0}, Text: "try later"}}, outbox.Queued, outbox.KindTemporary, true},
		{"4xx after DATA", step{err: &submission.Error{Stage: submission.StageAfterData, Code: 452, Enhanced: [3]int{4, 3, 1}, Text: "out of storage"}}, outbox.Queued, outbox.KindTemporary, true},
		{"5xx after DATA", step{err: &submission.Error{Stage: submission.StageAfterData, Code: 554, Enhanced: [3]int{5, 6, 0}, Text: "content refused"}}, outbox.Failed, outbox.KindRefused, false},
		{"auth refused", step{err: &submission.Error{Stage: submission.StageAuth, Code: 535, Enhanced: [3]int{5, 7, 8}, Text: "bad credentials"}}, outbox.Failed, outbox.KindAuth, false},
		{"550 for one recipient of three", step{err: &submission.RecipientsError{Refused: []*submission.Error{refused}}}, outbox.Failed, outbox.KindRecipients, false},
		{"too big for SIZE", step{err: &submission.SizeError{Size: 30 << 20, Limit: 25 << 20}}, outbox.Failed, outbox.KindSize, false},
		{"STARTTLS not offered", step{err: submission.ErrStartTLSNotOffered}, outbox.Failed, outbox.KindTLS, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			db := newDB(t)
			clk := newClock()
			fake := newFake(t, db, tt.first)
			var changes []outbox.State
			o := outbox.New(db, fake, &outbox.Options{Now: clk.Now, OnChange: func(e outbox.Entry) { changes = append(changes, e.State) }})
			id, err := o.Queue(ctx, account, msg, env)
			must(t, err)
			if e := entryOf(t, db, id); e.State != outbox.Queued || !bytes.Equal(e.Raw, msg) {
				t.Fatalf("after Queue: %q", e.State)
			}
			must(t, o.Flush(ctx))
			if fake.sends() != 1 {
				t.Fatalf("Flush made %d sends, want 1", fake.sends())
			}
			wantChanges := []outbox.State{outbox.Queued, outbox.Sending, tt.want}
			if !equalStates(changes, wantChanges) {
				t.Errorf("changes %v, want %v", changes, wantChanges)
			}
			checkState(t, db, id, tt.want, tt.kind, tt.first.err)

			// A Flush before the backoff is over sends nothing...
			must(t, o.Flush(ctx))
			if fake.sends() != 1 {
				t.Errorf("Flush within the backoff sent again")
			}
			// ...and one long after sends it again only if it must.
			clk.advance(24 * time.Hour)
			must(t, o.Flush(ctx))
			wantSends, wantAccepted := 1, 0
			if tt.first.accepted {
				wantAccepted = 1
			}
			if tt.retry {
				wantSends, wantAccepted = 2, 1
				checkState(t, db, id, outbox.Sent, "", nil)
			} else {
				checkState(t, db, id, tt.want, tt.kind, tt.first.err)
			}
			if fake.sends() != wantSends || fake.acceptedOf(id) != wantAccepted {
				t.Errorf("after the second Flush: %d sends, accepted %d times; want %d and %d", fake.sends(), fake.acceptedOf(id), wantSends, wantAccepted)
			}
		})
	}
}

func equalStates(a, b []outbox.State) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// checkState checks where id stands, and that its bytes are on the
// device, in the outbox or in Sent: nothing is lost.
func checkState(t *testing.T, db store.DB, id string, want outbox.State, kind string, serr error) {
	t.Helper()
	if want == outbox.Sent {
		m, ok := sentOf(t, db, id)
		if !ok || !bytes.Equal(m.Raw, msg) {
			t.Errorf("%s: in Sent %v, bytes kept %v", id, ok, bytes.Equal(m.Raw, msg))
		}
		if _, ok, _ := db.OutboxEntry(context.Background(), account, id); ok {
			t.Errorf("%s: sent, yet still in the outbox", id)
		}
		return
	}
	e := entryOf(t, db, id)
	if e.State != want || e.ErrKind != kind || !bytes.Equal(e.Raw, msg) {
		t.Errorf("%s: state %q kind %q (bytes kept %v), want %q %q", id, e.State, e.ErrKind, bytes.Equal(e.Raw, msg), want, kind)
	}
	if serr != nil && e.ErrText != serr.Error() {
		t.Errorf("%s: error kept %q, want %q", id, e.ErrText, serr.Error())
	}
	if _, ok := sentOf(t, db, id); ok {
		t.Errorf("%s: %q, yet in Sent", id, e.State)
	}
	if want != outbox.Sending && (e.Owner != "" && want != outbox.MaybeSent || !e.LeaseUntil.IsZero()) {
		t.Errorf("%s: %q with a lease left: %q until %v", id, e.State, e.Owner, e.LeaseUntil)
	}
}

// TestMaybeSentNeverRetried flushes a maybe-sent entry many times, with
// the clock far past any backoff and Online called: it is never sent
// again. Its positive control is a NotSentRetry entry, queued beside it
// and flushed by the same calls, which is sent.
func TestMaybeSentNeverRetried(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	clk := newClock()
	fake := newFake(t, db,
		step{accepted: true, err: &submission.ConnError{Stage: submission.StageAfterData, Err: io.EOF}},
		step{err: &submission.ConnError{Stage: submission.StageData, Err: io.EOF}},
	)
	o := outbox.New(db, fake, &outbox.Options{Now: clk.Now})
	maybe, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	clk.advance(time.Second) // queued in this order
	retried, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, o.Flush(ctx))
	checkState(t, db, maybe, outbox.MaybeSent, outbox.KindMaybeSent, nil)
	checkState(t, db, retried, outbox.Queued, outbox.KindNetwork, nil)
	for range 5 {
		clk.advance(time.Hour)
		must(t, o.Flush(ctx))
		must(t, o.Online(ctx))
	}
	if n := fake.acceptedOf(maybe); n != 1 {
		t.Errorf("maybe-sent entry accepted %d times, want 1", n)
	}
	checkState(t, db, maybe, outbox.MaybeSent, outbox.KindMaybeSent, nil)
	if n := fake.acceptedOf(retried); n != 1 {
		t.Errorf("positive control: the NotSentRetry entry was accepted %d times, want 1", n)
	}
	checkState(t, db, retried, outbox.Sent, "", nil)
	if fake.sends() != 3 {
		t.Errorf("%d sends, want 3 (maybe once, the other twice)", fake.sends())
	}
}

// TestOnline: back online, a queued entry goes at once, its backoff
// notwithstanding; without Online, the same Flush waits for it.
func TestOnline(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	clk := newClock()
	fake := newFake(t, db, step{err: &submission.ConnError{Stage: submission.StageConnect, Err: io.EOF}})
	o := outbox.New(db, fake, &outbox.Options{Now: clk.Now, MinBackoff: time.Minute})
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, o.Flush(ctx))
	at, ok, err := o.Next(ctx)
	if err != nil || !ok || !at.Equal(clk.Now().Add(time.Minute)) {
		t.Errorf("Next = %v, %v, %v; want a minute from now", at, ok, err)
	}
	must(t, o.Flush(ctx))
	if fake.sends() != 1 {
		t.Fatalf("Flush within the backoff sent: %d sends", fake.sends())
	}
	must(t, o.Online(ctx))
	checkState(t, db, id, outbox.Sent, "", nil)
	if _, ok, _ := o.Next(ctx); ok {
		t.Errorf("Next with nothing queued: ok")
	}
}

// TestBackoff: the wait doubles from MinBackoff up to MaxBackoff.
func TestBackoff(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	clk := newClock()
	var steps []step
	for range 5 {
		steps = append(steps, step{err: &submission.Error{Stage: submission.StageMail, Code: 421}})
	}
	fake := newFake(t, db, steps...)
	o := outbox.New(db, fake, &outbox.Options{Now: clk.Now, MinBackoff: time.Minute, MaxBackoff: 5 * time.Minute})
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute} {
		must(t, o.Flush(ctx))
		e := entryOf(t, db, id)
		if got := e.NextTry.Sub(clk.Now()); got != want || e.Attempts != i+1 {
			t.Errorf("attempt %d: next try in %v (attempts %d), want %v", i+1, got, e.Attempts, want)
		}
		clk.advance(want)
	}
	must(t, o.Flush(ctx))
	checkState(t, db, id, outbox.Sent, "", nil)
}

// TestFlushCanceled: a send cut short by the context still has its
// outcome recorded (the store write does not use the ended context).
func TestFlushCanceled(t *testing.T) {
	db := newDB(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fake := newFake(t, db, step{err: &submission.ConnError{Stage: submission.StageAfterData, Err: context.Canceled}})
	fake.started = make(chan string, 1)
	o := outbox.New(db, fake, nil)
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	fake.hold = make(chan struct{})
	done := make(chan error, 1)
	go func() { done <- o.Flush(ctx) }()
	<-fake.started
	cancel()
	close(fake.hold)
	<-done
	checkState(t, db, id, outbox.MaybeSent, outbox.KindMaybeSent, nil)
}

// TestProgress: the Sender's progress reaches Options.Progress with the
// entry's ID and size.
func TestProgress(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	type report struct {
		id         string
		sent, size int64
	}
	var got []report
	o := outbox.New(db, newFake(t, db), &outbox.Options{Progress: func(id string, sent, size int64) { got = append(got, report{id, sent, size}) }})
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	must(t, o.Flush(ctx))
	if n := int64(len(msg)); len(got) != 1 || got[0] != (report{id, n, n}) {
		t.Errorf("progress = %+v, want one report of %d bytes of %s", got, n, id)
	}
}
