//go:build js && wasm

package ui

import (
	"syscall/js"
	"testing"
)

// Every download is an application/octet-stream Blob, whatever the
// message declared (issue 9): the test catches the Blob that download
// hands to URL.createObjectURL, and stops the link's click so that the
// browser does not save a file.
func TestDownloadBlobType(t *testing.T) {
	url := js.Global().Get("URL")
	anchor := js.Global().Get("HTMLAnchorElement").Get("prototype")
	origCreate, origClick := url.Get("createObjectURL"), anchor.Get("click")
	var blobs []js.Value
	clicks := 0
	create := js.FuncOf(func(_ js.Value, args []js.Value) any {
		blobs = append(blobs, args[0])
		return origCreate.Call("call", url, args[0])
	})
	click := js.FuncOf(func(this js.Value, _ []js.Value) any {
		if this.Get("download").String() != "" {
			clicks++
		}
		return nil
	})
	url.Set("createObjectURL", create)
	anchor.Set("click", click)
	defer func() {
		url.Set("createObjectURL", origCreate)
		anchor.Set("click", origClick)
		create.Release()
		click.Release()
	}()

	for _, name := range []string{"page.html", "image.svg", "doc.xhtml", "message.eml"} {
		if err := download(name, []byte("<script>alert('POPPY-XSS')</script>")); err != nil {
			t.Fatalf("download(%q): %v", name, err)
		}
	}
	if len(blobs) != 4 || clicks != 4 {
		t.Fatalf("%d Blobs made and %d links clicked for 4 downloads", len(blobs), clicks)
	}
	for _, b := range blobs {
		if got := b.Get("type").String(); got != "application/octet-stream" {
			t.Errorf("a download's Blob has type %q, want application/octet-stream", got)
		}
	}
}
