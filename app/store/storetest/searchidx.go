package storetest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/poppymail/poppy/app/store"
)

// What the suite pins down of store.SearchIndex:
//   - chunks round-trip by number, per account; an empty chunk deletes;
//   - RemoveAccount drops the account's index and Clear every index
//     (the index is rebuilt from the kept copies, which Clear leaves);
//   - BodyUIDs lists the cached bodies, sorted, and follows Forget and
//     eviction, so an index can drop a body the device no longer has.

// searchTests are the subtests Run adds for store.SearchIndex.
var searchTests = []struct {
	name string
	f    func(*testing.T, Opener)
}{
	{"SearchChunks", testSearchChunks},
	{"SearchChunksDropped", testSearchChunksDropped},
	{"BodyUIDs", testBodyUIDs},
}

// searchIndex returns db's SearchIndex; every store implements one.
func searchIndex(t *testing.T, db store.DB) store.SearchIndex {
	t.Helper()
	si, ok := db.(store.SearchIndex)
	if !ok {
		t.Fatalf("%T does not implement store.SearchIndex", db)
	}
	return si
}

func chunks(t *testing.T, si store.SearchIndex, account string) map[int][]byte {
	t.Helper()
	c, err := si.SearchChunks(context.Background(), account)
	must(t, err)
	return c
}

func checkChunks(t *testing.T, got, want map[int][]byte) {
	t.Helper()
	if !maps.EqualFunc(got, want, slices.Equal) {
		t.Errorf("chunks = %s, want %s", fmtChunks(got), fmtChunks(want))
	}
}

func fmtChunks(c map[int][]byte) string {
	s := ""
	for _, n := range slices.Sorted(maps.Keys(c)) {
		s += fmt.Sprintf("%d:%q ", n, c[n])
	}
	return "{" + s + "}"
}

func testSearchChunks(t *testing.T, open Opener) {
	db := open(t, nil)
	si := searchIndex(t, db)
	ctx := context.Background()
	checkChunks(t, chunks(t, si, "a"), map[int][]byte{})

	// Every byte value, and chunk numbers that sort differently as text.
	must(t, si.PutSearchChunks(ctx, "a", map[int][]byte{0: allBytes(), 2: []byte("two"), 10: []byte("ten")}))
	must(t, si.PutSearchChunks(ctx, "b", map[int][]byte{0: []byte("b0")}))
	checkChunks(t, chunks(t, si, "a"), map[int][]byte{0: allBytes(), 2: []byte("two"), 10: []byte("ten")})
	checkChunks(t, chunks(t, si, "b"), map[int][]byte{0: []byte("b0")})

	// Replace one, delete one, leave the third.
	must(t, si.PutSearchChunks(ctx, "a", map[int][]byte{2: []byte("two again"), 10: nil}))
	checkChunks(t, chunks(t, si, "a"), map[int][]byte{0: allBytes(), 2: []byte("two again")})
	checkChunks(t, chunks(t, si, "b"), map[int][]byte{0: []byte("b0")})
}

func testSearchChunksDropped(t *testing.T, open Opener) {
	db := open(t, nil)
	si := searchIndex(t, db)
	ctx := context.Background()
	for _, a := range []string{"a", "b"} {
		must(t, db.PutAccount(ctx, store.Account{Key: a, Server: "s", Username: a}))
		must(t, si.PutSearchChunks(ctx, a, map[int][]byte{0: []byte(a + "0"), 1: []byte(a + "1")}))
		// Positive control: the chunks are there before they are dropped.
		checkChunks(t, chunks(t, si, a), map[int][]byte{0: []byte(a + "0"), 1: []byte(a + "1")})
	}
	_, err := db.RemoveAccount(ctx, "a")
	must(t, err)
	checkChunks(t, chunks(t, si, "a"), map[int][]byte{})
	checkChunks(t, chunks(t, si, "b"), map[int][]byte{0: []byte("b0"), 1: []byte("b1")})

	_, err = db.Clear(ctx)
	must(t, err)
	checkChunks(t, chunks(t, si, "b"), map[int][]byte{})
}

func testBodyUIDs(t *testing.T, open Opener) {
	// Room for two bodies of 5 bytes and one of 1: a third of 5 evicts
	// the least recently read.
	db := open(t, &store.Options{MaxBodyBytes: 11})
	si := searchIndex(t, db)
	ctx := context.Background()
	uidsOf := func(account string) []string {
		t.Helper()
		u, err := si.BodyUIDs(ctx, account)
		must(t, err)
		return u
	}
	if u := uidsOf("a"); len(u) != 0 {
		t.Fatalf("BodyUIDs of an empty store = %q", u)
	}
	putHeaders(t, db, "a", store.Header{UID: "u2"}, store.Header{UID: "u1"}, store.Header{UID: "u3"})
	putBody(t, db, "a", "u2", []byte("22222"))
	putBody(t, db, "a", "u1", []byte("11111"))
	putBody(t, db, "b", "u9", []byte("9"))
	if u := uidsOf("a"); !slices.Equal(u, []string{"u1", "u2"}) {
		t.Errorf("BodyUIDs(a) = %q, want [u1 u2]", u)
	}
	// Listing is no read: u2, put first, is still the one evicted.
	putBody(t, db, "a", "u3", []byte("33333"))
	if u := uidsOf("a"); !slices.Equal(u, []string{"u1", "u3"}) {
		t.Errorf("BodyUIDs(a) after an eviction = %q, want [u1 u3]", u)
	}
	must(t, db.Forget(ctx, "a", []string{"u1"}))
	if u := uidsOf("a"); !slices.Equal(u, []string{"u3"}) {
		t.Errorf("BodyUIDs(a) after Forget = %q, want [u3]", u)
	}
}
