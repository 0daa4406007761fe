//go:build js && wasm

package store

import "context"

// PutHeaders implements Mail, in one transaction, with a few Go/JS calls
// per bucket it changes, whatever the number of rows (see editBuckets).
// If two headers of hs share a UID, the later one wins.
func (d *IDB) PutHeaders(ctx context.Context, account string, hs []Header) error {
	const op = "put headers"
	// Encode first: it fails on bad input (no UID, a year JSON cannot
	// hold) before anything changes.
	edits := make(bucketEdits)
	for _, h := range hs {
		s, err := encodeHeader(h)
		if err != nil {
			return &Error{Op: op, Err: err}
		}
		edits.set(storedUID(h.UID), s)
	}
	if len(edits) == 0 {
		return d.check(ctx, op)
	}
	return d.do(ctx, op, "readwrite", []string{storeHeaders}, func(t *txn) {
		t.editBuckets(headerBuckets, account, edits)
	})
}
