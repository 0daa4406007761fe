//go:build js && wasm

package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"syscall/js"
)

// Load implements Mail, with a fixed number of Go/JS calls whatever the
// number of rows (see IDB). Headers come sorted by UID, as Go compares
// strings (as Mem sorts them, not in IndexedDB's UTF-16 key order).
func (d *IDB) Load(ctx context.Context, account string) (Cache, error) {
	const op = "load"
	var (
		c       = Cache{Read: make(map[string]bool)}
		decErr  error
		delKeys string
		delSeqs string
		listing string
	)
	err := d.do(ctx, op, "readonly", []string{storeHeaders, storeMarks, storeDeletes, storeListings}, func(t *txn) {
		rng := accountRange(account)
		t.then(t.store(storeHeaders).Call("getAll", rng...), func(r js.Value) {
			// The buckets, joined, are the rows joined. Decoding here,
			// rather than after the transaction, overlaps it with the
			// browser's work on the requests below.
			// The number of rows is left to a guess, 200 bytes a row:
			// counting the lines first takes milliseconds under js/wasm.
			joined := r.Call("join", "\n").String()
			if c.Headers, decErr = decodeHeaders(joined, len(joined)/200); decErr == nil {
				sortByUID(c.Headers)
			}
		})
		// The marks' buckets, joined, are the marks joined, as the rows.
		t.then(t.store(storeMarks).Call("getAll", rng...), func(r js.Value) {
			read, err := parseMarks(r.Call("join", "\n").String())
			if err != nil {
				panic(err)
			}
			c.Read = read
		})
		dels := t.store(storeDeletes)
		t.then(dels.Call("getAllKeys", rng...), func(r js.Value) { delKeys = stringify(r.Call("flat")) })
		t.then(dels.Call("getAll", rng...), func(r js.Value) { delSeqs = stringify(r) })
		t.then(t.store(storeListings).Call("get", js.ValueOf([]any{account})), func(r js.Value) {
			if r.Type() == js.TypeString {
				listing = r.String()
			}
		})
	})
	if err != nil {
		return Cache{}, err
	}
	if decErr != nil {
		return Cache{}, &Error{Op: op, Err: decErr}
	}
	if c.Listing, err = decodeListing(listing); err != nil {
		return Cache{}, &Error{Op: op, Err: err}
	}
	dks, err := decodeStrings(delKeys)
	if err != nil {
		return Cache{}, &Error{Op: op, Err: err}
	}
	var seqs []float64
	if err := json.Unmarshal([]byte(delSeqs), &seqs); err != nil {
		return Cache{}, &Error{Op: op, Err: err}
	}
	if len(dks) != 2*len(seqs) {
		return Cache{}, &Error{Op: op, Err: errAborted}
	}
	order := make([]int, len(seqs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(seqs[a], seqs[b]) })
	for _, i := range order {
		c.Deletes = append(c.Deletes, dks[2*i+1])
	}
	return c, nil
}

// SetRead implements Mail, in one transaction that rewrites the buckets
// of the marks it changes (see editBuckets); a mark already as asked
// rewrites nothing. Marks are by stored UID, as rows are (storedUID).
func (d *IDB) SetRead(ctx context.Context, account string, read bool, uids []string) error {
	const op = "set read"
	if len(uids) == 0 {
		return d.check(ctx, op)
	}
	edits := make(bucketEdits)
	for _, uid := range uids {
		uid = storedUID(uid)
		row := "" // unread: delete the mark
		if read {
			row = markRow(uid)
		}
		edits.set(uid, row)
	}
	return d.do(ctx, op, "readwrite", []string{storeMarks}, func(t *txn) {
		t.editBuckets(markBuckets, account, edits)
	})
}

// Forget implements Mail, in one transaction: the buckets of the rows and
// of the marks are rewritten, the other records deleted by key.
func (d *IDB) Forget(ctx context.Context, account string, uids []string) error {
	const op = "forget"
	if len(uids) == 0 {
		return d.check(ctx, op)
	}
	args := keyArgs(account, uids, "")
	drop := make(bucketEdits)
	for _, uid := range uids {
		drop.set(storedUID(uid), "")
	}
	return d.do(ctx, op, "readwrite", append([]string{storeHeaders, storeMarks}, uidStores...), func(t *txn) {
		for _, s := range uidStores {
			callEach(t.store(s), "delete", args)
		}
		t.editBuckets(headerBuckets, account, drop)
		t.editBuckets(markBuckets, account, drop)
	})
}

// Unqueue implements Mail.
func (d *IDB) Unqueue(ctx context.Context, account string, uids []string) error {
	return d.each(ctx, "unqueue", account, uids, "delete", "", storeDeletes)
}

// PutListing implements Mail.
func (d *IDB) PutListing(ctx context.Context, account string, l Listing) error {
	var enc string
	if len(l.UIDs) > 0 {
		enc = encodeListing(l)
	}
	return d.do(ctx, "put listing", "readwrite", []string{storeListings}, func(t *txn) {
		k := js.ValueOf([]any{account})
		if enc == "" {
			t.store(storeListings).Call("delete", k)
		} else {
			t.store(storeListings).Call("put", enc, k)
		}
	})
}

