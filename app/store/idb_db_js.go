//go:build js && wasm

package store

import (
	"context"
	"encoding/json"
	"syscall/js"
)

// Accounts implements DB.
func (d *IDB) Accounts(ctx context.Context) ([]Account, error) {
	const op = "accounts"
	var all []string
	err := d.do(ctx, op, "readonly", []string{storeAccounts}, func(t *txn) {
		t.then(t.store(storeAccounts).Call("getAll"), func(r js.Value) {
			if err := json.Unmarshal([]byte(stringify(r)), &all); err != nil {
				panic(err)
			}
		})
	})
	if err != nil {
		return nil, err
	}
	as := make([]Account, 0, len(all))
	for _, s := range all {
		a, err := decodeAccount(s)
		if err != nil {
			return nil, &Error{Op: op, Err: err}
		}
		as = append(as, a)
	}
	sortAccounts(as)
	return as, nil
}

// PutAccount implements DB.
func (d *IDB) PutAccount(ctx context.Context, a Account) error {
	const op = "put account"
	s, err := encodeAccount(a)
	if err != nil {
		return &Error{Op: op, Err: err}
	}
	return d.do(ctx, op, "readwrite", []string{storeAccounts}, func(t *txn) {
		t.store(storeAccounts).Call("put", s, a.Key)
	})
}

// RemoveAccount implements DB: what it frees is measured and deleted in
// one transaction, so the two agree.
func (d *IDB) RemoveAccount(ctx context.Context, key string) (Usage, error) {
	var u Usage
	// The kept copies it drops too (keep_view.go), measured first.
	if err := d.keptUsage(ctx, key, &u); err != nil {
		return Usage{}, err
	}
	stores := append(append([]string{storeAccounts}, mailStores...), sendingStores...)
	err := d.do(ctx, "remove account", "readwrite", stores, func(t *txn) {
		rng := accountRange(key)
		t.usage(rng, &u)
		for _, s := range stores[1:] {
			t.store(s).Call("delete", rng...)
		}
		t.store(storeAccounts).Call("delete", key)
	})
	if err != nil {
		return Usage{}, err
	}
	return u, nil
}

// Usage implements DB.
func (d *IDB) Usage(ctx context.Context, account string) (Usage, error) {
	var u Usage
	err := d.do(ctx, "usage", "readonly", []string{storeHeaders, storeBodyMeta}, func(t *txn) {
		var rng []any // all accounts
		if account != "" {
			rng = accountRange(account)
		}
		t.usage(rng, &u)
	})
	if err == nil {
		// Kept copies too (keep_view.go), in a transaction of their own.
		err = d.keptUsage(ctx, account, &u)
	}
	if err != nil {
		return Usage{}, err
	}
	return u, nil
}

// Clear implements DB.
func (d *IDB) Clear(ctx context.Context) (Usage, error) {
	var u Usage
	err := d.do(ctx, "clear", "readwrite", mailStores, func(t *txn) {
		t.usage(nil, &u)
		for _, s := range mailStores {
			t.store(s).Call("clear")
		}
	})
	if err != nil {
		return Usage{}, err
	}
	return u, nil
}

// usage measures the key range rng (nil: everything) into u. A header
// counts the UTF-8 length of its stored string, as in Mem; the count is
// made in JS, so the rows are not copied to Go for it. The buckets,
// joined, are the rows joined (no bucket is empty), so the rows are the
// lines of the joined buckets, and their bytes those of the lines.
func (t *txn) usage(rng []any, u *Usage) {
	t.then(t.store(storeHeaders).Call("getAll", rng...), func(r js.Value) {
		if r.Length() == 0 {
			return
		}
		joined := r.Call("join", "\n")
		n := jsSplit.Call("call", joined, "\n").Length() // joined is a string, not an object
		u.Headers = n
		u.HeaderBytes = utf8Len(joined) - int64(n-1)
	})
	t.then(t.store(storeBodyMeta).Call("getAll", rng...), func(r js.Value) {
		var ms []struct {
			S int64 `json:"s"`
		}
		if err := json.Unmarshal([]byte(stringify(r)), &ms); err != nil {
			panic(err)
		}
		u.Bodies = len(ms)
		for _, m := range ms {
			u.BodyBytes += m.S
		}
	})
}
