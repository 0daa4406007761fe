//go:build js && wasm

package i18n

import (
	"syscall/js"
	"testing"
)

// In a browser, the preferences are navigator.languages, in order.
func TestBrowserLanguages(t *testing.T) {
	got := BrowserLanguages()
	want := js.Global().Get("navigator").Get("languages")
	if len(got) == 0 || len(got) != want.Length() {
		t.Fatalf("BrowserLanguages() = %q, navigator.languages has %d", got, want.Length())
	}
	for i, g := range got {
		if w := want.Index(i).String(); g != w {
			t.Errorf("BrowserLanguages()[%d] = %q, want %q", i, g, w)
		}
	}
}
