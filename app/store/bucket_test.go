package store

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestHeaderBucket pins the bucket of a few UIDLs: the buckets are on
// the device, so a change of the hash or of headerBuckets is a schema
// change, which this catches (TestIDBMigrateFrom1 writes rows in these
// buckets).
func TestHeaderBucket(t *testing.T) {
	for uid, want := range map[string]int{"u1": 3, "u38": 3, "u2": 6, "": 5, "uid-1": 3, "1a2b": 7} {
		if got := headerBucket(uid); got != want {
			t.Errorf("headerBucket(%q) = %d, want %d", uid, got, want)
		}
	}
	// Sequential UIDLs spread evenly.
	var count [headerBuckets]int
	const n = 100 * headerBuckets
	for i := range n {
		count[headerBucket(strconv.Itoa(1000+i))]++
	}
	for b, c := range count {
		if c < n/headerBuckets/2 || c > 2*n/headerBuckets {
			t.Errorf("bucket %d holds %d of %d sequential UIDLs", b, c, n)
		}
	}
}

func TestBucketRows(t *testing.T) {
	enc := func(h Header) string {
		t.Helper()
		s, err := encodeHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	rows, err := parseBucket("")
	if err != nil || len(rows) != 0 {
		t.Fatalf("parseBucket(\"\") = %v, %v", rows, err)
	}
	// UIDs that need escapes, and one that needs the slow path.
	hs := []Header{
		{UID: "b", Subject: "second\nline"},
		{UID: "a \"quoted\" \\ uid", Size: 1},
		{UID: "\u2028<&>", Number: 3},
	}
	for _, h := range hs {
		rows[storedUID(h.UID)] = enc(h)
	}
	joined := rows.join()
	if strings.Count(joined, "\n") != len(hs)-1 {
		t.Fatalf("join = %q: not one line per row", joined)
	}
	got, err := decodeHeaders(joined, len(hs))
	if err != nil || len(got) != len(hs) {
		t.Fatalf("decodeHeaders(join) = %+v, %v", got, err)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].UID >= got[i].UID {
			t.Errorf("join: rows not sorted by UID: %q before %q", got[i-1].UID, got[i].UID)
		}
	}
	again, err := parseBucket(joined)
	if err != nil || len(again) != len(rows) {
		t.Fatalf("parseBucket(join) = %v, %v", again, err)
	}
	for uid, s := range rows {
		if again[uid] != s {
			t.Errorf("row %q: parsed back %q, want %q", uid, again[uid], s)
		}
	}
	if again.join() != joined {
		t.Error("the same rows joined differently")
	}
	// A row not laid out as encodeHeader writes it still yields its UID.
	if uid, err := rowUID(`{"s":"x","u":"late"}`); err != nil || uid != "late" {
		t.Errorf("rowUID of a reordered row = %q, %v", uid, err)
	}
	for _, bad := range []string{"not json", `{"s":"no uid"}`, `{"u":""}`, "\n"} {
		if _, err := parseBucket(bad); err == nil {
			t.Errorf("parseBucket(%q): no error", bad)
		}
	}
}

// TestStoredUID: a row is bucketed and matched by the UID its encoding
// holds, which is what Load returns.
func TestStoredUID(t *testing.T) {
	for _, uid := range []string{"plain", "é😀", "\xff", "a\xe2\x80b", "\xed\xa0\x80"} {
		s, err := encodeHeader(Header{UID: uid})
		if err != nil {
			t.Fatal(err)
		}
		h, err := decodeHeader(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := storedUID(uid); got != h.UID {
			t.Errorf("storedUID(%q) = %q, the row holds %q", uid, got, h.UID)
		}
		if got, err := rowUID(s); err != nil || got != h.UID {
			t.Errorf("rowUID(%s) = %q, %v, want %q", s, got, err, h.UID)
		}
	}
}

func TestSortByUID(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000} {
		for _, runs := range []int{1, 2, 3, 7, 64, n} {
			// Sorted runs of random UIDs, some repeated (in two runs, as
			// no two buckets should hold; the order of those is open).
			var hs []Header
			for r := range max(runs, 1) {
				var run []Header
				for range n / max(runs, 1) {
					run = append(run, Header{UID: strconv.Itoa(rng.IntN(3*n + 1)), Number: r})
				}
				slices.SortFunc(run, func(a, b Header) int { return strings.Compare(a.UID, b.UID) })
				hs = append(hs, run...)
			}
			want := slices.Clone(hs)
			byUIDNumber := func(a, b Header) int {
				return cmp.Or(strings.Compare(a.UID, b.UID), cmp.Compare(a.Number, b.Number))
			}
			slices.SortFunc(want, byUIDNumber)
			sortByUID(hs)
			if !slices.IsSortedFunc(hs, func(a, b Header) int { return strings.Compare(a.UID, b.UID) }) {
				t.Errorf("%d rows in %d runs: not sorted: %v", n, runs, uidList(hs))
			}
			slices.SortStableFunc(hs, byUIDNumber)
			if !slices.Equal(hs, want) {
				t.Errorf("%d rows in %d runs: rows lost or duplicated", n, runs)
			}
		}
	}
}

func uidList(hs []Header) []string {
	var s []string
	for _, h := range hs {
		s = append(s, h.UID)
	}
	return s
}
