//go:build js && wasm

package ui

import (
	"errors"
	"syscall/js"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// readFiles reads a FileList (from a file input or a drop) with each
// File's arrayBuffer promise, and calls done once, from a promise
// callback, with the files read in order. The UI goroutine is never
// blocked: the browser reads while it runs.
func readFiles(list app.Value, done func([]attachment, error)) {
	files := app.JSValue(list)
	if !files.Truthy() || files.Get("length").Int() == 0 {
		done(nil, nil)
		return
	}
	n := files.Get("length").Int()
	out := make([]attachment, n)
	var firstErr error
	left := n
	finish := func() {
		left--
		if left > 0 {
			return
		}
		var got []attachment
		for _, a := range out {
			if a.Name != "" {
				got = append(got, a)
			}
		}
		done(got, firstErr)
	}
	for i := range n {
		f := files.Call("item", i)
		name, typ := f.Get("name").String(), f.Get("type").String()
		var ok, fail js.Func
		release := func() { ok.Release(); fail.Release() }
		ok = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer release()
			buf := js.Global().Get("Uint8Array").New(args[0])
			data := make([]byte, buf.Get("length").Int())
			js.CopyBytesToGo(data, buf)
			out[i] = attachment{Name: name, Type: typ, Data: data}
			finish()
			return nil
		})
		fail = js.FuncOf(func(_ js.Value, args []js.Value) any {
			defer release()
			if firstErr == nil {
				firstErr = errors.New("ui: " + name + ": " + js.Global().Get("String").Invoke(args[0]).String())
			}
			finish()
			return nil
		})
		f.Call("arrayBuffer").Call("then", ok, fail)
	}
}
