package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/compose"
	"github.com/poppymail/poppy/app/store"
)

// With no identity set up, the address a message was delivered to,
// whose local part is the login, is taken as the person's own.
func TestRecipientIdentities(t *testing.T) {
	orig := []byte("From: Maria <maria@example.com>\r\nTo: Demo User <demo@poppy.example>\r\nCc: other@example.com, DEMO@alias.example\r\nSubject: Lunch\r\n\r\nHi\r\n")
	base := compose.Identity{Name: "Demo", Address: "demo@127.0.0.1", Signature: "D"}
	got := recipientIdentities(orig, "demo", base)
	if len(got) != 2 || got[0].Address != "demo@poppy.example" || got[1].Address != "DEMO@alias.example" {
		t.Fatalf("identities %+v, want demo@poppy.example then DEMO@alias.example", got)
	}
	if got[0].Name != "Demo" || got[0].Signature != "D" {
		t.Errorf("the identity lost the default's name or signature: %+v", got[0])
	}
	d, err := compose.Reply(orig, append([]compose.Identity{base}, got...), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d.From.Address != "demo@poppy.example" {
		t.Errorf("the reply goes from %q, want the address it was sent to", d.From.Address)
	}
	for _, a := range append(d.To, d.Cc...) {
		if strings.EqualFold(a.Address, "demo@poppy.example") || strings.EqualFold(a.Address, "demo@alias.example") {
			t.Errorf("Reply all is addressed to the person's own %q", a.Address)
		}
	}
	if got := recipientIdentities(orig, "maria@example.com", base); len(got) != 0 {
		t.Errorf("a login whose local part is not a recipient found %+v", got)
	}
}

// The form goes to the outbox as a built message: queued, its draft
// gone, its recipients in the address book; an address that is not one
// stops it, with a sentence that names it.
func TestMailerQueue(t *testing.T) {
	ctx := context.Background()
	db := store.NewMem(nil)
	m := &mailer{db: db, account: "alice@mail"}
	ids := []identity{{Name: "Alice", Address: "alice@example.com"}}
	f := draftForm{ID: "d1", From: "alice@example.com", To: "Bob <bob@example.com>", Cc: "carol@example.net", Subject: "Hello", Body: "Hi Bob\n",
		Attachments: []attachment{{Name: "a.txt", Type: "text/plain", Data: []byte("file")}}}
	if err := m.saveDraft(ctx, f); err != nil {
		t.Fatal(err)
	}
	if back, err := m.draft(ctx, "d1"); err != nil || back == nil || back.To != f.To || len(back.Attachments) != 1 || string(back.Attachments[0].Data) != "file" {
		t.Fatalf("the draft read back as %+v, %v", back, err)
	}
	if err := m.queue(ctx, f, ids); err != nil {
		t.Fatal(err)
	}
	v := m.load(ctx)
	if v.err != nil {
		t.Fatal(v.err)
	}
	if len(v.outbox) != 1 || v.outbox[0].State != stateQueued || v.outbox[0].Subject != "Hello" {
		t.Fatalf("outbox %+v, want the message queued", v.outbox)
	}
	if len(v.drafts) != 0 {
		t.Errorf("the draft stays after the message was queued: %+v", v.drafts)
	}
	if strings.Join(v.contacts, ",") == "" || !strings.Contains(strings.Join(v.contacts, ","), "bob@example.com") {
		t.Errorf("contacts %q, want the recipients", v.contacts)
	}

	bad := f
	bad.To = "bob@"
	err := m.queue(ctx, bad, ids)
	var ae *compose.AddressError
	if !errors.As(err, &ae) {
		t.Fatalf("queue of %q: %v, want an *AddressError", bad.To, err)
	}
	if s := notQueuedSentence(err); !strings.Contains(s, "“bob@” is not an email address") {
		t.Errorf("sentence %q does not name the address", s)
	}
	if v := m.load(ctx); len(v.outbox) != 1 {
		t.Errorf("a message with a bad address reached the outbox: %d entries", len(v.outbox))
	}
}

// A forward's original survives the draft's trip to the device.
func TestDraftKeepsForward(t *testing.T) {
	f := draftForm{ID: "x", Subject: "Fwd: x", Forward: []byte("Subject: x\r\n\r\nbody\r\n"),
		Attachments: []attachment{{Name: "a.bin", Data: []byte{1, 2}}}}
	back := formOfDraft(draftOfForm(f))
	if string(back.Forward) != string(f.Forward) || len(back.Attachments) != 1 || back.Attachments[0].Name != "a.bin" {
		t.Errorf("round trip gave %+v", back)
	}
}
