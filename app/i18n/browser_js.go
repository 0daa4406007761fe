//go:build js && wasm

package i18n

import "syscall/js"

// BrowserLanguages is the browser's language preferences, most
// preferred first (navigator.languages, else navigator.language).
func BrowserLanguages() []string {
	nav := js.Global().Get("navigator")
	if nav.IsUndefined() || nav.IsNull() {
		return nil
	}
	if ls := nav.Get("languages"); ls.Type() == js.TypeObject {
		out := make([]string, 0, ls.Length())
		for i := range ls.Length() {
			out = append(out, ls.Index(i).String())
		}
		if len(out) > 0 {
			return out
		}
	}
	if l := nav.Get("language"); l.Type() == js.TypeString {
		return []string{l.String()}
	}
	return nil
}
