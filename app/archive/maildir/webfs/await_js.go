//go:build js && wasm

package webfs

import (
	"fmt"
	"syscall/js"
)

// call calls v[method](args...) and, if it returns a promise, waits for
// it. A synchronous throw or a rejection becomes an *Error for op and
// path. It blocks the calling goroutine, never the event loop.
func call(op, path string, v js.Value, method string, args ...any) (res js.Value, err error) {
	var p js.Value
	if err := catch(op, path, func() { p = v.Call(method, args...) }); err != nil {
		return js.Undefined(), err
	}
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		return p, nil
	}
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{v: arg0(a)}
		return nil
	})
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- result{err: domError(op, path, arg0(a))}
		return nil
	})
	p.Call("then", ok, fail)
	r := <-ch
	ok.Release()
	fail.Release()
	return r.v, r.err
}

func arg0(a []js.Value) js.Value {
	if len(a) == 0 {
		return js.Undefined()
	}
	return a[0]
}

// catch runs f and turns a thrown JavaScript exception into an *Error.
func catch(op, path string, f func()) (err error) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case js.Error:
			err = domError(op, path, r.Value)
		default:
			err = &Error{Op: op, Path: path, Name: "Error", Message: fmt.Sprint(r)}
		}
	}()
	f()
	return nil
}

// domError makes an *Error of a DOMException (or any thrown value).
func domError(op, path string, v js.Value) *Error {
	name, msg := "Error", ""
	if v.Type() == js.TypeObject {
		if n := v.Get("name"); n.Type() == js.TypeString {
			name = n.String()
		}
		if m := v.Get("message"); m.Type() == js.TypeString {
			msg = m.String()
		}
	} else if !v.IsUndefined() && !v.IsNull() {
		msg = v.String()
	}
	return newError(op, path, name, msg)
}
