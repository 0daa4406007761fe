package store

import (
	"encoding/json"
	"errors"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// IDB keeps an account's inbox rows in a fixed number of buckets, each
// one record holding its rows' encodeHeader strings joined by "\n",
// sorted by UID. A row's bucket is a function of its UIDL alone
// (headerBucket), so rows are still addressed by UIDL: a write finds a
// row by reading its one bucket. The point is Load: reading 10,000
// records, a structured clone each, was most of its time; 10,000 rows
// now load as headerBuckets strings.
//
// These functions are the format of the buckets, apart from IndexedDB,
// so that they are tested natively too. The format is part of the IDB
// schema: changing headerBuckets or the hash strands rows in buckets
// where no write looks for them, so it takes an upgrade step that
// re-buckets every row.

// headerBuckets is the number of buckets per account. Fewer buckets
// make Load cheaper and a single-row update dearer, as it rewrites a
// bigger bucket (reads it, splits it, joins it and writes it back).
// Measured in headless Chromium for 10,000 rows of ~200 bytes (2 MB):
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
const headerBuckets = 16

// headerBucket returns the bucket of the row whose stored UID is uid
// (storedUID): FNV-1a (32 bits) of its bytes, mod headerBuckets. UIDLs
// are often sequential or share long prefixes; FNV-1a spreads them evenly
// all the same, and it is simple enough to never change.
func headerBucket(uid string) int {
	h := uint32(2166136261)
	for i := 0; i < len(uid); i++ {
		h ^= uint32(uid[i])
		h *= 16777619
	}
	return int(h % headerBuckets)
}

// storedUID is uid as its encoded row holds it: encoding/json replaces
// each invalid UTF-8 byte with U+FFFD. Rows are bucketed and matched by
// that form, the UID that Load returns, so that a later write of the same
// UID finds the row whatever the caller passes.
func storedUID(uid string) string {
	if utf8.ValidString(uid) {
		return uid
	}
	var s string
	_ = json.Unmarshal(appendJSONString(nil, uid), &s) // a quoted string always decodes
	return s
}

// bucketRows is one bucket's rows, by stored UID.
type bucketRows map[string]string

// parseBucket splits a stored bucket ("" for none) into its rows. It
// decodes only each row's UID, which encodeHeader writes first.
func parseBucket(s string) (bucketRows, error) {
	rows := make(bucketRows, strings.Count(s, "\n")+1)
	if s == "" {
		return rows, nil
	}
	for line := range strings.SplitSeq(s, "\n") {
		uid, err := rowUID(line)
		if err != nil {
			return nil, err
		}
		rows[uid] = line
	}
	return rows, nil
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

// join returns the bucket as it is stored: the rows sorted by UID, so
// that the same rows are always the same bytes, joined by "\n".
func (rows bucketRows) join() string {
	uids := slices.Sorted(maps.Keys(rows))
	n := len(uids)
	for _, uid := range uids {
		n += len(rows[uid])
	}
	var b strings.Builder
	b.Grow(n)
	for i, uid := range uids {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(rows[uid])
	}
	return b.String()
}

var errBadBucket = errors.New("a stored bucket of headers is damaged")

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
