package store

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// IDB keeps an account's inbox rows, and its read marks, in a fixed
// number of buckets each: a bucket is one record holding its rows
// joined by "\n", sorted by UID (a header row is its encodeHeader
// string, a mark its markRow). A UIDL's bucket is a function of the
// UIDL alone (bucketOf), so rows and marks are still addressed by
// UIDL: a write finds a row by reading its one bucket, and a UIDL's
// mark sits in the bucket of the same number as its row. The point is
// Load: reading 10,000 records, a structured clone each, was most of
// its time; 10,000 rows now load as bucketCount strings, and 10,000
// marks as as many more.
//
// These functions are the format of the buckets, apart from IndexedDB,
// so that they are tested natively too. The format is part of the IDB
// schema: changing bucketCount or the hash strands rows in buckets
// where no write looks for them, so it takes an upgrade step that
// re-buckets every row and mark.

// bucketCount is the number of buckets per account, of rows and of
// marks alike. Fewer buckets make Load cheaper and a single-row update
// dearer, as it rewrites a bigger bucket (reads it, splits it, joins it
// and writes it back). Measured in headless Chromium for 10,000 rows of
// ~200 bytes (2 MB):
//
//	buckets      getAll of the rows   update of one row
//	10,000 rows  60-70 ms             0.8 ms  (one record per row)
//	64           24-30 ms             1.9 ms
//	32           8-12 ms              2 ms
//	16           8-10 ms              3.5 ms
//
// Past a few dozen records, Load's cost is less their number than their
// size: Chromium keeps a value of 64 KiB or more (serialized, where a JS
// string with any character past U+00FF takes 2 bytes a character) out
// of line, as a blob, which it reads several times faster than the same
// bytes inline. 16 buckets of a 10,000-row inbox hold ~125 KB each, past
// that mark even for Latin-1 text, where 32 would sit at it. A new
// message in such an inbox then rewrites ~125 KB, a few milliseconds;
// even 100,000 rows would rewrite ~1.3 MB per update, rare next to Load.
// Marks are ~20 bytes each, so 10,000 of them make 16 buckets of ~12 KB.
const bucketCount = 16

// bucketOf returns the bucket of the row, and of the mark, whose stored
// UID is uid (storedUID): FNV-1a (32 bits) of its bytes, mod
// bucketCount. UIDLs are often sequential or share long prefixes;
// FNV-1a spreads them evenly all the same, and it is simple enough to
// never change.
func bucketOf(uid string) int {
	h := uint32(2166136261)
	for i := 0; i < len(uid); i++ {
		h ^= uint32(uid[i])
		h *= 16777619
	}
	return int(h % bucketCount)
}

// storedUID is uid as its encoded row holds it: encoding/json replaces
// each invalid UTF-8 byte with U+FFFD. Rows and marks are bucketed and
// matched by that form, the UID that Load returns, so that a later write
// of the same UID finds the row whatever the caller passes, and a row's
// mark has the row's UID.
func storedUID(uid string) string {
	if utf8.ValidString(uid) {
		return uid
	}
	var s string
	_ = json.Unmarshal(appendJSONString(nil, uid), &s) // a quoted string always decodes
	return s
}

// bucketRows is one bucket's rows, by key: the stored UID of a header
// row or of a mark.
type bucketRows map[string]string

// parseBucket splits a stored bucket ("" for none) into its rows, each
// under the key that key finds in it: rowUID for headers, markUID for
// marks.
func parseBucket(s string, key func(row string) (string, error)) (bucketRows, error) {
	return parseRows(s, key, func(row string) string { return row })
}

// parseRows maps the key of each row of s, rows joined by "\n" ("" for
// none), to val(row). Sizing the map first halves the time it takes to
// fill under js/wasm (1.1 ms instead of 2.2 for 9,000 marks).
func parseRows[V any](s string, key func(row string) (string, error), val func(row string) V) (map[string]V, error) {
	m := make(map[string]V, strings.Count(s, "\n")+1)
	if s == "" {
		return m, nil
	}
	for row := range strings.SplitSeq(s, "\n") {
		k, err := key(row)
		if err != nil {
			return nil, err
		}
		m[k] = val(row)
	}
	return m, nil
}

// rowUID returns the UID of an encoded row: cut from the front when it is
// where encodeHeader writes it, decoded with the whole row otherwise.
func rowUID(line string) (string, error) {
	if rest, ok := strings.CutPrefix(line, `{"u":`); ok {
		if uid, _, _, ok := cutString(rest); ok && uid != "" {
			return uid, nil
		}
	}
	h, err := decodeHeader(line)
	if err != nil {
		return "", err
	}
	if h.UID == "" {
		return "", errBadBucket
	}
	return h.UID, nil
}

// markRow is the row that marks the stored UID uid read: uid itself, so
// that Load takes the marks as they are, but quoted as JSON for a UID
// that a bare row could not hold or would confuse with a quoted one:
// "", one holding the separator "\n", or one starting with '"'. No
// UIDL is any of those (RFC 1939 allows 0x21 to 0x7E only), but the
// store keeps whatever it is given.
func markRow(uid string) string {
	if uid == "" || uid[0] == '"' || strings.IndexByte(uid, '\n') >= 0 {
		return string(appendJSONString(nil, uid))
	}
	return uid
}

// markUID is the inverse of markRow.
func markUID(row string) (string, error) {
	if !strings.HasPrefix(row, `"`) {
		if row == "" {
			return "", errBadBucket
		}
		return row, nil
	}
	uid, rest, _, ok := cutString(row)
	if !ok || rest != "" {
		return "", errBadBucket
	}
	return uid, nil
}

