//go:build js && wasm

package store

import (
	"context"
	"errors"
	"fmt"
	"syscall/js"
)

// IndexedDB is asynchronous: every request reports through an event, and a
// transaction commits by itself once no request is pending at the end of
// an event. Go code here never blocks inside a JS call; it issues requests,
// returns, and waits on a channel for the transaction's complete or abort
// event. A request whose result decides what else the transaction does
// (eviction after a body is put, say) gets its follow-up requests from its
// success callback, which runs while the transaction is still active, so
// the read and the writes stay one atomic transaction.

var (
	jsJSON        = js.Global().Get("JSON")
	jsUint8Array  = js.Global().Get("Uint8Array")
	jsArray       = js.Global().Get("Array")
	jsTextEncoder = js.Global().Get("TextEncoder")
	jsApply       = js.Global().Get("Function").Get("prototype").Get("apply")
	jsSplit       = js.Global().Get("String").Get("prototype").Get("split")
)

// txn is one IndexedDB transaction in progress.
type txn struct {
	tx    js.Value
	funcs []js.Func // released once the transaction is over
	err   error     // the first failure on the Go side
}

// do runs fill inside a new transaction over stores (mode "readonly" or
// "readwrite"), and waits until the transaction completes or aborts, or
// ctx is done. fill and the callbacks it registers with then run on the
// JS event loop's turn: they must not block.
func (d *IDB) do(ctx context.Context, op, mode string, stores []string, fill func(t *txn)) error {
	if err := d.check(ctx, op); err != nil {
		return err
	}
	t := &txn{}
	done := make(chan struct{})
	var abortErr error
	err := catch(func() {
		names := make([]any, len(stores))
		durability := "relaxed"
		for i, s := range stores {
			names[i] = s
			if (s == storeDeletes || s == storeMarks || s == storeAccounts || deviceOnly[s]) && mode != modeRelaxedWrite {
				durability = "strict"
			}
		}
		if mode == modeRelaxedWrite {
			mode = "readwrite"
		}
		// Rows, bodies and listings can be fetched from the server again,
		// so they do without the flush to disk that "strict" durability
		// waits for on each commit. What the person did (deletions made
		// offline, read marks, accounts and trusted certificates) exists
		// nowhere else, and gets it; so do Sending's records (drafts, the
		// outbox, sent mail): a draft or a queued message lost to a crash
		// is lost for good.
		t.tx = d.db.Call("transaction", names, mode, map[string]any{"durability": durability})
	})
	if err != nil {
		if d.isClosed() {
			err = ErrClosed
		}
		return &Error{Op: op, Err: err}
	}
	onDone := js.FuncOf(func(_ js.Value, args []js.Value) any {
		_ = catch(func() {
			if args[0].Get("type").String() == "abort" {
				abortErr = domErr(t.tx.Get("error"))
				if abortErr == nil {
					abortErr = errAborted
				}
			}
		})
		close(done)
		return nil
	})
	t.funcs = append(t.funcs, onDone)
	t.tx.Set("oncomplete", onDone)
	t.tx.Set("onabort", onDone)
	if err := catch(func() { fill(t) }); err != nil {
		t.fail(err)
	}
	select {
	case <-done:
	case <-ctx.Done():
		t.fail(ctx.Err())
		// The callbacks must live until the abort event: release them then.
		go func() {
			<-done
			t.release()
		}()
		return &Error{Op: op, Err: ctx.Err()}
	}
	t.release()
	switch {
	case t.err != nil:
		return &Error{Op: op, Err: t.err}
	case abortErr != nil:
		return &Error{Op: op, Err: abortErr}
	}
	return nil
}

var errAborted = errors.New("transaction aborted")

func (t *txn) release() {
	for _, f := range t.funcs {
		f.Release()
	}
	t.funcs = nil
}

// fail records err and aborts the transaction, so nothing it wrote stays.
func (t *txn) fail(err error) {
	if t.err == nil {
		t.err = err
	}
	_ = catch(func() { t.tx.Call("abort") }) // throws if already over
}

func (t *txn) store(name string) js.Value { return t.tx.Call("objectStore", name) }

