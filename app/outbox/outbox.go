package outbox

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

// State is where an entry stands: "queued", "sending", "sent",
// "maybe-sent" or "failed".
type State = store.OutboxState

// The states (see the package doc).
const (
	Queued    = store.OutboxQueued
	Sending   = store.OutboxSending
	Sent      = store.OutboxSent
	MaybeSent = store.OutboxMaybeSent
	Failed    = store.OutboxFailed
)

// Entry is one message of the outbox, as the store keeps it.
type Entry = store.OutboxEntry

// Sender submits one message: it connects to e.Account's submission
// server (or reuses a connection), and sends e.Raw with the envelope
// EnvelopeOf(e). It returns nil only once the server accepted the DATA
// (250), and otherwise the errors of package submission, which
// submission.Outcome classifies: that classification alone decides what
// becomes of the entry. progress, if the Sender calls it, reports the
// bytes of e.Raw written so far.
type Sender interface {
	Send(ctx context.Context, e Entry, progress func(sent int64)) error
}

// EnvelopeOf is the SMTP envelope of e.
func EnvelopeOf(e Entry) submission.Envelope {
	return submission.Envelope{From: e.From, To: slices.Clone(e.To)}
}

// Outbox moves the entries of a store's outbox through their states. Its
// methods are safe for concurrent use; they block on the store and the
// network, so in the browser call them from a goroutine of their own
// (ctx.Async), never the UI goroutine.
type Outbox struct {
	db     store.DB
	sender Sender
	opts   Options

	flushing sync.Mutex   // one Flush at a time per Outbox
	attempt  atomic.Int64 // numbers the leases this Outbox takes
}

// New returns the outbox of db, sending through s; nil opts means
// defaults. It does nothing until called: call Recover (or Flush) at
// start-up.
func New(db store.DB, s Sender, opts *Options) *Outbox {
	return &Outbox{db: db, sender: s, opts: opts.withDefaults()}
}

// newID returns a random ID: entries of two tabs never collide, which
// Resolve's lookup by ID alone relies on.
func newID() string { return rand.Text() }

// Queue stores msg, to be sent from account with env, as "queued", and
// returns its ID. It sends nothing: the entry is on the device, and shown
// as queued, before any connection is tried (call Flush). If the
// identity that env.From belongs to (store.Identity) has BccSelf, its
// address is added to the envelope's recipients.
func (o *Outbox) Queue(ctx context.Context, account string, msg []byte, env submission.Envelope) (string, error) {
	const op = "queue"
	switch {
	case len(msg) == 0:
		return "", &Error{Op: op, Err: ErrEmpty}
	case env.From == "":
		return "", &Error{Op: op, Err: ErrNoSender}
	case len(env.To) == 0:
		return "", &Error{Op: op, Err: ErrNoRecipients}
	}
	to, err := o.bccSelf(ctx, account, env)
	if err != nil {
		return "", &Error{Op: op, Err: err}
	}
	now := o.opts.Now()
	subject, headerTo, addrs := summary(msg)
	e := Entry{
		ID:       newID(),
		Account:  account,
		Raw:      slices.Clone(msg),
		From:     env.From,
		To:       to,
		State:    Queued,
		Subject:  subject,
		HeaderTo: headerTo,
		Created:  now,
		Updated:  now,
	}
	if err := o.db.PutOutbox(ctx, e); err != nil {
		return "", &Error{Op: op, Err: err}
	}
	e.Raw, e.Size = nil, int64(len(msg))
	o.changed(e)
	// The recipients join the address book, for autocomplete. The
	// message is queued whatever becomes of this: an error here would
	// tell the person it was not, so it is dropped; the book only misses
	// a suggestion.
	cs := make([]store.Contact, len(addrs))
	for i, a := range addrs {
		cs[i] = store.Contact{Name: a.Name, Addr: a.Address, LastSeen: now}
	}
	_ = o.db.SeeContacts(ctx, account, cs)
	return e.ID, nil
}

// bccSelf returns env's recipients, with env.From added if its identity
// asks for a copy (and it is not a recipient already).
func (o *Outbox) bccSelf(ctx context.Context, account string, env submission.Envelope) ([]string, error) {
	to := slices.Clone(env.To)
	ids, err := o.db.Identities(ctx, account)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if !id.BccSelf || !slices.ContainsFunc(id.Addresses, func(a string) bool { return strings.EqualFold(a, env.From) }) {
			continue
		}
		if !slices.ContainsFunc(to, func(a string) bool { return strings.EqualFold(a, env.From) }) {
			to = append(to, env.From)
		}
		break
	}
	return to, nil
}

// List returns account's entries ("" for every account), oldest first,
// without Raw.
func (o *Outbox) List(ctx context.Context, account string) ([]Entry, error) {
	es, err := o.db.Outbox(ctx, account)
	if err != nil {
		return nil, &Error{Op: "list", Err: err}
	}
	return es, nil
}

func (o *Outbox) changed(e Entry) {
	if o.opts.OnChange != nil {
		e.Raw = nil
		o.opts.OnChange(e)
	}
}

// find returns the account of entry id.
func (o *Outbox) find(ctx context.Context, op, id string) (string, error) {
	es, err := o.db.Outbox(ctx, "")
	if err != nil {
		return "", &Error{Op: op, ID: id, Err: err}
	}
	for _, e := range es {
		if e.ID == id {
			return e.Account, nil
		}
	}
	return "", &Error{Op: op, ID: id, Err: ErrNotFound}
}

// update is store.UpdateOutbox for op, with its errors as the package's.
func (o *Outbox) update(ctx context.Context, op, account, id string, withRaw bool, f func(e *Entry) error) (Entry, error) {
	e, err := o.db.UpdateOutbox(ctx, account, id, withRaw, f)
	if err != nil {
		return Entry{}, wrap(op, id, err)
	}
	o.changed(e)
	return e, nil
}

// wrap makes err, from the store, an *Error of op on entry id, with the
// package's own errors in place of the store's where a caller acts on
// them.
func wrap(op, id string, err error) error {
	var se *StateError
	switch {
	case errors.As(err, &se):
		err = se
	case errors.Is(err, store.ErrNotFound):
		err = ErrNotFound
	}
	return &Error{Op: op, ID: id, Err: err}
}
