//go:build js && wasm

package store

import (
	"context"
	"encoding/json"
	"syscall/js"
)

// Sending's records in IndexedDB (see records): the meta of kind k is a
// string in store k.meta, its blobs an Array of Uint8Array in k.blobs,
// both under [account, id].

// stores returns the object stores of k.
func (k kind) stores() []string {
	if k.blobs == "" {
		return []string{k.meta}
	}
	return []string{k.meta, k.blobs}
}

// jsBlobs copies bs to a JS Array of Uint8Array.
func jsBlobs(bs [][]byte) js.Value {
	arr := jsArray.New(len(bs))
	for i, b := range bs {
		u := jsUint8Array.New(len(b))
		js.CopyBytesToJS(u, b)
		arr.SetIndex(i, u)
	}
	return arr
}

// goBlobs copies a JS Array of Uint8Array (or undefined) to Go.
func goBlobs(v js.Value) [][]byte {
	if v.Type() != js.TypeObject {
		return nil
	}
	bs := make([][]byte, v.Length())
	for i := range bs {
		u := v.Index(i)
		bs[i] = make([]byte, u.Get("byteLength").Int())
		js.CopyBytesToGo(bs[i], u)
	}
	return bs
}

func (d *IDB) recPut(ctx context.Context, op string, k kind, account, id, meta string, blobs [][]byte) error {
	return d.do(ctx, op, "readwrite", k.stores(), func(t *txn) {
		kv := key(account, id)
		t.store(k.meta).Call("put", meta, kv)
		if k.blobs != "" {
			t.store(k.blobs).Call("put", jsBlobs(blobs), kv)
		}
	})
}

func (d *IDB) recGet(ctx context.Context, op string, k kind, account, id string, withBlobs bool) (string, [][]byte, bool, error) {
	var (
		meta  string
		ok    bool
		blobs [][]byte
	)
	stores := []string{k.meta}
	if withBlobs && k.blobs != "" {
		stores = k.stores()
	}
	err := d.do(ctx, op, "readonly", stores, func(t *txn) {
		kv := key(account, id)
		t.then(t.store(k.meta).Call("get", kv), func(r js.Value) {
			if ok = r.Type() == js.TypeString; ok {
				meta = r.String()
			}
		})
		if len(stores) == 2 {
			t.then(t.store(k.blobs).Call("get", kv), func(r js.Value) { blobs = goBlobs(r) })
		}
	})
	if err != nil || !ok {
		return "", nil, false, err
	}
	return meta, blobs, true, nil
}

func (d *IDB) recList(ctx context.Context, op string, k kind, account string) ([]string, error) {
	var all string
	err := d.do(ctx, op, "readonly", []string{k.meta}, func(t *txn) {
		var rng []any // every account
		if account != "" {
			rng = accountRange(account)
		}
		t.then(t.store(k.meta).Call("getAll", rng...), func(r js.Value) { all = stringify(r) })
	})
	if err != nil {
		return nil, err
	}
	var metas []string
	if err := json.Unmarshal([]byte(all), &metas); err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	return metas, nil
}

func (d *IDB) recDelete(ctx context.Context, op string, k kind, account, id string) error {
	return d.do(ctx, op, "readwrite", k.stores(), func(t *txn) {
		for _, s := range k.stores() {
			t.store(s).Call("delete", key(account, id))
		}
	})
}

// recUpdate reads and writes in one readwrite transaction: the write is
// issued from the read's callback, while the transaction is active, so
// no other transaction on the store (of this tab or another) can run
// between them.
func (d *IDB) recUpdate(ctx context.Context, op string, k kind, account, id string, withBlobs bool, f func(string, bool) (string, error)) (string, [][]byte, error) {
	var (
		meta  string
		blobs [][]byte
	)
	stores := []string{k.meta}
	if withBlobs && k.blobs != "" {
		stores = k.stores()
	}
	err := d.do(ctx, op, "readwrite", stores, func(t *txn) {
		kv := key(account, id)
		st := t.store(k.meta)
		var breq js.Value
		if len(stores) == 2 {
			breq = t.store(k.blobs).Call("get", kv)
		}
		mreq := st.Call("get", kv)
		// Requests report in order: the blobs are in when the meta is.
		t.then(mreq, func(r js.Value) {
			old, ok := "", r.Type() == js.TypeString
			if ok {
				old = r.String()
			}
			m, err := f(old, ok)
			if err != nil {
				panic(err)
			}
			meta = m
			st.Call("put", m, kv)
			if breq.Truthy() {
				blobs = goBlobs(breq.Get("result"))
			}
		})
	})
	if err != nil {
		return "", nil, err
	}
	return meta, blobs, nil
}

// recMove moves the blobs without copying them to Go: the Array read
// from one store is put into the other within the transaction.
func (d *IDB) recMove(ctx context.Context, op string, from, to kind, account, id string, f func(string) (string, error)) error {
	stores := append(from.stores(), to.stores()...)
	return d.do(ctx, op, "readwrite", stores, func(t *txn) {
		kv := key(account, id)
		var breq js.Value
		if from.blobs != "" {
			breq = t.store(from.blobs).Call("get", kv)
		}
		t.then(t.store(from.meta).Call("get", kv), func(r js.Value) {
			if r.Type() != js.TypeString {
				panic(ErrNotFound)
			}
			m, err := f(r.String())
			if err != nil {
				panic(err)
			}
			t.store(to.meta).Call("put", m, kv)
			if to.blobs != "" {
				b := jsArray.New()
				if breq.Truthy() && breq.Get("result").Type() == js.TypeObject {
					b = breq.Get("result")
				}
				t.store(to.blobs).Call("put", b, kv)
			}
			for _, s := range from.stores() {
				t.store(s).Call("delete", kv)
			}
		})
	})
}
