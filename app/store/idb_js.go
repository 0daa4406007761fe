//go:build js && wasm

package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"
)

// IDB is a DB backed by the browser's IndexedDB. Its methods are safe for
// concurrent use and each one waits for its own transaction, so they must
// run on a goroutine that may block, never on the UI goroutine or inside a
// JS callback.
//
// How it lays the data out, and why (see schema for the object stores):
// headers are kept as their compact JSON encoding, and an account's rows
// are spread over a fixed number of records, its buckets (bucketCount),
// by a hash of their UIDL, each bucket its rows joined by "\n"; read
// marks the same way, in buckets of their own, a mark being its UIDL.
// Loading an account is then one getAll of at most bucketCount strings
// per store, one Array.join in JS, and one copy of the joined string to
// Go, whatever the number of rows and marks: the browser reads a record
// at a cost (a structured clone each) that, for one record per row or
// mark, was most of Load's time, and a call across the Go/JS boundary
// costs more than decoding a row, so the Load path makes a constant
// number of both. A write rewrites the buckets of the rows or marks it
// changes. Bodies are Uint8Arrays, with their size and last-read time in
// a separate small store so eviction reads neither the bodies nor the
// headers.
type IDB struct {
	sendingStore
	keepStore

	db   js.Value
	opts Options

	mu       sync.Mutex
	closed   bool    // by Close, or by the browser
	released bool    // Close was called
	clock    float64 // last value of next
	onChange js.Func // db.onversionchange and db.onclose
}

var _ DB = (*IDB)(nil)

