//go:build js && wasm

package store

import (
	"context"
	"encoding/json"
	"slices"
	"syscall/js"
)

// The search index in IndexedDB: store searchidx (schema step 5),
// [account, chunk number] → Uint8Array. It is one of mailStores, so Clear
// and RemoveAccount empty it.

const storeSearch = "searchidx"

var _ SearchIndex = (*IDB)(nil)

// SearchChunks implements SearchIndex: the keys and the values of the
// account's range, read in one transaction, come in the same key order.
func (d *IDB) SearchChunks(ctx context.Context, account string) (map[int][]byte, error) {
	const op = "read search index"
	var (
		keys string
		vals js.Value
	)
	err := d.do(ctx, op, "readonly", []string{storeSearch}, func(t *txn) {
		st, rng := t.store(storeSearch), accountRange(account)
		t.then(st.Call("getAllKeys", rng...), func(r js.Value) { keys = stringify(r) })
		t.then(st.Call("getAll", rng...), func(r js.Value) { vals = r })
	})
	if err != nil {
		return nil, err
	}
	var ks [][2]any
	if err := json.Unmarshal([]byte(keys), &ks); err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	out := make(map[int][]byte, len(ks))
	for i, k := range ks {
		n, ok := k[1].(float64)
		if !ok || i >= vals.Length() {
			continue // not a chunk of this code's: leave it
		}
		v := vals.Index(i)
		b := make([]byte, v.Get("byteLength").Int())
		js.CopyBytesToGo(b, v)
		out[int(n)] = b
	}
	return out, nil
}

// PutSearchChunks implements SearchIndex.
func (d *IDB) PutSearchChunks(ctx context.Context, account string, chunks map[int][]byte) error {
	return d.do(ctx, "write search index", "readwrite", []string{storeSearch}, func(t *txn) {
		st := t.store(storeSearch)
		for n, b := range chunks {
			k := js.ValueOf([]any{account, n})
			if len(b) == 0 {
				st.Call("delete", k)
				continue
			}
			u := jsUint8Array.New(len(b))
			js.CopyBytesToJS(u, b)
			st.Call("put", u, k)
		}
	})
}

// BodyUIDs implements SearchIndex: the keys of bodymeta, which holds a
// record for each body, so no body is read.
func (d *IDB) BodyUIDs(ctx context.Context, account string) ([]string, error) {
	const op = "list bodies"
	var keys string
	err := d.do(ctx, op, "readonly", []string{storeBodyMeta}, func(t *txn) {
		t.then(t.store(storeBodyMeta).Call("getAllKeys", accountRange(account)...), func(r js.Value) { keys = stringify(r.Call("flat")) })
	})
	if err != nil {
		return nil, err
	}
	flat, err := decodeStrings(keys)
	if err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	uids := make([]string, 0, len(flat)/2)
	for i := 1; i < len(flat); i += 2 {
		uids = append(uids, flat[i])
	}
	slices.Sort(uids)
	return uids, nil
}
