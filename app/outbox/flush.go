package outbox

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// errSkip: the entry is no longer this call's to change (another tab took
// it, it is not due, its lease is someone else's). Never returned.
var errSkip = errors.New("outbox: not this call's entry")

// Flush sends every queued entry that is due (its backoff over), of
// every account, one after the other, until none is left; it first
// recovers the entries of stopped tabs (Recover). An entry that another
// Outbox is sending is left to it. What the Sender returns is kept in
// the entry, not returned: Flush fails only if the store does (or ctx
// ends). One Flush runs at a time per Outbox; a second waits for it.
func (o *Outbox) Flush(ctx context.Context) error {
	o.flushing.Lock()
	defer o.flushing.Unlock()
	if err := o.Recover(ctx); err != nil {
		return err
	}
	tried := make(map[string]bool)
	for {
		es, err := o.db.Outbox(ctx, "")
		if err != nil {
			return &Error{Op: "flush", Err: err}
		}
		now := o.opts.Now()
		n := 0
		for _, e := range es {
			if e.State != Queued || e.NextTry.After(now) || tried[e.ID] {
				continue
			}
			tried[e.ID] = true
			n++
			if err := o.send(ctx, e); err != nil {
				return err
			}
		}
		if n == 0 {
			return nil
		}
	}
}

// Online is what to call when a connection comes back: the backoff of
// every queued entry is over at once (it waited for the network, which is
// back), and Flush sends them.
func (o *Outbox) Online(ctx context.Context) error {
	es, err := o.db.Outbox(ctx, "")
	if err != nil {
		return &Error{Op: "online", Err: err}
	}
	for _, e := range es {
		if e.State != Queued || e.NextTry.IsZero() {
			continue
		}
		_, err := o.update(ctx, "online", e.Account, e.ID, false, func(e *Entry) error {
			if e.State != Queued {
				return errSkip
			}
			e.NextTry = time.Time{}
			return nil
		})
		if err != nil && !errors.Is(err, errSkip) && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return o.Flush(ctx)
}

// Next returns when the earliest queued entry is due, for a timer that
// calls Flush then; ok is false if nothing is queued.
func (o *Outbox) Next(ctx context.Context) (at time.Time, ok bool, err error) {
	es, err := o.db.Outbox(ctx, "")
	if err != nil {
		return time.Time{}, false, &Error{Op: "next", Err: err}
	}
	for _, e := range es {
		if e.State == Queued && (!ok || e.NextTry.Before(at)) {
			at, ok = e.NextTry, true
		}
	}
	return at, ok, nil
}

// send takes e under a lease, sends it, and records the outcome.
func (o *Outbox) send(ctx context.Context, e Entry) error {
	const op = "send"
	token := o.opts.Owner + "/" + strconv.FormatInt(o.attempt.Add(1), 10)
	// "sending", with the lease, is stored before the Sender opens a
	// connection: a crash from here on leaves a record of it (Recover).
	e, err := o.update(ctx, op, e.Account, e.ID, true, func(e *Entry) error {
		now := o.opts.Now()
		if e.State != Queued || e.NextTry.After(now) {
			return errSkip // another Outbox took it since the listing
		}
		e.State, e.Owner, e.LeaseUntil = Sending, token, now.Add(o.opts.Lease)
		e.Attempts++
		e.Updated = now
		return nil
	})
	if errors.Is(err, errSkip) || errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	stop := o.renew(ctx, e, token)
	serr := o.sender.Send(ctx, e, func(sent int64) {
		if o.opts.Progress != nil {
			o.opts.Progress(e.ID, sent, e.Size)
		}
	})
	stop()
	// The outcome is recorded even if ctx ended: a send cut short by it
	// has an outcome too (a MaybeSent one, past the final dot).
	return o.finish(context.WithoutCancel(ctx), e, token, serr)
}

// renew extends the lease token holds on e every third of a lease until
// stop is called, so that a long send is not taken for a stopped tab's.
// It uses the real clock for its ticks, and Options.Now for the expiry.
func (o *Outbox) renew(ctx context.Context, e Entry, token string) (stop func()) {
	done, exited := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(exited)
		t := time.NewTicker(o.opts.Lease / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			_, err := o.db.UpdateOutbox(ctx, e.Account, e.ID, false, func(cur *Entry) error {
				if cur.Owner != token || cur.State != Sending {
					return errSkip
				}
				cur.LeaseUntil = o.opts.Now().Add(o.opts.Lease)
				return nil
			})
			if err != nil {
				return // lost, or the store failed: Recover may then take it for stopped, which is safe
			}
		}
	}()
	return func() {
		close(done)
		<-exited
	}
}

// finish records what became of the attempt token made on e. If the
// store refuses the write, the entry stays "sending" under a lease no one
// renews, and Recover later makes it "maybe-sent": the outcome is lost,
// never the message, and nothing is resent without the person.
func (o *Outbox) finish(ctx context.Context, e Entry, token string, serr error) error {
	const op = "send"
	outcome := submission.Outcome(serr)
	if outcome == submission.Delivered {
		return o.toSent(ctx, op, e.Account, e.ID, func(cur Entry) error { return nil })
	}
	_, err := o.update(ctx, op, e.Account, e.ID, false, func(cur *Entry) error {
		// The lease's owner is kept when Recover marks an entry
		// maybe-sent, so a known outcome still replaces that guess; the
		// person's Resolve or Retry clears it, and then their word
		// stands.
		if cur.Owner != token {
			return errSkip
		}
		now := o.opts.Now()
		cur.Updated = now
		cur.ErrKind, cur.ErrText = kindOf(serr), serr.Error()
		cur.LeaseUntil = time.Time{}
		switch outcome {
		case submission.NotSentRetry:
			cur.State, cur.NextTry, cur.Owner = Queued, now.Add(o.opts.backoff(cur.Attempts)), ""
		case submission.NotSentPermanent:
			cur.State, cur.Owner = Failed, ""
		default: // MaybeSent
			cur.State = MaybeSent
		}
		return nil
	})
	if errors.Is(err, errSkip) || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// toSent moves entry id to Sent if check allows it, and reports the
// change. A message the server accepted that is no longer in the outbox
// is already in Sent (the person resolved it meanwhile) or was
// discarded: nothing is left to do.
func (o *Outbox) toSent(ctx context.Context, op, account, id string, check func(cur Entry) error) error {
	var moved Entry
	err := o.db.MoveToSent(ctx, account, id, func(cur Entry) (store.SentMessage, error) {
		if err := check(cur); err != nil {
			return store.SentMessage{}, err
		}
		moved = cur
		return store.SentMessage{
			From:     cur.From,
			To:       cur.HeaderTo,
			Subject:  cur.Subject,
			Date:     o.opts.Now(),
			Envelope: cur.To,
		}, nil
	})
	if err != nil {
		if op == "send" && errors.Is(err, store.ErrNotFound) {
			return nil
		}
		return wrap(op, id, err)
	}
	moved.State, moved.Owner, moved.LeaseUntil = Sent, "", time.Time{}
	moved.ErrKind, moved.ErrText = "", ""
	o.changed(moved)
	return nil
}