// OpenIDB opens (creating or upgrading it as needed) the IndexedDB
// database name; nil opts means defaults, and opts.Quota is ignored: the
// browser enforces its own. It fails with ErrUnavailable if the browser
// has no IndexedDB or refuses it (some private modes), if another tab
// holds an older version of the database open and will not let go, or if
// the database on the device is newer than this code (an older build
// after a newer one): IndexedDB cannot open a database at a lower
// version, and dropping the data is not this function's call.
func OpenIDB(ctx context.Context, name string, opts *Options) (*IDB, error) {
	const op = "open"
	db, err := openVersion(ctx, name, len(schema))
	if err != nil {
		return nil, &Error{Op: op, Err: err}
	}
	d := &IDB{db: db, opts: opts.withDefaults()}
	d.sendingStore = sendingStore{r: d, maxContacts: d.opts.MaxContacts}
	d.keepStore = keepStore{r: d}
	// Another tab running a newer Poppy wants to upgrade the schema: let
	// it, rather than block it. This tab's store closes; it must reload.
	// onclose: the browser closed the connection (the person cleared site
	// data, say).
	d.onChange = js.FuncOf(func(js.Value, []js.Value) any {
		d.mu.Lock()
		d.closed = true
		d.mu.Unlock()
		_ = catch(func() { db.Call("close") })
		return nil
	})
	db.Set("onversionchange", d.onChange)
	db.Set("onclose", d.onChange)
	if err := d.initClock(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// openVersion opens name at version, running the schema steps from the
// version found up to version. Tests open version 1 with it to check the
// migration from there.
func openVersion(ctx context.Context, name string, version int) (js.Value, error) {
	if err := ctx.Err(); err != nil {
		return js.Value{}, err
	}
	var req js.Value
	err := catch(func() {
		idb := js.Global().Get("indexedDB")
		if idb.IsUndefined() || idb.IsNull() {
			panic(errors.New("no indexedDB"))
		}
		req = idb.Call("open", name, version)
	})
	if err != nil {
		return js.Value{}, fmt.Errorf("%w (%v)", ErrUnavailable, err)
	}

	type result struct {
		db  js.Value
		err error
	}
	results := make(chan result, 4)
	var (
		funcs      []js.Func
		upgradeErr error
	)
	on := func(event string, f func(ev js.Value) result) {
		fn := js.FuncOf(func(_ js.Value, args []js.Value) any {
			var r result
			if err := catch(func() { r = f(args[0]) }); err != nil {
				r.err = err
			}
			if r.db.Truthy() || r.err != nil {
				results <- r
			}
			return nil
		})
		funcs = append(funcs, fn)
		req.Set("on"+event, fn)
	}
	on("upgradeneeded", func(ev js.Value) result {
		db, tx := req.Get("result"), req.Get("transaction")
		from := ev.Get("oldVersion").Int()
		err := catch(func() {
			for v := from; v < version; v++ {
				schema[v](db, tx)
			}
		})
		if err != nil {
			// The open fails with an AbortError; keep the cause.
			upgradeErr = fmt.Errorf("upgrading from version %d: %w", from, err)
			_ = catch(func() { tx.Call("abort") })
		}
		return result{}
	})
	on("success", func(js.Value) result { return result{db: req.Get("result")} })
	on("error", func(ev js.Value) result {
		ev.Call("preventDefault")
		err := upgradeErr
		if err == nil {
			err = domErr(req.Get("error"))
		}
		if err == nil {
			err = errAborted
		}
		return result{err: err}
	})
	on("blocked", func(js.Value) result {
		return result{err: errBlocked}
	})
	release := func() {
		for _, f := range funcs {
			f.Release()
		}
	}
	// finish waits, in the background, for the open to end after the
	// caller gave up, so that a late success is closed, not leaked.
	finish := func() {
		go func() {
			for r := range results {
				if r.db.Truthy() {
					_ = catch(func() { r.db.Call("close") })
				}
				if r.db.Truthy() || (r.err != nil && r.err != errBlocked) {
					release()
					return
				}
			}
		}()
	}
	select {
	case r := <-results:
		if r.err != nil {
			if r.err == errBlocked {
				finish()
			} else {
				release()
			}
			return js.Value{}, fmt.Errorf("%w (%v)", ErrUnavailable, r.err)
		}
		release()
		return r.db, nil
	case <-ctx.Done():
		finish()
		return js.Value{}, ctx.Err()
	}
}

var errBlocked = errors.New("another tab has the local store open with an older version of Poppy; close it")

func (d *IDB) isClosed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.closed
}

// check fails if ctx is done or d is closed.
func (d *IDB) check(ctx context.Context, op string) error {
	if err := ctx.Err(); err != nil {
		return &Error{Op: op, Err: err}
	}
	if d.isClosed() {
		return &Error{Op: op, Err: ErrClosed}
	}
	return nil
}

// next returns the time of a body read, for eviction: strictly greater
// than any value before it, so two reads never tie, and otherwise the
// wall clock in microseconds, so that the order holds across page loads
// and roughly across tabs.
func (d *IDB) next() float64 {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.clock = max(d.clock+1, float64(time.Now().UnixMicro()))
	return d.clock
}

// initClock starts next after the latest read on record, in case the
// wall clock went back since.
func (d *IDB) initClock(ctx context.Context) error {
	return d.do(ctx, "open", "readonly", []string{storeBodyMeta}, func(t *txn) {
		req := t.store(storeBodyMeta).Call("index", indexUsed).Call("openCursor", js.Null(), "prev")
		t.then(req, func(cur js.Value) {
			if cur.IsNull() {
				return
			}
			u := cur.Get("value").Get("u").Float()
			d.mu.Lock()
			d.clock = max(d.clock, u)
			d.mu.Unlock()
		})
	})
}

// Close implements DB. Transactions already started complete first; a
// second Close fails with ErrClosed.
func (d *IDB) Close() error {
	d.mu.Lock()
	if d.released {
		d.mu.Unlock()
		return &Error{Op: "close", Err: ErrClosed}
	}
	d.closed, d.released = true, true
	d.mu.Unlock()
	_ = catch(func() {
		d.db.Set("onversionchange", js.Null())
		d.db.Set("onclose", js.Null())
		d.db.Call("close")
	})
	d.onChange.Release()
	return nil
}
