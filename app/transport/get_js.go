//go:build js && wasm

package transport

import (
	"context"
	"errors"
	"net/url"
	"syscall/js"
)

// HTTPGet fetches url, a resource of the bridge that served the page,
// with the browser's fetch. Go's net/http client would do the same
// through more than a megabyte of wasm. It blocks: never call it on the
// UI goroutine.
func HTTPGet(url string) (body []byte, status int, err error) {
	return HTTPGetContext(context.Background(), url)
}

// HTTPGetContext is HTTPGet whose request the end of ctx aborts. Another
// origin's resource (an OpenID configuration) is fetched without
// cookies: "same-origin" credentials go only to the page's own origin.
func HTTPGetContext(ctx context.Context, url string) (body []byte, status int, err error) {
	return fetch(ctx, url, map[string]any{"credentials": "same-origin", "cache": "no-store"})
}

// HTTPPostForm posts form as application/x-www-form-urlencoded to url,
// another origin's endpoint (an OAuth token endpoint), with the
// browser's fetch: no cookies go with it, and the request is a CORS
// "simple" one, with no preflight. The end of ctx aborts it. It blocks:
// never call it on the UI goroutine.
func HTTPPostForm(ctx context.Context, url string, form url.Values) (body []byte, status int, err error) {
	return fetch(ctx, url, map[string]any{
		"method":      "POST",
		"body":        form.Encode(),
		"headers":     map[string]any{"Content-Type": "application/x-www-form-urlencoded"},
		"credentials": "omit",
		"cache":       "no-store",
	})
}

// fetch runs the browser's fetch(url, init) and waits for the whole body.
func fetch(ctx context.Context, url string, init map[string]any) (body []byte, status int, err error) {
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
	if ctx.Done() != nil {
		// An abandoned request is aborted rather than left running.
		abort := js.Global().Get("AbortController").New()
		init["signal"] = abort.Get("signal")
		stop := context.AfterFunc(ctx, func() { abort.Call("abort") })
		defer stop()
	}
	js.Global().Call("fetch", url, init).Call("then", onResp).Call("catch", onErr)
	r := <-done
	release()
	return r.body, r.status, r.err
}
