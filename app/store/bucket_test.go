package store

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBucketOf pins the bucket of a few UIDLs: the buckets are on the
// device, so a change of the hash or of bucketCount is a schema change,
// which this catches (TestIDBMigrateFrom1 writes rows and marks in these
// buckets).
func TestBucketOf(t *testing.T) {
	for uid, want := range map[string]int{"u1": 3, "u38": 3, "u2": 6, "": 5, "uid-1": 3, "1a2b": 7, "two\nlines": 0} {
		if got := bucketOf(uid); got != want {
			t.Errorf("bucketOf(%q) = %d, want %d", uid, got, want)
		}
	}
	// Sequential UIDLs spread evenly.
	var count [bucketCount]int
	const n = 100 * bucketCount
	for i := range n {
		count[bucketOf(strconv.Itoa(1000+i))]++
	}
	for b, c := range count {
		if c < n/bucketCount/2 || c > 2*n/bucketCount {
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
	rows, err := parseBucket("", rowUID)
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
	again, err := parseBucket(joined, rowUID)
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
		if _, err := parseBucket(bad, rowUID); err == nil {
			t.Errorf("parseBucket(%q): no error", bad)
		}
	}
}

// TestMarks: a mark's row is its UID, quoted only where a bare row
// could not hold it, and a bucket of marks round-trips as rows do.
func TestMarks(t *testing.T) {
	for uid, want := range map[string]string{
		"plain":        "plain",
		"1a2b-é😀":      "1a2b-é😀",
		`in"side`:      `in"side`,
		`back\slash`:   `back\slash`,
		"<&> \t\r":     "<&> \t\r",
		"\u2028":       "\u2028",
		"":             `""`,
		`"leading`:     `"\"leading"`,
		"two\nlines":   `"two\nlines"`,
		`""`:           `"\"\""`,
		"\"<\n\u2028>": `"\"\u003c\n\u2028\u003e"`,
	} {
		row := markRow(uid)
		if row != want {
			t.Errorf("markRow(%q) = %q, want %q", uid, row, want)
		}
		if strings.Contains(row, "\n") {
			t.Errorf("markRow(%q) = %q holds the separator", uid, row)
		}
		if got, err := markUID(row); err != nil || got != uid {
			t.Errorf("markUID(%q) = %q, %v, want %q", row, got, err, uid)
		}
	}
	for _, bad := range []string{"", `"unterminated`, `"a"b`, `"\x"`} {
		if uid, err := markUID(bad); err == nil {
			t.Errorf("markUID(%q) = %q, want an error", bad, uid)
		}
	}

	// A bucket: marks set, one twice, one unset, one never set unset.
	rows, err := parseBucket("", markUID)
	if err != nil {
		t.Fatal(err)
	}
	edits := make(bucketEdits)
	for _, uid := range []string{"b", "", "a\nb", "c", "b"} {
		edits.set(uid, markRow(uid))
	}
	edits.set("c", "")
	edits.set("never", "")
	for b, e := range edits {
		for uid := range e {
			if bucketOf(uid) != b {
				t.Errorf("edit of %q in bucket %d, want %d", uid, b, bucketOf(uid))
			}
		}
	}
	for _, e := range edits {
		rows.apply(e)
	}
	joined := rows.join()
	if want := `""` + "\n" + `"a\nb"` + "\nb"; joined != want {
		t.Errorf("marks joined = %q, want %q (sorted by UID)", joined, want)
	}
	again, err := parseBucket(joined, markUID)
	if err != nil || !maps.Equal(again, rows) {
		t.Errorf("parseBucket(%q) = %q, %v, want %q", joined, again, err, rows)
	}
	// Load's side: buckets joined are their marks joined.
	read, err := parseMarks(joined + "\nz")
	if want := map[string]bool{"": true, "a\nb": true, "b": true, "z": true}; err != nil || !maps.Equal(read, want) {
		t.Errorf("parseMarks = %v, %v, want %v", read, err, want)
	}
	if read, err := parseMarks(""); err != nil || read == nil || len(read) != 0 {
		t.Errorf("parseMarks of none = %v, %v, want an empty map", read, err)
	}
	for _, bad := range []string{"a\n\nb", "a\n", `"open`} {
		if _, err := parseMarks(bad); err == nil {
			t.Errorf("parseMarks(%q): no error", bad)
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

// bucketKinds are the two kinds of bucket: rows of headers and marks,
// each with its key and a row for a UID.
var bucketKinds = []struct {
	name string
	key  func(string) (string, error)
	row  func(uid string) string
}{
	{"headers", rowUID, func(uid string) string {
		s, _ := encodeHeader(Header{UID: uid, Subject: "re: " + uid})
		return s
	}},
	{"marks", markUID, markRow},
}

// TestMerge holds merge to the plain way of editing a bucket: parse it,
// apply the edits, join it.
func TestMerge(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	uid := func() string {
		return []string{"", "\n", `"q`, "a", "b", "é"}[rng.IntN(6)] + strconv.Itoa(rng.IntN(40))
	}
	for _, k := range bucketKinds {
		for range 2000 {
			rows := make(bucketRows)
			for range rng.IntN(12) {
				u := uid()
				rows[u] = k.row(u)
			}
			old := rows.join()
			edits := make(bucketRows)
			for range rng.IntN(6) {
				u := uid()
				if rng.IntN(2) == 0 {
					edits[u] = ""
				} else {
					edits[u] = k.row(u)
				}
			}
			// Now and then a row that changes, not just comes or goes.
			if k.name == "headers" {
				for u := range rows {
					if rng.IntN(4) == 0 {
						s, _ := encodeHeader(Header{UID: u, Subject: "changed"})
						edits[u] = s
					}
					break
				}
			}
			want := maps.Clone(rows)
			want.apply(edits)
			wantJoined := want.join()
			got, changed, err := merge(old, k.key, edits)
			if err != nil || got != wantJoined || changed != (wantJoined != old) {
				t.Fatalf("%s: merge(%q, %q) = %q, %v, %v; want %q, %v", k.name, old, edits, got, changed, err, wantJoined, wantJoined != old)
			}
		}
		// A bucket out of order, or with a key twice, comes out in
		// order, and changed.
		a, b := k.row("a"), k.row("b")
		for _, old := range []string{b + "\n" + a, a + "\n" + a + "\n" + b} {
			got, changed, err := merge(old, k.key, bucketRows{"c": ""})
			if want := a + "\n" + b; err != nil || got != want || !changed {
				t.Errorf("%s: merge(%q) = %q, %v, %v; want %q, true", k.name, old, got, changed, err, want)
			}
		}
		if _, _, err := merge(a+"\n\n"+b, k.key, bucketRows{"c": ""}); err == nil {
			t.Errorf("%s: merge of a bucket with an empty row: no error", k.name)
		}
	}
}

// BenchmarkMerge times a write of one row to a bucket of ~600 rows, as
// a 10,000-row inbox has them: merged, and, as the baseline, parsed
// whole into a map and joined sorted.
func BenchmarkMerge(b *testing.B) {
	for _, k := range bucketKinds {
		rows := make(bucketRows)
		for i := range 600 {
			uid := fmt.Sprintf("%08x-%04d-uidl", i*2654435761, i)
			rows[uid] = k.row(uid)
		}
		old, edits := rows.join(), bucketRows{"7-new": k.row("7-new")}
		b.Run(k.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := merge(old, k.key, edits); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(k.name+"/whole", func(b *testing.B) {
			for b.Loop() {
				if _, _, err := mergeUnsorted(old, k.key, edits); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