// parseMarks returns the UIDs of marks, the rows of buckets of marks
// joined by "\n" ("" for none), as the set that Cache.Read is. But for
// a quoted row, the UIDs share the memory of marks: one allocation for
// them all.
func parseMarks(marks string) (map[string]bool, error) {
	return parseRows(marks, markUID, func(string) bool { return true })
}

// join returns the bucket as it is stored: the rows sorted by key, so
// that the same rows are always the same bytes, joined by "\n".
func (rows bucketRows) join() string {
	keys := slices.Sorted(maps.Keys(rows))
	n := len(keys)
	for _, k := range keys {
		n += len(rows[k])
	}
	var b strings.Builder
	b.Grow(n)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(rows[k])
	}
	return b.String()
}

// merge returns the bucket stored as old ("" for none) with the changes
// of edits made: a bucket's rows by key, where "" deletes the row of its
// key. It reports whether they changed it: a write that changes nothing
// (a mark set twice, say) need not rewrite the bucket.
//
// old's rows are sorted by key, as join leaves them, so the edits, sorted,
// merge into them in one pass, with no map of the bucket and no sort of
// it. A one-row write to a bucket of 600 rows, as a 10,000-row inbox has
// them, then costs under js/wasm 0.17 ms instead of 0.5 for headers, and
// 0.06 instead of 0.36 for marks (BenchmarkMerge), where the whole
// write takes about 1 ms for a mark and 2.5 for a row (TestIDBLoadTime).
// A bucket out of order, which no write leaves, is parsed and joined
// whole, which puts it in order.
func merge(old string, key func(row string) (string, error), edits bucketRows) (string, bool, error) {
	ks := slices.Sorted(maps.Keys(edits))
	n := len(old)
	for _, row := range edits {
		n += len(row) + 1
	}
	var b strings.Builder
	b.Grow(n)
	add := func(row string) {
		if b.Len() > 0 { // no row is ""
			b.WriteByte('\n')
		}
		b.WriteString(row)
	}
	changed := false
	j := 0 // ks[j:] are still to merge
	// insert adds the new rows of the keys before k, or of every key left
	// if last.
	insert := func(k string, last bool) {
		for ; j < len(ks) && (last || ks[j] < k); j++ {
			if row := edits[ks[j]]; row != "" {
				add(row)
				changed = true
			}
		}
	}
	if old != "" {
		var prev string
		first := true
		for line := range strings.SplitSeq(old, "\n") {
			k, err := key(line)
			if err != nil {
				return "", false, err
			}
			if !first && k <= prev {
				return mergeUnsorted(old, key, edits)
			}
			first, prev = false, k
			insert(k, false)
			if j < len(ks) && ks[j] == k {
				row := edits[k]
				j++
				changed = changed || row != line
				if line = row; line == "" {
					continue
				}
			}
			add(line)
		}
	}
	insert("", true)
	return b.String(), changed, nil
}

// mergeUnsorted is merge for a bucket out of order.
func mergeUnsorted(old string, key func(row string) (string, error), edits bucketRows) (string, bool, error) {
	rows, err := parseBucket(old, key)
	if err != nil {
		return "", false, err
	}
	rows.apply(edits)
	s := rows.join()
	return s, s != old, nil
}

// apply makes the changes of edits (see merge) in rows.
func (rows bucketRows) apply(edits bucketRows) {
	for k, row := range edits {
		if row == "" {
			delete(rows, k)
		} else {
			rows[k] = row
		}
	}
}

// bucketEdits are the changes of one write, by bucket (see merge).
type bucketEdits map[int]bucketRows

// set records the change of the row of key (a stored UID) to row, or
// its deletion if row is "". The last change of a key wins.
func (e bucketEdits) set(key, row string) {
	b := bucketOf(key)
	if e[b] == nil {
		e[b] = make(bucketRows)
	}
	e[b][key] = row
}

var errBadBucket = errors.New("a stored bucket of headers or read marks is damaged")

// sortByUID sorts hs by UID, as Load returns them. It merges the
// ascending runs that hs already holds, pairwise: IDB's Load gets the
// rows bucket after bucket, each bucket sorted, so 10,000 rows in 64 runs
// take 6 passes. Under js/wasm that costs Load about 5 ms for 10,000
// rows, where sorting them from scratch (slices.SortFunc) cost about 30.
// Rows in any order still come out sorted, in runs of one at worst.
func sortByUID(hs []Header) {
	var runs []int // where each run starts
	for i := range hs {
		if i == 0 || hs[i].UID < hs[i-1].UID {
			runs = append(runs, i)
		}
	}
	if len(runs) <= 1 {
		return
	}
	src, dst := hs, make([]Header, len(hs))
	end := func(k int) int {
		if k < len(runs) {
			return runs[k]
		}
		return len(hs)
	}
	for len(runs) > 1 {
		merged := make([]int, 0, (len(runs)+1)/2)
		for k := 0; k < len(runs); k += 2 {
			lo, mid, hi := runs[k], end(k+1), end(k+2)
			mergeByUID(dst[lo:hi], src[lo:mid], src[mid:hi])
			merged = append(merged, lo)
		}
		runs = merged
		src, dst = dst, src
	}
	if &src[0] != &hs[0] {
		copy(hs, src)
	}
}

// mergeByUID merges a and b, each sorted by UID, into dst.
func mergeByUID(dst, a, b []Header) {
	i, j := 0, 0
	for k := range dst {
		if j == len(b) || i < len(a) && a[i].UID <= b[j].UID {
			dst[k], i = a[i], i+1
		} else {
			dst[k], j = b[j], j+1
		}
	}
}
