//go:build js && wasm

package store

import (
	"context"
	"syscall/js"
)

// modeRelaxedWrite is a readwrite transaction without the strict
// durability that device-only stores otherwise get (see do).
const modeRelaxedWrite = "readwrite-relaxed"

// recPutMany implements batchRecords in one readwrite transaction: all
// or none, and, the kind being device-only, one strict commit. Metas
// alone (blobs nil) are the verified marks of PutKeptMany, written with
// relaxed durability: a mark lost to a crash leaves a copy unverified,
// which is safe (nothing is removed for it; the next full copy fetches
// it again), and it saves a flush to disk per window.
func (d *IDB) recPutMany(ctx context.Context, op string, k kind, account string, ids, metas []string, blobs [][][]byte) error {
	stores := []string{k.meta}
	mode := modeRelaxedWrite
	if blobs != nil && k.blobs != "" {
		stores, mode = k.stores(), "readwrite"
	}
	return d.do(ctx, op, mode, stores, func(t *txn) {
		meta := t.store(k.meta)
		var data js.Value
		if len(stores) == 2 {
			data = t.store(k.blobs)
		}
		for i, id := range ids {
			kv := key(account, id)
			meta.Call("put", metas[i], kv)
			if len(stores) == 2 {
				data.Call("put", jsBlobs(blobs[i]), kv)
			}
		}
	})
}

// recBlobsMany implements batchRecords in one readonly transaction.
func (d *IDB) recBlobsMany(ctx context.Context, op string, k kind, account string, ids []string) ([][][]byte, error) {
	out := make([][][]byte, len(ids))
	err := d.do(ctx, op, "readonly", []string{k.blobs}, func(t *txn) {
		st := t.store(k.blobs)
		for i, id := range ids {
			t.then(st.Call("get", key(account, id)), func(r js.Value) { out[i] = goBlobs(r) })
		}
	})
	return out, err
}
