//go:build js && wasm

package ui

import "syscall/js"

// languageKey is the localStorage key of the chosen language's tag.
const languageKey = "poppy.language"

// savedLanguage is the language chosen on this device, or "". Storage
// that refuses (a private window's quota, a sandbox) is no choice.
func savedLanguage() (tag string) {
	defer func() {
		if recover() != nil {
			tag = ""
		}
	}()
	v := js.Global().Get("localStorage").Call("getItem", languageKey)
	if v.Type() != js.TypeString {
		return ""
	}
	return v.String()
}

// saveLanguage keeps tag on this device; a storage that refuses keeps
// the language for this page only.
func saveLanguage(tag string) {
	defer func() { _ = recover() }()
	js.Global().Get("localStorage").Call("setItem", languageKey, tag)
}

// applyDocumentLanguage sets <html lang dir>: screen readers choose
// their voice by lang, and dir mirrors the page's layout, whose CSS
// uses logical properties (web/app.css).
func applyDocumentLanguage(tag, dir string) {
	de := js.Global().Get("document").Get("documentElement")
	de.Call("setAttribute", "lang", tag)
	de.Call("setAttribute", "dir", dir)
}
