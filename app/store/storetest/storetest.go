// Package storetest is the conformance suite of store.DB: every
// implementation (store.Mem natively, store.IDB in the browser) runs the
// same tests, so the mailbox logic can count on one contract whichever
// store it gets.
//
// It pins down what store.DB's doc comments leave open, as the
// implementations agree on it:
//   - Load returns headers sorted by UID (callers sort for display), read
//     marks as a non-nil map, and queued deletions oldest first, each once.
//   - Header fields round-trip exactly; Date comes back Equal, with the
//     same UTC offset (its *time.Location is not kept).
//   - Usage counts a header as the length of its JSON encoding
//     (encoding/json of store.Header) and a body as its length, so Mem and
//     IDB report the same numbers for the same data.
//   - Body eviction is least recently read first, over all accounts, where
//     both Body and PutBody count as a read.
//   - A Listing round-trips in order; Forget leaves it, an empty one drops
//     it, RemoveAccount and Clear drop it, and Usage does not count it.
package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// Opener returns a new, empty store for t, with opts (nil for defaults).
// It should register with t.Cleanup whatever releases the store; that
// cleanup must tolerate a store the test already closed.
type Opener = func(t *testing.T, opts *store.Options) store.DB

// Run runs the suite against the stores that open returns. Every subtest
// opens its own store, so open must return an empty one each time (for
// IDB: a fresh database name per call).
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		f    func(*testing.T, Opener)
	}{
		{"Empty", testEmpty},
		{"HeadersRoundTrip", testHeadersRoundTrip},
		{"HeadersReplace", testHeadersReplace},
		{"HeadersInvalid", testHeadersInvalid},
		{"ReadMarks", testReadMarks},
		{"ReadMarksMany", testReadMarksMany},
		{"Forget", testForget},
		{"Isolation", testIsolation},
		{"Body", testBody},
		{"BodyEviction", testBodyEviction},
		{"BodyOversized", testBodyOversized},
		{"Deletes", testDeletes},
		{"Listing", testListing},
		{"Usage", testUsage},
		{"Accounts", testAccounts},
		{"RemoveAccount", testRemoveAccount},
		{"Clear", testClear},
		{"Concurrent", testConcurrent},
		{"Canceled", testCanceled},
		{"Close", testClose},
	}
	tests = append(tests, sendingTests...)
	tests = append(tests, keepTests...)
	tests = append(tests, searchTests...)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.f(t, open) })
	}
}

var (
	// A zone east of UTC with a name, so a store that dropped the offset
	// or kept only the instant in UTC would fail the round trip.
	cest = time.FixedZone("CEST", 2*60*60)
	nst  = time.FixedZone("NST", -(3*60*60 + 30*60))
)