// each calls method with (value, key), or (key) if value is "", for the
// key of every uid in each of stores, in one readwrite transaction.
func (d *IDB) each(ctx context.Context, op, account string, uids []string, method, value string, stores ...string) error {
	if len(uids) == 0 {
		return d.check(ctx, op)
	}
	args := keyArgs(account, uids, value)
	return d.do(ctx, op, "readwrite", stores, func(t *txn) {
		for _, s := range stores {
			callEach(t.store(s), method, args)
		}
	})
}

// QueueDeletes implements Mail. A uid already queued keeps its place: the
// queue is read and extended in one transaction.
func (d *IDB) QueueDeletes(ctx context.Context, account string, uids []string) error {
	const op = "queue deletes"
	if len(uids) == 0 {
		return d.check(ctx, op)
	}
	return d.do(ctx, op, "readwrite", []string{storeDeletes}, func(t *txn) {
		st := t.store(storeDeletes)
		rng := accountRange(account)
		var ks string
		t.then(st.Call("getAllKeys", rng...), func(r js.Value) { ks = stringify(r.Call("flat")) })
		t.then(st.Call("getAll", rng...), func(r js.Value) {
			queued, err := decodeStrings(ks)
			if err != nil {
				panic(err)
			}
			var seqs []float64
			if err := json.Unmarshal([]byte(stringify(r)), &seqs); err != nil {
				panic(err)
			}
			have := make(map[string]bool, len(queued)/2+len(uids))
			for i := 1; i < len(queued); i += 2 {
				have[queued[i]] = true
			}
			var last float64
			for _, s := range seqs {
				last = max(last, s)
			}
			var add []string
			for _, uid := range uids {
				if !have[uid] {
					have[uid] = true
					add = append(add, uid)
				}
			}
			args := []byte{'['}
			for i, uid := range add {
				if i > 0 {
					args = append(args, ',')
				}
				args = append(args, '[')
				args = strconv.AppendFloat(args, last+float64(i+1), 'f', -1, 64)
				args = append(args, ',')
				args = appendKey(args, account, uid)
				args = append(args, ']')
			}
			callEach(st, "put", append(args, ']'))
		})
	})
}

// Body implements Mail: it reads the body and records the read in one
// transaction.
func (d *IDB) Body(ctx context.Context, account, uid string) ([]byte, bool, error) {
	var raw []byte
	err := d.do(ctx, "body", "readwrite", []string{storeBodies, storeBodyMeta}, func(t *txn) {
		k := key(account, uid)
		t.then(t.store(storeBodies).Call("get", k), func(r js.Value) {
			if r.IsUndefined() {
				return
			}
			raw = make([]byte, r.Get("byteLength").Int())
			js.CopyBytesToGo(raw, r)
			t.store(storeBodyMeta).Call("put", bodyMeta(len(raw), d.next()), k)
		})
	})
	if err != nil {
		return nil, false, err
	}
	return raw, raw != nil, nil
}

// PutBody implements Mail: the put and the eviction it makes necessary
// are one transaction, so a failure (ErrQuota) changes nothing. A body
// larger than MaxBodyBytes changes nothing (a copy cached earlier stays).
func (d *IDB) PutBody(ctx context.Context, account, uid string, raw []byte) error {
	const op = "put body"
	if int64(len(raw)) > d.opts.MaxBodyBytes {
		return d.check(ctx, op)
	}
	return d.do(ctx, op, "readwrite", []string{storeBodies, storeBodyMeta}, func(t *txn) {
		k := key(account, uid)
		bodies, meta := t.store(storeBodies), t.store(storeBodyMeta)
		b := jsUint8Array.New(len(raw))
		js.CopyBytesToJS(b, raw)
		bodies.Call("put", b, k)
		meta.Call("put", bodyMeta(len(raw), d.next()), k)
		// Requests run in order: these see the put above.
		var ks js.Value
		t.then(meta.Call("getAllKeys"), func(r js.Value) { ks = r })
		t.then(meta.Call("getAll"), func(r js.Value) {
			var ms []struct {
				S int64   `json:"s"`
				U float64 `json:"u"`
			}
			if err := json.Unmarshal([]byte(stringify(r)), &ms); err != nil {
				panic(err)
			}
			var total int64
			for _, m := range ms {
				total += m.S
			}
			if total <= d.opts.MaxBodyBytes {
				return
			}
			order := make([]int, len(ms))
			for i := range order {
				order[i] = i
			}
			slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ms[a].U, ms[b].U) })
			// The body just put is the most recent: it comes last, and
			// it fits alone, so the loop stops before it.
			for _, i := range order {
				if total <= d.opts.MaxBodyBytes {
					break
				}
				ki := ks.Index(i)
				bodies.Call("delete", ki)
				meta.Call("delete", ki)
				total -= ms[i].S
			}
		})
	})
}
