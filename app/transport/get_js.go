//go:build js && wasm

package transport

import (
	"errors"
	"syscall/js"
)

// HTTPGet fetches url, a resource of the bridge that served the page,
// with the browser's fetch. Go's net/http client would do the same
// through more than a megabyte of wasm. It blocks: never call it on the
// UI goroutine.
func HTTPGet(url string) (body []byte, status int, err error) {
	type result struct {
		body   []byte
		status int
		err    error
	}
	done := make(chan result, 1)
	var onResp, onBody, onErr js.Func
	release := func() { onResp.Release(); onBody.Release(); onErr.Release() }
	onErr = js.FuncOf(func(_ js.Value, args []js.Value) any {
		msg := "network error"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	var st int
	onBody = js.FuncOf(func(_ js.Value, args []js.Value) any {
		arr := js.Global().Get("Uint8Array").New(args[0])
		b := make([]byte, arr.Get("length").Int())
		js.CopyBytesToGo(b, arr)
		done <- result{body: b, status: st}
		return nil
	})
	onResp = js.FuncOf(func(_ js.Value, args []js.Value) any {
		st = args[0].Get("status").Int()
		args[0].Call("arrayBuffer").Call("then", onBody).Call("catch", onErr)
		return nil
	})
	js.Global().Call("fetch", url, map[string]any{"credentials": "same-origin", "cache": "no-store"}).
		Call("then", onResp).Call("catch", onErr)
	r := <-done
	release()
	return r.body, r.status, r.err
}