// sample returns headers that exercise every field and the awkward cases
// of the encoding: non-ASCII (including a character outside the BMP,
// which JS counts as two UTF-16 units), characters encoding/json escapes,
// a newline (the separator IDB joins rows with), a zero Date.
func sample() []store.Header {
	return []store.Header{
		{
			UID: "uid-1", Number: 1, FromName: "Ada Lovelace", FromAddr: "ada@example.org",
			Subject: "Notes on the Analytical Engine", Date: time.Date(2024, 3, 31, 23, 59, 58, 123456789, cest),
			Size: 12345, Attach: true,
		},
		{
			UID: "uid-2", Number: 2, FromName: "Zoë 😀", FromAddr: "zoe@example.org",
			Subject: "<b>tags</b> & \"quotes\"\nsecond line\twith tab \u2028", Date: time.Date(1999, 12, 31, 12, 0, 0, 0, nst),
			Size: 1,
		},
		{UID: "uid-3", Number: 3, Size: 999999, NoHeaders: true},
		{UID: "a weird uid\\with \"quotes\"", Number: 4, Subject: "UTC", Date: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
}

// headerBytes is the measure the suite holds every store to.
func headerBytes(t *testing.T, hs ...store.Header) int64 {
	t.Helper()
	var n int64
	for _, h := range hs {
		b, err := json.Marshal(h)
		if err != nil {
			t.Fatal(err)
		}
		n += int64(len(b))
	}
	return n
}

func checkHeaders(t *testing.T, got, want []store.Header) {
	t.Helper()
	want = slices.Clone(want)
	slices.SortFunc(want, func(a, b store.Header) int { return compareStrings(a.UID, b.UID) })
	if len(got) != len(want) {
		t.Fatalf("got %d headers %v, want %d %v", len(got), uids(got), len(want), uids(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if !g.Date.Equal(w.Date) {
			t.Errorf("header %q: Date %v, want %v", w.UID, g.Date, w.Date)
		}
		if _, go_ := g.Date.Zone(); !w.Date.IsZero() {
			if _, wo := w.Date.Zone(); go_ != wo {
				t.Errorf("header %q: Date offset %d, want %d", w.UID, go_, wo)
			}
		}
		g.Date, w.Date = time.Time{}, time.Time{}
		if g != w {
			t.Errorf("header %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func uids(hs []store.Header) []string {
	var s []string
	for _, h := range hs {
		s = append(s, h.UID)
	}
	return s
}

func load(t *testing.T, db store.DB, account string) store.Cache {
	t.Helper()
	c, err := db.Load(context.Background(), account)
	if err != nil {
		t.Fatalf("Load(%q): %v", account, err)
	}
	if c.Read == nil {
		t.Fatalf("Load(%q): nil Read map", account)
	}
	return c
}

func usage(t *testing.T, db store.DB, account string) store.Usage {
	t.Helper()
	u, err := db.Usage(context.Background(), account)
	if err != nil {
		t.Fatalf("Usage(%q): %v", account, err)
	}
	return u
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func putHeaders(t *testing.T, db store.DB, account string, hs ...store.Header) {
	t.Helper()
	must(t, db.PutHeaders(context.Background(), account, hs))
}

func putBody(t *testing.T, db store.DB, account, uid string, raw []byte) {
	t.Helper()
	must(t, db.PutBody(context.Background(), account, uid, raw))
}

// body returns the cached body of uid, or nil if it is not cached.
func body(t *testing.T, db store.DB, account, uid string) []byte {
	t.Helper()
	raw, ok, err := db.Body(context.Background(), account, uid)
	if err != nil {
		t.Fatalf("Body(%q, %q): %v", account, uid, err)
	}
	if !ok {
		if raw != nil {
			t.Errorf("Body(%q, %q): ok false with %d bytes", account, uid, len(raw))
		}
		return nil
	}
	if raw == nil {
		raw = []byte{}
	}
	return raw
}

func readSet(c store.Cache) []string {
	var s []string
	for uid, r := range c.Read {
		if !r {
			continue
		}
		s = append(s, uid)
	}
	slices.Sort(s)
	return s
}

func eqStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || slices.Equal(a, b))
}

func testEmpty(t *testing.T, open Opener) {
	db := open(t, nil)
	c := load(t, db, "nobody@example.org")
	if len(c.Headers) != 0 || len(c.Read) != 0 || len(c.Deletes) != 0 {
		t.Errorf("Load of unknown account = %+v, want empty", c)
	}
	if u := usage(t, db, ""); u != (store.Usage{}) {
		t.Errorf("Usage = %+v, want zero", u)
	}
	as, err := db.Accounts(context.Background())
	must(t, err)
	if len(as) != 0 {
		t.Errorf("Accounts = %v, want none", as)
	}
	if raw := body(t, db, "nobody@example.org", "x"); raw != nil {
		t.Errorf("Body of unknown = %q", raw)
	}
}

func testHeadersRoundTrip(t *testing.T, open Opener) {
	db := open(t, nil)
	hs := sample()
	putHeaders(t, db, "a", hs...)
	checkHeaders(t, load(t, db, "a").Headers, hs)
	u := usage(t, db, "a")
	if u.Headers != len(hs) || u.HeaderBytes != headerBytes(t, hs...) {
		t.Errorf("Usage = %+v, want %d headers of %d bytes", u, len(hs), headerBytes(t, hs...))
	}
}

func testHeadersReplace(t *testing.T, open Opener) {
	db := open(t, nil)
	hs := sample()
	putHeaders(t, db, "a", hs...)
	// Replace one, add one, and give one UID twice in a call: the later
	// one wins.
	changed := hs[0]
	changed.Subject, changed.Attach, changed.Number = "Re: "+changed.Subject, false, 7
	added := store.Header{UID: "uid-9", Subject: "first"}
	added2 := added
	added2.Subject = "second"
	putHeaders(t, db, "a", changed, added, added2)
	want := append([]store.Header{changed, added2}, hs[1:]...)
	checkHeaders(t, load(t, db, "a").Headers, want)
	if u := usage(t, db, "a"); u.Headers != len(want) || u.HeaderBytes != headerBytes(t, want...) {
		t.Errorf("Usage = %+v, want %d headers of %d bytes", u, len(want), headerBytes(t, want...))
	}
	// An empty call changes nothing.
	putHeaders(t, db, "a")
	checkHeaders(t, load(t, db, "a").Headers, want)
}

func testHeadersInvalid(t *testing.T, open Opener) {
	db := open(t, nil)
	putHeaders(t, db, "a", sample()[0])
	for _, tt := range []struct {
		name string
		hs   []store.Header
	}{
		{"no UID", []store.Header{{UID: "ok"}, {Subject: "no uid"}}},
		{"year past 9999", []store.Header{{UID: "ok"}, {UID: "y", Date: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := db.PutHeaders(context.Background(), "a", tt.hs)
			var se *store.Error
			if !errors.As(err, &se) {
				t.Fatalf("PutHeaders = %v, want a *store.Error", err)
			}
			checkHeaders(t, load(t, db, "a").Headers, sample()[:1])
		})
	}
}

func testReadMarks(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	steps := []struct {
		read bool
		uids []string
		want []string
	}{
		{true, []string{"u1", "u2"}, []string{"u1", "u2"}},
		// Set twice: in an earlier call, and twice in one.
		{true, []string{"u2", "u3", "u3"}, []string{"u1", "u2", "u3"}},
		{false, []string{"u2", "never-read", "never-read"}, []string{"u1", "u3"}},
		{true, nil, []string{"u1", "u3"}},
		{false, nil, []string{"u1", "u3"}},
		{false, []string{"u1", "u3"}, nil},
		{false, []string{"u1"}, nil},
	}
	for i, s := range steps {
		must(t, db.SetRead(ctx, "a", s.read, s.uids))
		if got := readSet(load(t, db, "a")); !eqStrings(got, s.want) {
			t.Errorf("step %d: read %v, want %v", i, got, s.want)
		}
	}
	// Marks need no header: the row may come later.
	must(t, db.SetRead(ctx, "b", false, []string{"x"}))
	must(t, db.SetRead(ctx, "b", true, []string{"x"}))
	if got := readSet(load(t, db, "b")); !eqStrings(got, []string{"x"}) {
		t.Errorf("account b: read %v", got)
	}
}

// testReadMarksMany holds marks to what a store that keeps several
// marks to a record (IDB, one record per bucket of UIDLs, joined by
// newlines) could get wrong: UIDs that hold its separator or look
// quoted, many marks sharing records, marks beside rows and without.
func testReadMarksMany(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	check := func(account string, want []string) {
		t.Helper()
		want = slices.Clone(want)
		slices.Sort(want)
		if got := readSet(load(t, db, account)); !eqStrings(got, want) {
			t.Errorf("%s: %d read, want %d: %q, want %q", account, len(got), len(want), got, want)
		}
	}
	odd := []string{
		"", "\n", "two\nlines", "trailing\n", `"`, `"quoted"`, `""`, `back\slash`,
		"tab\tand\rreturn", " spaced ", "é😀", "\u2028", "<&>", "[\"array\"]",
	}
	must(t, db.SetRead(ctx, "odd", true, odd))
	check("odd", odd)
	must(t, db.SetRead(ctx, "odd", false, odd[:len(odd)/2]))
	check("odd", odd[len(odd)/2:])
	must(t, db.Forget(ctx, "odd", odd))
	check("odd", nil)

	// Many marks, some with rows, marked in several calls.
	const n = 600
	var all, rows []string
	var hs []store.Header
	for i := range n {
		uid := fmt.Sprintf("%d-uidl", i*7919)
		all = append(all, uid)
		if i%2 == 0 {
			rows = append(rows, uid)
			hs = append(hs, store.Header{UID: uid, Number: i})
		}
	}
	putHeaders(t, db, "a", hs...)
	must(t, db.SetRead(ctx, "a", true, all[:n/2]))
	must(t, db.SetRead(ctx, "a", true, all[n/3:]))
	check("a", all)
	// A row put again keeps its mark.
	putHeaders(t, db, "a", hs...)
	check("a", all)
	// Every third unread, then the rest of the first half forgotten:
	// rows and marks alike.
	var third, kept []string
	for i, uid := range all {
		if i%3 == 0 {
			third = append(third, uid)
		}
	}
	must(t, db.SetRead(ctx, "a", false, third))
	must(t, db.Forget(ctx, "a", all[:n/2]))
	for i, uid := range all {
		if i%3 != 0 && i >= n/2 {
			kept = append(kept, uid)
		}
	}
	check("a", kept)
	if c := load(t, db, "a"); len(c.Headers) != len(rows)/2 {
		t.Errorf("a: %d rows, want %d", len(c.Headers), len(rows)/2)
	}
	must(t, db.SetRead(ctx, "a", false, all))
	check("a", nil)
	check("odd", nil)
}

// fill gives account every kind of data for uids.
func fill(t *testing.T, db store.DB, account string, uids ...string) {
	t.Helper()
	ctx := context.Background()
	for _, uid := range uids {
		putHeaders(t, db, account, store.Header{UID: uid, Subject: account + " " + uid})
		putBody(t, db, account, uid, []byte(account+" body of "+uid))
	}
	must(t, db.SetRead(ctx, account, true, uids))
	must(t, db.QueueDeletes(ctx, account, uids))
}

func testForget(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	fill(t, db, "a", "u1", "u2", "u3")
	fill(t, db, "b", "u1", "u2")
	before := usage(t, db, "b")
	must(t, db.Forget(ctx, "a", []string{"u1", "u2", "not-there"}))

	c := load(t, db, "a")
	checkHeaders(t, c.Headers, []store.Header{{UID: "u3", Subject: "a u3"}})
	if got := readSet(c); !eqStrings(got, []string{"u3"}) {
		t.Errorf("read = %v, want [u3]", got)
	}
	if !eqStrings(c.Deletes, []string{"u3"}) {
		t.Errorf("deletes = %v, want [u3]", c.Deletes)
	}
	for _, uid := range []string{"u1", "u2"} {
		if raw := body(t, db, "a", uid); raw != nil {
			t.Errorf("body %s still cached: %q", uid, raw)
		}
	}
	if raw := body(t, db, "a", "u3"); string(raw) != "a body of u3" {
		t.Errorf("body u3 = %q", raw)
	}
	want := store.Usage{Headers: 1, HeaderBytes: headerBytes(t, c.Headers...), Bodies: 1, BodyBytes: int64(len("a body of u3"))}
	if u := usage(t, db, "a"); u != want {
		t.Errorf("Usage(a) = %+v, want %+v", u, want)
	}
	// The same UIDLs in another account are other messages.
	if u := usage(t, db, "b"); u != before {
		t.Errorf("Usage(b) = %+v, want %+v as before", u, before)
	}
	cb := load(t, db, "b")
	if len(cb.Headers) != 2 || len(cb.Read) != 2 || len(cb.Deletes) != 2 {
		t.Errorf("account b changed: %+v", cb)
	}
}

func testIsolation(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	// Two accounts, where one's key is a prefix of the other's, so a
	// range query on the shorter one must not reach into the longer.
	accts := []string{"me@example.org", "me@example.org.evil", "me"}
	for i, a := range accts {
		putHeaders(t, db, a, store.Header{UID: "same", Subject: a, Number: i})
		putBody(t, db, a, "same", []byte(a))
		if i == 0 {
			must(t, db.SetRead(ctx, a, true, []string{"same"}))
			must(t, db.QueueDeletes(ctx, a, []string{"same"}))
		}
	}
	for i, a := range accts {
		c := load(t, db, a)
		checkHeaders(t, c.Headers, []store.Header{{UID: "same", Subject: a, Number: i}})
		if got := string(body(t, db, a, "same")); got != a {
			t.Errorf("%s: body %q", a, got)
		}
		wantMarks := i == 0
		if c.Read["same"] != wantMarks || (len(c.Deletes) == 1) != wantMarks {
			t.Errorf("%s: read %v, deletes %v", a, c.Read, c.Deletes)
		}
	}
}

func testBody(t *testing.T, open Opener) {
	db := open(t, nil)
	tests := []struct {
		name, uid string
		raw       []byte
	}{
		{"text", "u1", []byte("From: a@example.org\r\nSubject: hi\r\n\r\nhello\r\n")},
		{"binary", "u2", []byte{0, 1, 2, 0xff, 0xfe, '\n', 0}},
		{"empty", "u3", []byte{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.raw)
			putBody(t, db, "a", tt.uid, in)
			if len(in) > 0 {
				in[0] ^= 0xff // the store keeps its own copy
			}
			got := body(t, db, "a", tt.uid)
			if got == nil || !bytes.Equal(got, tt.raw) {
				t.Fatalf("Body = %q, want %q", got, tt.raw)
			}
			if len(got) > 0 {
				got[0] ^= 0xff // and hands out copies
				if again := body(t, db, "a", tt.uid); !bytes.Equal(again, tt.raw) {
					t.Fatalf("Body after changing a returned copy = %q", again)
				}
			}
		})
	}
	// Re-putting replaces, and Usage follows.
	putBody(t, db, "a", "u1", []byte("short"))
	if got := body(t, db, "a", "u1"); string(got) != "short" {
		t.Errorf("replaced body = %q", got)
	}
	want := store.Usage{Bodies: 3, BodyBytes: int64(len("short") + len(tests[1].raw))}
	if u := usage(t, db, "a"); u != want {
		t.Errorf("Usage = %+v, want %+v", u, want)
	}
}

func testBodyEviction(t *testing.T, open Opener) {
	ten := func(c byte) []byte { return bytes.Repeat([]byte{c}, 10) }
	type op struct {
		put     bool // else read
		account string
		uid     string
		size    int
	}
	tests := []struct {
		name string
		max  int64
		ops  []op
		want []string // "account/uid" still cached
	}{
		{
			name: "oldest put goes first",
			max:  30,
			ops:  []op{{true, "a", "1", 10}, {true, "a", "2", 10}, {true, "b", "1", 10}, {true, "b", "2", 10}},
			want: []string{"a/2", "b/1", "b/2"},
		},
		{
			name: "a read refreshes",
			max:  30,
			ops:  []op{{true, "a", "1", 10}, {true, "a", "2", 10}, {true, "b", "1", 10}, {false, "a", "1", 0}, {true, "b", "2", 10}},
			want: []string{"a/1", "b/1", "b/2"},
		},
		{
			name: "evicts as many as needed, across accounts",
			max:  30,
			ops:  []op{{true, "a", "1", 10}, {true, "b", "1", 10}, {false, "a", "1", 0}, {true, "a", "2", 10}, {true, "c", "1", 25}},
			want: []string{"c/1"},
		},
		{
			name: "reads in order",
			max:  30,
			ops: []op{
				{true, "a", "1", 10}, {true, "a", "2", 10}, {true, "a", "3", 10},
				{false, "a", "3", 0}, {false, "a", "1", 0}, {false, "a", "2", 0},
				{true, "b", "1", 15},
			},
			want: []string{"a/2", "b/1"},
		},
		{
			name: "re-put refreshes and frees its old size",
			max:  30,
			ops:  []op{{true, "a", "1", 10}, {true, "a", "2", 10}, {true, "a", "3", 10}, {true, "a", "1", 5}, {true, "a", "4", 10}},
			want: []string{"a/1", "a/3", "a/4"},
		},
		{
			name: "exactly the cap fits",
			max:  30,
			ops:  []op{{true, "a", "1", 10}, {true, "a", "2", 20}},
			want: []string{"a/1", "a/2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := open(t, &store.Options{MaxBodyBytes: tt.max})
			all := map[string]bool{}
			for _, o := range tt.ops {
				if o.put {
					putBody(t, db, o.account, o.uid, bytes.Repeat(ten(o.uid[0]), 3)[:o.size])
					all[o.account+"/"+o.uid] = true
				} else if body(t, db, o.account, o.uid) == nil {
					t.Fatalf("%s/%s not cached when read", o.account, o.uid)
				}
			}
			var got []string
			for key := range all {
				account, uid, _ := cutSlash(key)
				if body(t, db, account, uid) != nil {
					got = append(got, key)
				}
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("cached %v, want %v", got, tt.want)
			}
			if u := usage(t, db, ""); u.Bodies != len(tt.want) || u.BodyBytes > tt.max {
				t.Errorf("Usage = %+v, want %d bodies within %d bytes", u, len(tt.want), tt.max)
			}
		})
	}
}

func cutSlash(s string) (string, string, bool) {
	i := bytes.IndexByte([]byte(s), '/')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

func testBodyOversized(t *testing.T, open Opener) {
	db := open(t, &store.Options{MaxBodyBytes: 10})
	putBody(t, db, "a", "small", []byte("0123456789"))
	putBody(t, db, "a", "big", []byte("0123456789A"))
	if raw := body(t, db, "a", "big"); raw != nil {
		t.Errorf("oversized body kept: %q", raw)
	}
	if raw := body(t, db, "a", "small"); string(raw) != "0123456789" {
		t.Errorf("oversized body evicted another: %q", raw)
	}
	// Oversized replacement of a cached body: nothing changes.
	putBody(t, db, "a", "small", []byte("0123456789AB"))
	if raw := body(t, db, "a", "small"); string(raw) != "0123456789" {
		t.Errorf("after an oversized re-put, body = %q", raw)
	}
	if u := usage(t, db, "a"); u.Bodies != 1 || u.BodyBytes != 10 {
		t.Errorf("Usage = %+v", u)
	}
}

func testDeletes(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	steps := []struct {
		queue bool
		uids  []string
		want  []string
	}{
		{true, []string{"x", "y"}, []string{"x", "y"}},
		{true, []string{"z", "x", "z"}, []string{"x", "y", "z"}},
		{false, []string{"y", "never"}, []string{"x", "z"}},
		{true, []string{"y"}, []string{"x", "z", "y"}},
		{true, []string{"a"}, []string{"x", "z", "y", "a"}},
		{false, nil, []string{"x", "z", "y", "a"}},
		{false, []string{"x", "z", "y", "a"}, nil},
		{true, []string{"b"}, []string{"b"}},
	}
	for i, s := range steps {
		if s.queue {
			must(t, db.QueueDeletes(ctx, "a", s.uids))
		} else {
			must(t, db.Unqueue(ctx, "a", s.uids))
		}
		if got := load(t, db, "a").Deletes; !eqStrings(got, s.want) {
			t.Errorf("step %d: deletes %v, want %v", i, got, s.want)
		}
	}
	if got := load(t, db, "other").Deletes; len(got) != 0 {
		t.Errorf("other account: deletes %v", got)
	}
}

func testUsage(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	hs := sample()
	putHeaders(t, db, "a", hs...)
	putHeaders(t, db, "b", hs[:2]...)
	putBody(t, db, "a", "uid-1", []byte("hello"))
	putBody(t, db, "b", "uid-1", []byte("hello, world"))
	putBody(t, db, "b", "no-header", []byte("!"))
	// Marks and queued deletions are not counted.
	must(t, db.SetRead(ctx, "a", true, []string{"uid-1"}))
	must(t, db.QueueDeletes(ctx, "b", []string{"uid-2"}))

	wantA := store.Usage{Headers: 4, HeaderBytes: headerBytes(t, hs...), Bodies: 1, BodyBytes: 5}
	wantB := store.Usage{Headers: 2, HeaderBytes: headerBytes(t, hs[:2]...), Bodies: 2, BodyBytes: 13}
	a, b, all := usage(t, db, "a"), usage(t, db, "b"), usage(t, db, "")
	if a != wantA {
		t.Errorf("Usage(a) = %+v, want %+v", a, wantA)
	}
	if b != wantB {
		t.Errorf("Usage(b) = %+v, want %+v", b, wantB)
	}
	sum := store.Usage{
		Headers: a.Headers + b.Headers, HeaderBytes: a.HeaderBytes + b.HeaderBytes,
		Bodies: a.Bodies + b.Bodies, BodyBytes: a.BodyBytes + b.BodyBytes,
	}
	if all != sum {
		t.Errorf("Usage(\"\") = %+v, want the sum %+v", all, sum)
	}
	if all.Bytes() != all.HeaderBytes+all.BodyBytes {
		t.Errorf("Bytes() = %d", all.Bytes())
	}
	if u := usage(t, db, "nobody"); u != (store.Usage{}) {
		t.Errorf("Usage(nobody) = %+v", u)
	}
}

func testAccounts(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	t0 := time.Date(2025, 5, 6, 7, 8, 9, 10, cest)
	in := []store.Account{
		{Key: "old@x", Server: "x", Username: "old", LastUsed: t0.Add(-time.Hour)},
		{Key: "b@y", Server: "y", Username: "b", Fingerprint: "AB:CD", NoUIDL: true, LastUsed: t0},
		{Key: "a@y", Server: "y", Username: "a", LastUsed: t0}, // tie: by Key
		{Key: "never@z", Server: "z", Username: "never"},
		// A user-entered server is kept with its account, submission
		// server included, for reconnects without the sign-in form.
		{Key: "c@pop.c.example:995", Server: "pop.c.example:995", Username: "c", LastUsed: t0.Add(-2 * time.Hour), Custom: &store.CustomServer{
			POP3:       bridgeapi.Endpoint{Host: "pop.c.example", Port: 995, Security: bridgeapi.SecurityTLS},
			Submission: &bridgeapi.Endpoint{Host: "smtp.c.example", Port: 465, Security: bridgeapi.SecurityTLS},
		}},
	}
	for _, a := range in {
		must(t, db.PutAccount(ctx, a))
	}
	check := func(want ...store.Account) {
		t.Helper()
		got, err := db.Accounts(ctx)
		must(t, err)
		if len(got) != len(want) {
			t.Fatalf("Accounts = %+v, want %+v", got, want)
		}
		for i := range want {
			g, w := got[i], want[i]
			if !g.LastUsed.Equal(w.LastUsed) {
				t.Errorf("%s: LastUsed %v, want %v", w.Key, g.LastUsed, w.LastUsed)
			}
			g.LastUsed, w.LastUsed = time.Time{}, time.Time{}
			if !sameCustom(g.Custom, w.Custom) {
				t.Errorf("%s: custom server %+v, want %+v", w.Key, g.Custom, w.Custom)
			}
			g.Custom, w.Custom = nil, nil
			if g != w {
				t.Errorf("account %d = %+v, want %+v", i, g, w)
			}
		}
	}
	check(in[2], in[1], in[0], in[4], in[3])
	// PutAccount replaces, by Key.
	used := in[0]
	used.LastUsed, used.Fingerprint = t0.Add(time.Hour), "EF"
	must(t, db.PutAccount(ctx, used))
	check(used, in[2], in[1], in[4], in[3])

	var se *store.Error
	if err := db.PutAccount(ctx, store.Account{Server: "no key"}); !errors.As(err, &se) {
		t.Errorf("PutAccount without Key = %v, want a *store.Error", err)
	}
}

func testRemoveAccount(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	for _, a := range []string{"a", "b"} {
		must(t, db.PutAccount(ctx, store.Account{Key: a, Server: "s", Username: a}))
		fill(t, db, a, "u1", "u2")
	}
	putHeaders(t, db, "a", sample()...)
	ua, ub := usage(t, db, "a"), usage(t, db, "b")

	freed, err := db.RemoveAccount(ctx, "a")
	must(t, err)
	if freed != ua {
		t.Errorf("RemoveAccount freed %+v, Usage said %+v", freed, ua)
	}
	if c := load(t, db, "a"); len(c.Headers)+len(c.Read)+len(c.Deletes) != 0 {
		t.Errorf("removed account still has %+v", c)
	}
	if raw := body(t, db, "a", "u1"); raw != nil {
		t.Errorf("removed account's body still cached")
	}
	if u := usage(t, db, ""); u != ub {
		t.Errorf("Usage after removal = %+v, want b's %+v", u, ub)
	}
	as, err := db.Accounts(ctx)
	must(t, err)
	if len(as) != 1 || as[0].Key != "b" {
		t.Errorf("Accounts = %+v, want only b", as)
	}
	if c := load(t, db, "b"); len(c.Headers) != 2 || len(c.Read) != 2 || len(c.Deletes) != 2 {
		t.Errorf("account b changed: %+v", c)
	}
	// Removing again, or an account never seen, frees nothing.
	for _, key := range []string{"a", "nobody"} {
		freed, err := db.RemoveAccount(ctx, key)
		must(t, err)
		if freed != (store.Usage{}) {
			t.Errorf("RemoveAccount(%q) freed %+v", key, freed)
		}
	}
}

func testClear(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	accts := []store.Account{
		{Key: "a", Server: "s", Username: "a", Fingerprint: "12:34", LastUsed: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		{Key: "b", Server: "s", Username: "b"},
	}
	for _, a := range accts {
		must(t, db.PutAccount(ctx, a))
		fill(t, db, a.Key, "u1", "u2")
	}
	before := usage(t, db, "")
	freed, err := db.Clear(ctx)
	must(t, err)
	if freed != before {
		t.Errorf("Clear freed %+v, Usage said %+v", freed, before)
	}
	if u := usage(t, db, ""); u != (store.Usage{}) {
		t.Errorf("Usage after Clear = %+v", u)
	}
	for _, a := range accts {
		if c := load(t, db, a.Key); len(c.Headers)+len(c.Read)+len(c.Deletes) != 0 {
			t.Errorf("%s after Clear: %+v", a.Key, c)
		}
		if raw := body(t, db, a.Key, "u1"); raw != nil {
			t.Errorf("%s: body kept after Clear", a.Key)
		}
	}
	as, err := db.Accounts(ctx)
	must(t, err)
	if len(as) != 2 || as[0].Key != "a" || as[0].Fingerprint != "12:34" || !as[0].LastUsed.Equal(accts[0].LastUsed) || as[1].Key != "b" {
		t.Errorf("Accounts after Clear = %+v, want both records kept", as)
	}
	// The store still works.
	fill(t, db, "a", "u3")
	if c := load(t, db, "a"); len(c.Headers) != 1 {
		t.Errorf("after Clear and a put: %+v", c)
	}
}

func testListing(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	check := func(account string, want store.Listing) {
		t.Helper()
		got := load(t, db, account).Listing
		if got.Octets != want.Octets || !eqStrings(got.UIDs, want.UIDs) {
			t.Errorf("%s: listing %+v, want %+v", account, got, want)
		}
	}
	check("me", store.Listing{})
	big := store.Listing{Octets: 1 << 40}
	for i := range 10000 {
		big.UIDs = append(big.UIDs, fmt.Sprintf("uid-%05d", 9999-i)) // message order, not sorted
	}
	odd := store.Listing{UIDs: []string{"a\"b", "<&>", "é", "a"}, Octets: 3}
	before := usage(t, db, "")
	must(t, db.PutListing(ctx, "me", big))
	must(t, db.PutListing(ctx, "me@example.org", odd))
	check("me", big)
	check("me@example.org", odd)
	if u := usage(t, db, ""); u != before {
		t.Errorf("a listing changed Usage: %+v, was %+v", u, before)
	}
	// Forget leaves the snapshot alone; a new listing replaces it; an
	// empty one drops it.
	must(t, db.Forget(ctx, "me", big.UIDs[:10]))
	check("me", big)
	must(t, db.PutListing(ctx, "me", odd))
	check("me", odd)
	must(t, db.PutListing(ctx, "me", store.Listing{Octets: 5}))
	check("me", store.Listing{})
	check("me@example.org", odd)
	// The listing is mail: RemoveAccount and Clear drop it.
	must(t, db.PutListing(ctx, "me", odd))
	if _, err := db.RemoveAccount(ctx, "me"); err != nil {
		t.Fatal(err)
	}
	check("me", store.Listing{})
	check("me@example.org", odd)
	if _, err := db.Clear(ctx); err != nil {
		t.Fatal(err)
	}
	check("me@example.org", store.Listing{})
}

// testConcurrent runs writers and readers at once (run it with -race):
// every write must land, whatever the interleaving.
func testConcurrent(t *testing.T, open Opener) {
	db := open(t, nil)
	ctx := context.Background()
	const workers, rows = 6, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			account := fmt.Sprintf("acct-%d", w%2) // two accounts, three writers each
			var hs []store.Header
			var uids []string
			for i := range rows {
				uid := fmt.Sprintf("w%d-%d", w, i)
				hs = append(hs, store.Header{UID: uid, Number: i})
				uids = append(uids, uid)
			}
			for _, f := range []func() error{
				func() error { return db.PutHeaders(ctx, account, hs) },
				func() error { return db.SetRead(ctx, account, true, uids[:rows/2]) },
				func() error { return db.QueueDeletes(ctx, account, uids[:1]) },
				func() error { return db.PutBody(ctx, account, uids[0], []byte(uids[0])) },
				func() error { _, err := db.Load(ctx, account); return err },
				func() error { _, err := db.Usage(ctx, ""); return err },
			} {
				if err := f(); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for a := range 2 {
		c := load(t, db, fmt.Sprintf("acct-%d", a))
		if n := workers / 2; len(c.Headers) != n*rows || len(c.Read) != n*rows/2 || len(c.Deletes) != n {
			t.Errorf("acct-%d: %d headers, %d read, %d deletes", a, len(c.Headers), len(c.Read), len(c.Deletes))
		}
	}
	if u := usage(t, db, ""); u.Headers != workers*rows || u.Bodies != workers {
		t.Errorf("Usage = %+v", u)
	}
}

// calls lists every method but Close, to check how each one fails.
func calls(db store.DB) map[string]func(context.Context) error {
	return map[string]func(context.Context) error{
		"Load":         func(ctx context.Context) error { _, err := db.Load(ctx, "a"); return err },
		"PutHeaders":   func(ctx context.Context) error { return db.PutHeaders(ctx, "a", []store.Header{{UID: "u"}}) },
		"SetRead":      func(ctx context.Context) error { return db.SetRead(ctx, "a", true, []string{"u"}) },
		"Forget":       func(ctx context.Context) error { return db.Forget(ctx, "a", []string{"u"}) },
		"Body":         func(ctx context.Context) error { _, _, err := db.Body(ctx, "a", "u"); return err },
		"PutBody":      func(ctx context.Context) error { return db.PutBody(ctx, "a", "u", []byte("x")) },
		"QueueDeletes": func(ctx context.Context) error { return db.QueueDeletes(ctx, "a", []string{"u"}) },
		"Unqueue":      func(ctx context.Context) error { return db.Unqueue(ctx, "a", []string{"u"}) },
		"Accounts":     func(ctx context.Context) error { _, err := db.Accounts(ctx); return err },
		"PutAccount":   func(ctx context.Context) error { return db.PutAccount(ctx, store.Account{Key: "a"}) },
		"RemoveAccount": func(ctx context.Context) error {
			_, err := db.RemoveAccount(ctx, "a")
			return err
		},
		"PutListing": func(ctx context.Context) error {
			return db.PutListing(ctx, "a", store.Listing{UIDs: []string{"u"}, Octets: 1})
		},
		"Usage": func(ctx context.Context) error { _, err := db.Usage(ctx, ""); return err },
		"PutDraft": func(ctx context.Context) error {
			return db.PutDraft(ctx, store.Draft{ID: "d", Account: "a"})
		},
		"Drafts":      func(ctx context.Context) error { _, err := db.Drafts(ctx, "a"); return err },
		"Draft":       func(ctx context.Context) error { _, _, err := db.Draft(ctx, "a", "d"); return err },
		"DeleteDraft": func(ctx context.Context) error { return db.DeleteDraft(ctx, "a", "d") },
		"PutOutbox": func(ctx context.Context) error {
			return db.PutOutbox(ctx, store.OutboxEntry{ID: "o", Account: "a", Raw: []byte("x")})
		},
		"Outbox":      func(ctx context.Context) error { _, err := db.Outbox(ctx, ""); return err },
		"OutboxEntry": func(ctx context.Context) error { _, _, err := db.OutboxEntry(ctx, "a", "o"); return err },
		"UpdateOutbox": func(ctx context.Context) error {
			_, err := db.UpdateOutbox(ctx, "a", "o", false, func(*store.OutboxEntry) error { return nil })
			return err
		},
		"MoveToSent": func(ctx context.Context) error {
			return db.MoveToSent(ctx, "a", "o", func(store.OutboxEntry) (store.SentMessage, error) { return store.SentMessage{}, nil })
		},
		"DeleteOutbox": func(ctx context.Context) error { return db.DeleteOutbox(ctx, "a", "o") },
		"SentList":     func(ctx context.Context) error { _, err := db.SentList(ctx, "a"); return err },
		"SentMessage":  func(ctx context.Context) error { _, _, err := db.SentMessage(ctx, "a", "s"); return err },
		"PutSent": func(ctx context.Context) error {
			return db.PutSent(ctx, store.SentMessage{ID: "s", Account: "a"})
		},
		"DeleteSent": func(ctx context.Context) error { return db.DeleteSent(ctx, "a", "s") },
		"Identities": func(ctx context.Context) error { _, err := db.Identities(ctx, "a"); return err },
		"PutIdentities": func(ctx context.Context) error {
			return db.PutIdentities(ctx, "a", []store.Identity{{Addresses: []string{"a@x"}}})
		},
		"SeeContacts": func(ctx context.Context) error {
			return db.SeeContacts(ctx, "a", []store.Contact{{Addr: "a@x"}})
		},
		"LookupContacts": func(ctx context.Context) error { _, err := db.LookupContacts(ctx, "a", "", 0); return err },
		"Clear":          func(ctx context.Context) error { _, err := db.Clear(ctx); return err },
	}
}

func testCanceled(t *testing.T, open Opener) {
	db := open(t, nil)
	fill(t, db, "a", "u")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, call := range calls(db) {
		if err := call(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a canceled context = %v, want context.Canceled", name, err)
		}
	}
	// Nothing changed.
	if c := load(t, db, "a"); len(c.Headers) != 1 || len(c.Read) != 1 || len(c.Deletes) != 1 {
		t.Errorf("after canceled calls: %+v", c)
	}
}

func testClose(t *testing.T, open Opener) {
	db := open(t, nil)
	fill(t, db, "a", "u")
	must(t, db.Close())
	for name, call := range calls(db) {
		err := call(context.Background())
		var se *store.Error
		if !errors.Is(err, store.ErrClosed) || !errors.As(err, &se) {
			t.Errorf("%s after Close = %v, want a *store.Error wrapping ErrClosed", name, err)
		}
	}
	if err := db.Close(); !errors.Is(err, store.ErrClosed) {
		t.Errorf("second Close = %v, want ErrClosed", err)
	}
}

// sameCustom compares user-entered servers by value.
func sameCustom(a, b *store.CustomServer) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.POP3 != b.POP3 || (a.Submission == nil) != (b.Submission == nil) {
		return false
	}
	return a.Submission == nil || *a.Submission == *b.Submission
}
