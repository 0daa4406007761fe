package outbox

import (
	"context"
	"errors"
	"slices"
	"time"
)

// Recover marks "maybe-sent" every entry left "sending" whose lease has
// run out: the Outbox that took it stopped (its tab crashed or was
// closed) in the middle of the send. Flush calls it first; call it at
// start-up too, so the person sees such entries at once.
//
// Why not "queued", which would send it again by itself: "sending" is
// stored before the Sender opens its connection, and the outcome is
// stored, in the same transaction that leaves "sending", only once the
// Sender has returned. So an entry still "sending" has, by construction,
// no failure point on record: the tab may have stopped before it
// connected, or after writing the final dot, with the server accepting
// the message (bytes handed to the connection may still reach the server
// after the tab is gone). Nothing on the device tells the two apart, and
// resending a message the server accepted is the one failure the outbox
// must not cause; so the person decides (Resolve). Where the failure
// point is known, the Sender returned and finish recorded it: an entry
// whose owner is still alive and learns the outcome after Recover marked
// it replaces "maybe-sent" with what it knows.
func (o *Outbox) Recover(ctx context.Context) error {
	const op = "recover"
	es, err := o.db.Outbox(ctx, "")
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	for _, e := range es {
		if e.State != Sending || e.LeaseUntil.After(o.opts.Now()) {
			continue
		}
		_, err := o.update(ctx, op, e.Account, e.ID, false, func(cur *Entry) error {
			now := o.opts.Now()
			if cur.State != Sending || cur.LeaseUntil.After(now) {
				return errSkip // finished, or renewed, since the listing
			}
			// The owner stays, so that its tab, if it was only frozen,
			// can still record the outcome it learns (see finish).
			cur.State, cur.Updated, cur.LeaseUntil = MaybeSent, now, time.Time{}
			cur.ErrKind = KindInterrupted
			cur.ErrText = "Poppy stopped while sending this message (the tab was closed, crashed or lost power), so it may have been sent: check with a recipient, or in your mail, before sending it again"
			return nil
		})
		if err != nil && !errors.Is(err, errSkip) && !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	return nil
}

// Resolve records the person's decision on a "maybe-sent" entry: sent
// moves it to Sent; not sent queues it again, to go with the next Flush.
// An entry in another state fails with a *StateError.
func (o *Outbox) Resolve(ctx context.Context, id string, sent bool) error {
	const op = "resolve"
	account, err := o.find(ctx, op, id)
	if err != nil {
		return err
	}
	want := []State{MaybeSent}
	if sent {
		return o.toSent(ctx, op, account, id, func(cur Entry) error {
			if cur.State != MaybeSent {
				return &StateError{State: cur.State, Want: want}
			}
			return nil
		})
	}
	return o.requeue(ctx, op, account, id, want)
}

// Retry queues again an entry that failed, or one waiting out its
// backoff, to go with the next Flush: after the person fixed what the
// error said (a recipient, the password). A "maybe-sent" entry takes
// Resolve instead, so that sending it again is a decision about it.
func (o *Outbox) Retry(ctx context.Context, id string) error {
	const op = "retry"
	account, err := o.find(ctx, op, id)
	if err != nil {
		return err
	}
	return o.requeue(ctx, op, account, id, []State{Failed, Queued})
}

func (o *Outbox) requeue(ctx context.Context, op, account, id string, want []State) error {
	_, err := o.update(ctx, op, account, id, false, func(cur *Entry) error {
		if !slices.Contains(want, cur.State) {
			return &StateError{State: cur.State, Want: want}
		}
		cur.State, cur.NextTry, cur.Updated = Queued, time.Time{}, o.opts.Now()
		cur.Owner, cur.LeaseUntil = "", time.Time{}
		return nil
	})
	return err
}

// Discard deletes an entry the person gave up on. One being sent cannot
// be: it fails with a *StateError. The entry is first marked "failed" in
// one transaction that checks its state, so that no Flush takes it
// between the check and the deletion.
func (o *Outbox) Discard(ctx context.Context, id string) error {
	const op = "discard"
	account, err := o.find(ctx, op, id)
	if err != nil {
		return err
	}
	want := []State{Queued, Failed, MaybeSent}
	_, err = o.db.UpdateOutbox(ctx, account, id, false, func(cur *Entry) error {
		if !slices.Contains(want, cur.State) {
			return &StateError{State: cur.State, Want: want}
		}
		cur.State, cur.Owner = Failed, ""
		return nil
	})
	if err != nil {
		return wrap(op, id, err)
	}
	if err := o.db.DeleteOutbox(ctx, account, id); err != nil {
		return &Error{Op: op, ID: id, Err: err}
	}
	return nil
}
