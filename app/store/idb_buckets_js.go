//go:build js && wasm

package store

import (
	"maps"
	"slices"
	"syscall/js"
)

// Inbox rows and read marks live in buckets (see bucketCount): object
// stores "headers" and "marks" map [account, bucket] to the bucket's
// rows. A write reads the buckets it changes and writes them back within
// one readwrite transaction, so two writes to one bucket, from two
// goroutines or two tabs, cannot lose each other's rows: IndexedDB runs
// readwrite transactions over the same store one after the other.

// bucketStore is an object store kept in buckets, with the function that
// finds the key (the stored UID) of one of its rows.
type bucketStore struct {
	name string
	key  func(row string) (string, error)
}

var (
	headerBuckets = bucketStore{storeHeaders, rowUID}
	markBuckets   = bucketStore{storeMarks, markUID}
)

// editBuckets applies edits to account's buckets in s, in t (which must
// include s.name): it reads the buckets that edits change, merges each
// one's edits into it, and writes back those that changed, deleting
// those left empty, so that Load never reads an empty bucket. The writes
// are issued from the reads' callback, while t is still active: the read
// and the write are one atomic step of t.
func (t *txn) editBuckets(s bucketStore, account string, edits bucketEdits) {
	if len(edits) == 0 {
		return
	}
	bs := slices.Sorted(maps.Keys(edits))
	st := t.store(s.name)
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
			merged, changed, err := merge(old, s.key, edits[b])
			switch {
			case err != nil:
				panic(err)
			case !changed:
			case merged == "":
				st.Call("delete", bucketKey(account, b))
			default:
				st.Call("put", merged, bucketKey(account, b))
			}
		}
	})
}

// bucketKey is the key of bucket b of account: a number sorts before any
// array, so it lies within accountRange(account).
func bucketKey(account string, b int) js.Value { return js.ValueOf([]any{account, b}) }
