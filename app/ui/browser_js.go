//go:build js && wasm

package ui

import (
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"time"
)

// decodeCharset decodes input with the browser's TextDecoder, which knows
// every WHATWG encoding at no cost to the wasm size (go-message's charset
// tables would add about 0.3 MB compressed).
func decodeCharset(label string, input []byte) (s string, err error) {
	defer func() {
		if r := recover(); r != nil { // TextDecoder throws RangeError for unknown labels
			err = fmt.Errorf("ui: charset %q is unknown to this browser", label)
		}
	}()
	dec := js.Global().Get("TextDecoder").New(label)
	buf := js.Global().Get("Uint8Array").New(len(input))
	js.CopyBytesToJS(buf, input)
	return dec.Call("decode", buf).String(), nil
}

// downloadType is the type of every Blob the UI offers for download,
// whatever the sender declared: a Blob of type text/html, image/svg+xml
// or application/xhtml+xml has the app's origin, and a browser or an
// extension that opened it instead of saving it would run the message's
// script there (issue 9). The file name keeps the declared extension.
const downloadType = "application/octet-stream"

// download offers data as a file, through a Blob URL and a temporary
// link: the bytes never leave the tab. The Blob's type is always
// downloadType, never the one the message declared.
func download(name string, data []byte) error {
	if name == "" {
		return errors.New("ui: download without a name")
	}
	buf := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(buf, data)
	saveBlob(name, []any{buf})
	return nil
}

// saveBlob offers the Blob of parts (typed arrays, Blobs) as the file
// name, with the type downloadType: the exports stream their parts into
// it, and the browser (Chromium at least) keeps a large Blob on disk,
// not in the tab's memory.
func saveBlob(name string, parts any) {
	blob := js.Global().Get("Blob").New(parts, map[string]any{"type": downloadType})
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("rel", "noopener")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// Revoke later: revoking at once can cancel the download in some
	// browsers.
	js.Global().Call("setTimeout", js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		return nil
	}), 60000)
}

// focusID moves keyboard focus to the element with id, so focus follows
// the user between the list and the message.
func focusID(id string) {
	if el := js.Global().Get("document").Call("getElementById", id); el.Truthy() {
		el.Call("focus", map[string]any{"preventScroll": false})
	}
}

// clearInput empties the text field id, if the page has it.
func clearInput(id string) {
	if el := js.Global().Get("document").Call("getElementById", id); el.Truthy() {
		el.Set("value", "")
	}
}

// afterPaint calls fn once the browser has painted the page as it is
// now: from a timeout set by a requestAnimationFrame callback, which
// runs after that frame is drawn. A hidden tab draws no frames: fn is
// then called after paintWait. fn must not block.
func afterPaint(fn func()) {
	var once sync.Once
	call := func() { once.Do(fn) }
	var after js.Func
	after = js.FuncOf(func(js.Value, []js.Value) any {
		after.Release()
		call()
		return nil
	})
	g := js.Global()
	g.Call("requestAnimationFrame", g.Get("setTimeout").Call("bind", nil, after, 0))
	time.AfterFunc(paintWait, call)
}

// paintWait is how long afterPaint waits for a frame.
const paintWait = 500 * time.Millisecond

// windowHeight is the height of the browser's viewport in CSS pixels.
func windowHeight() int {
	return js.Global().Get("innerHeight").Int()
}

// scrollTopOf reads an element's scroll position and height.
func scrollTopOf(id string) (top, height int) {
	el := js.Global().Get("document").Call("getElementById", id)
	if !el.Truthy() {
		return 0, 0
	}
	return el.Get("scrollTop").Int(), el.Get("clientHeight").Int()
}

// scrollRowIntoView keeps row i of the list on screen.
func scrollRowIntoView(id string, i int) {
	el := js.Global().Get("document").Call("getElementById", id)
	if !el.Truthy() {
		return
	}
	top, h := el.Get("scrollTop").Int(), el.Get("clientHeight").Int()
	y := i * rowHeight
	switch {
	case y < top:
		el.Set("scrollTop", y)
	case y+rowHeight > top+h:
		el.Set("scrollTop", y+rowHeight-h)
	}
}
