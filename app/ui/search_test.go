package ui

import (
	"context"
	"testing"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/search/mailindex"
	"github.com/poppymail/poppy/app/store"
)

// TestSearchRows: the search box keeps what matches senders and
// subjects, adds, in the list's order, the rows whose text matches, local
// ones included, and notes why they are there.
func TestSearchRows(t *testing.T) {
	ctx := context.Background()
	ix := mailindex.New(store.NewMem(nil), nil)
	const acct = "ada@pop.example"
	put := func(uid, subject, body string) {
		raw := []byte("From: Bob <bob@example.org>\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
		if err := ix.PutBody(ctx, acct, uid, raw); err != nil {
			t.Fatal(err)
		}
	}
	put("u1", "Lunch", "The quokka ate my sandwich.")
	put("u2", "Quokka photos", "Attached.")
	put("u3", "Dinner", "Nothing to see.")
	raw := []byte("From: Carla <carla@example.net>\r\nSubject: Old\r\n\r\nA quokka, long ago.\r\n")
	if _, err := ix.PutKept(ctx, acct, store.Kept{UID: "u4", ListSize: int64(len(raw))}, raw); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.Index(ctx, acct); err != nil {
		t.Fatal(err)
	}
	if err := ix.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	s := &Shell{db: ix, acct: store.Account{Key: acct}}
	rows := []mailbox.Summary{
		{UID: "u4", Subject: "Old", LocalOnly: true},
		{UID: "u3", Subject: "Dinner"},
		{UID: "u2", Subject: "Quokka photos"},
		{UID: "u1", Subject: "Lunch"},
	}
	shown, found := s.searchRows(rows, "QUOK")
	var uids []string
	for _, r := range shown {
		uids = append(uids, r.UID)
	}
	if len(uids) != 3 || uids[0] != "u4" || uids[1] != "u2" || uids[2] != "u1" {
		t.Fatalf("shown = %v, want [u4 u2 u1] (the list's order)", uids)
	}
	body := i18n.T("Found in the message text")
	if found["u1"] != body || found["u4"] != body || found["u2"] != "" {
		t.Fatalf("found = %q; want u1 and u4 noted as found in the text, u2 (its subject) not", found)
	}
	// Without a query, every row and no note.
	if shown, found := s.searchRows(rows, " "); len(shown) != 4 || found != nil {
		t.Fatalf("empty query: %d rows, notes %q", len(shown), found)
	}
}
