//go:build js && wasm

package store

import (
	"context"
	"maps"
	"slices"
	"syscall/js"
)

// Inbox rows live in buckets (see headerBuckets): object store "headers"
// maps [account, bucket] to the bucket's rows. A write reads the buckets
// it changes and writes them back within one readwrite transaction, so
// two writes to one bucket, from two goroutines or two tabs, cannot lose
// each other's rows: IndexedDB runs readwrite transactions over the same
// store one after the other.

// PutHeaders implements Mail, in one transaction, with a few Go/JS calls
// per bucket it changes, whatever the number of rows. If two headers of
// hs share a UID, the later one wins.
func (d *IDB) PutHeaders(ctx context.Context, account string, hs []Header) error {
	const op = "put headers"
	// Encode first: it fails on bad input (no UID, a year JSON cannot
	// hold) before anything changes.
	put := make(map[int]bucketRows)
	for _, h := range hs {
		s, err := encodeHeader(h)
		if err != nil {
			return &Error{Op: op, Err: err}
		}
		uid := storedUID(h.UID)
		b := headerBucket(uid)
		if put[b] == nil {
			put[b] = make(bucketRows)
		}
		put[b][uid] = s
	}
	if len(put) == 0 {
		return d.check(ctx, op)
	}
	return d.do(ctx, op, "readwrite", []string{storeHeaders}, func(t *txn) {
		t.editBuckets(account, slices.Sorted(maps.Keys(put)), func(b int, rows bucketRows) bool {
			maps.Copy(rows, put[b])
			return true
		})
	})
}

// forgetHeaders drops the rows of uids from account's buckets, in t
// (which must include storeHeaders): Forget's part in the headers.
func (t *txn) forgetHeaders(account string, uids []string) {
	drop := make(map[int][]string)
	for _, uid := range uids {
		uid = storedUID(uid)
		b := headerBucket(uid)
		drop[b] = append(drop[b], uid)
	}
	t.editBuckets(account, slices.Sorted(maps.Keys(drop)), func(b int, rows bucketRows) bool {
		n := len(rows)
		for _, uid := range drop[b] {
			delete(rows, uid)
		}
		return len(rows) != n
	})
}

// editBuckets reads account's buckets bs (none empty) and passes each to
// edit, which changes its rows in place and reports whether it changed
// anything; the changed buckets are written back, and those left empty
// deleted, so that Load never reads an empty bucket. The writes are
// issued from the reads' callback, while t is still active: the read and
// the write are one atomic step of t.
func (t *txn) editBuckets(account string, bs []int, edit func(b int, rows bucketRows) bool) {
	st := t.store(storeHeaders)
	reqs := make([]js.Value, len(bs))
	for i, b := range bs {
		reqs[i] = st.Call("get", bucketKey(account, b))
	}
	// Requests run and report in the order they were made: when the last
	// one succeeds, every one has its result, and one callback does.
	t.then(reqs[len(reqs)-1], func(js.Value) {
		for i, b := range bs {
			var old string
			switch r := reqs[i].Get("result"); r.Type() {
			case js.TypeString:
				old = r.String()
			case js.TypeUndefined:
			default:
				panic(errBadBucket)
			}
			rows, err := parseBucket(old)
			if err != nil {
				panic(err)
			}
			if !edit(b, rows) {
				continue
			}
			if len(rows) == 0 {
				st.Call("delete", bucketKey(account, b))
			} else {
				st.Call("put", rows.join(), bucketKey(account, b))
			}
		}
	})
}

// bucketKey is the key of bucket b of account: a number sorts before any
// array, so it lies within accountRange(account).
func bucketKey(account string, b int) js.Value { return js.ValueOf([]any{account, b}) }