// then calls f with req's result when req succeeds, while the transaction
// is still active: f may issue more requests. If f panics (a JS exception
// included), the transaction aborts. A request that fails aborts the
// transaction by itself, which do reports.
func (t *txn) then(req js.Value, f func(result js.Value)) {
	fn := js.FuncOf(func(js.Value, []js.Value) any {
		if t.err != nil {
			return nil
		}
		if err := catch(func() { f(req.Get("result")) }); err != nil {
			t.fail(err)
		}
		return nil
	})
	t.funcs = append(t.funcs, fn)
	req.Set("onsuccess", fn)
}

// catch runs f and returns what it panicked with as an error: a thrown JS
// exception (js.Error) becomes its DOMException, mapped by domErr. A panic
// must not escape a callback: it would end the whole program.
func catch(f func()) (err error) {
	defer func() {
		r := recover()
		switch r := r.(type) {
		case nil:
		case js.Error:
			err = domErr(r.Value)
			if err == nil {
				err = r
			}
		case error:
			err = r
		default:
			err = fmt.Errorf("%v", r)
		}
	}()
	f()
	return nil
}

// domError is a DOMException (or other JS error) that IndexedDB reported.
type domError struct{ name, message string }

func (e *domError) Error() string { return e.name + ": " + e.message }

// domErr maps a DOMException: QuotaExceededError to ErrQuota, so that
// IsQuota sees it whether a request or the commit ran out of space.
func domErr(v js.Value) error {
	if v.IsNull() || v.IsUndefined() {
		return nil
	}
	e := &domError{name: "Error", message: v.String()}
	if v.Type() == js.TypeObject {
		if n := v.Get("name"); n.Type() == js.TypeString {
			e.name = n.String()
		}
		if m := v.Get("message"); m.Type() == js.TypeString {
			e.message = m.String()
		}
	}
	if e.name == "QuotaExceededError" {
		return fmt.Errorf("%w (%v)", ErrQuota, e)
	}
	return e
}

// key is the IndexedDB key of uid in account: arrays sort element by
// element, so one account's keys are one contiguous range.
func key(account, uid string) js.Value { return js.ValueOf([]any{account, uid}) }

// callEach calls st[method] once for each argument list of args, a JSON
// array of argument lists, looping in JS: the rows cross the Go/JS
// boundary in one string and one JSON.parse, instead of a few calls each,
// which costs more than the writes themselves. Function.prototype.apply,
// bound to the method and st, takes each list as the arguments and
// ignores the index and array that forEach passes after it; extra
// arguments to an IndexedDB method are ignored too.
func callEach(st js.Value, method string, args []byte) {
	each := jsApply.Call("bind", st.Get(method), st)
	jsJSON.Call("parse", string(args)).Call("forEach", each)
}

// keyArgs builds, for callEach, the argument lists (value, [account, uid])
// for every uid, or ([account, uid]) if value is "". value is JSON.
func keyArgs(account string, uids []string, value string) []byte {
	b := make([]byte, 0, len(uids)*(len(account)+len(value)+24))
	b = append(b, '[')
	for i, uid := range uids {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		if value != "" {
			b = append(b, value...)
			b = append(b, ',')
		}
		b = appendKey(b, account, uid)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendKey appends the key of uid in account as JSON.
func appendKey(b []byte, account, uid string) []byte {
	b = append(b, '[')
	b = appendJSString(b, account)
	b = append(b, ',')
	b = appendJSString(b, uid)
	return append(b, ']')
}

// stringify brings a JS value to Go as JSON, in one call.
func stringify(v js.Value) string { return jsJSON.Call("stringify", v).String() }

// accountRange is the key range of every [account, uid]: [account] sorts
// before them (a prefix is smaller), and [account, []] after them (an
// array is greater than any string). It is returned as the arguments of
// getAll and the like; nil arguments select every account.
func accountRange(account string) []any {
	lower := js.ValueOf([]any{account})
	upper := js.ValueOf([]any{account, jsArray.New()})
	return []any{js.Global().Get("IDBKeyRange").Call("bound", lower, upper)}
}

// utf8Len returns the length in UTF-8 of a JS string, without copying it
// to Go.
func utf8Len(s js.Value) int64 {
	return int64(jsTextEncoder.New().Call("encode", s).Get("byteLength").Int())
}
