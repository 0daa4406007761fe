package outbox_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/submission"
)

func TestQueue(t *testing.T) {
	ctx := context.Background()
	db := newDB(t)
	fake := newFake(t, db)
	o := outbox.New(db, fake, nil)
	id, err := o.Queue(ctx, account, msg, env)
	must(t, err)
	// Queued, not sent: Queue opens no connection.
	if fake.sends() != 0 {
		t.Errorf("Queue sent")
	}
	es, err := o.List(ctx, account)
	must(t, err)
	if len(es) != 1 || es[0].ID != id || es[0].State != outbox.Queued || es[0].Size != int64(len(msg)) {
		t.Fatalf("List = %+v", es)
	}
	e := es[0]
	if e.Subject != "Notes on the Engine ✓" || !slices.Equal(e.HeaderTo, []string{"Charles <cb@example.org>", "b@example.org", "Zoë <zoe@example.org>"}) {
		t.Errorf("summary: %q %q", e.Subject, e.HeaderTo)
	}
	if e.From != env.From || !slices.Equal(e.To, env.To) {
		t.Errorf("envelope %q %q, want %q %q", e.From, e.To, env.From, env.To)
	}
	// The recipients of the header are in the address book.
	cs, err := db.LookupContacts(ctx, account, "zo", 0)
	if err != nil || len(cs) != 1 || cs[0].Name != "Zoë" || cs[0].Addr != "zoe@example.org" {
		t.Errorf("address book after Queue: %+v, %v", cs, err)
	}

	for _, tt := range []struct {
		name string
		msg  []byte
		env  submission.Envelope
		want error
	}{
		{"empty", nil, env, outbox.ErrEmpty},
		{"no sender", msg, submission.Envelope{To: env.To}, outbox.ErrNoSender},
		{"no recipient", msg, submission.Envelope{From: env.From}, outbox.ErrNoRecipients},
	} {
		_, err := o.Queue(ctx, account, tt.msg, tt.env)
		var oe *outbox.Error
		if !errors.Is(err, tt.want) || !errors.As(err, &oe) {
			t.Errorf("Queue %s = %v, want %v", tt.name, err, tt.want)
		}
	}
	// A full device refuses the entry: the error says so, and the UI
	// keeps the draft.
	full := store.NewMem(&store.Options{Quota: 10})
	if _, err := outbox.New(full, fake, nil).Queue(ctx, account, msg, env); !store.IsQuota(err) {
		t.Errorf("Queue on a full device = %v, want IsQuota", err)
	}
}

// TestBccSelf: an identity with BccSelf gets a copy through the envelope
// only; the header (the bytes) is unchanged, and the address is added
// once.
func TestBccSelf(t *testing.T) {
	ctx := context.Background()
	ids := []store.Identity{
		{Name: "Ada", Addresses: []string{"other@example.org", "Ada@Example.org"}, BccSelf: true},
		{Name: "Work", Addresses: []string{"work@example.org"}},
	}
	tests := []struct {
		name string
		env  submission.Envelope
		want []string
	}{
		{"bcc self", env, append(slices.Clone(env.To), env.From)},
		{"already a recipient", submission.Envelope{From: env.From, To: []string{"ADA@example.org"}}, []string{"ADA@example.org"}},
		{"identity without bcc", submission.Envelope{From: "work@example.org", To: []string{"x@example.org"}}, []string{"x@example.org"}},
		{"no identity", submission.Envelope{From: "nobody@example.org", To: []string{"x@example.org"}}, []string{"x@example.org"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := newDB(t)
			must(t, db.PutIdentities(ctx, account, ids))
			fake := newFake(t, db)
			o := outbox.New(db, fake, nil)
			id, err := o.Queue(ctx, account, msg, tt.env)
			must(t, err)
			must(t, o.Flush(ctx))
			if got := fake.env[id]; !slices.Equal(got, tt.want) {
				t.Errorf("envelope recipients %q, want %q", got, tt.want)
			}
			if string(fake.raw[id]) != string(msg) {
				t.Errorf("the message's bytes changed")
			}
		})
	}
}
