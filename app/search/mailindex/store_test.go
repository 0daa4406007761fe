package mailindex

import (
	"context"
	"slices"
	"testing"

	"github.com/poppymail/poppy/app/store"
)

func msg(subject, body string) []byte {
	return []byte("From: a@example.org\r\nSubject: " + subject + "\r\n\r\n" + body + "\r\n")
}

func wantUIDs(t *testing.T, s *Store, q string, want ...string) {
	t.Helper()
	if err := s.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := uidsOf(s, q); !slices.Equal(got, want) {
		t.Errorf("Search(%q) = %q, want %q", q, got, want)
	}
}

// TestBodiesLeave: a cached body that is evicted or forgotten leaves the
// index; a kept copy stays when its cached body goes, and leaves with
// DeleteKept.
func TestBodiesLeave(t *testing.T) {
	ctx := context.Background()
	a := msg("one", "aardvark")
	// Room for two bodies like a: a third evicts the oldest.
	db := store.NewMem(&store.Options{MaxBodyBytes: int64(2*len(a) + 1)})
	s := New(db, nil)
	must(t, s.PutBody(ctx, acct, "u1", a))
	must(t, s.PutBody(ctx, acct, "u2", msg("two", "aardvark")))
	wantUIDs(t, s, "aardvark", "u1", "u2") // positive control
	must(t, s.PutBody(ctx, acct, "u3", msg("six", "aardvark")))
	wantUIDs(t, s, "aardvark", "u2", "u3") // u1 evicted

	must(t, s.Forget(ctx, acct, []string{"u2"}))
	wantUIDs(t, s, "aardvark", "u3")

	// A kept copy outlives Forget of its cached body.
	_, err := s.PutKept(ctx, acct, store.Kept{UID: "u3", ListSize: int64(len(msg("six", "aardvark")))}, msg("six", "aardvark"))
	must(t, err)
	must(t, s.Forget(ctx, acct, []string{"u3"}))
	wantUIDs(t, s, "aardvark", "u3")
	must(t, s.DeleteKept(ctx, acct, "u3"))
	wantUIDs(t, s, "aardvark")
}

// TestPersisted: a new Store over the same device reads the index back
// instead of parsing the messages again, and Clear and RemoveAccount
// drop it; after Clear the kept copies are indexed again.
func TestPersisted(t *testing.T) {
	ctx := context.Background()
	db := store.NewMem(nil)
	s := New(db, nil)
	fillCorpus(t, s)
	wantUIDs(t, s, "parcel", "m2", "m6")
	chunks, err := db.SearchChunks(ctx, acct)
	must(t, err)
	if len(chunks) == 0 {
		t.Fatal("no chunk of the index was written to the store")
	}

	// The stored index is what answers a new Store.
	s2 := New(db, nil)
	ix, err := s2.Index(ctx, acct)
	must(t, err)
	if st := ix.Stats(); st.Docs != len(rawCorpus) {
		t.Fatalf("reopened index holds %d messages, want %d", st.Docs, len(rawCorpus))
	}
	wantUIDs(t, s2, "parcel", "m2", "m6")

	_, err = s2.Clear(ctx)
	must(t, err)
	// The cached bodies went; the kept copies (m1, m3, m5) are indexed
	// again when the account's index opens.
	waitReady(t, s2)
	wantUIDs(t, s2, "ada@example.org", "m1", "m3", "m5")

	_, err = s2.RemoveAccount(ctx, acct)
	must(t, err)
	chunks, err = db.SearchChunks(ctx, acct)
	must(t, err)
	if len(chunks) != 0 {
		t.Fatalf("RemoveAccount left %d chunks of the index", len(chunks))
	}
	waitReady(t, s2)
	wantUIDs(t, s2, "ada@example.org")
}

// waitReady waits for what was queued, then opens the account's index
// and waits until it is built.
func waitReady(t *testing.T, s *Store) {
	t.Helper()
	must(t, s.Sync(context.Background()))
	if _, err := s.Index(context.Background(), acct); err != nil {
		t.Fatal(err)
	}
	must(t, s.Sync(context.Background()))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
