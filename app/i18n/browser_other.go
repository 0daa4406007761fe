//go:build !(js && wasm)

package i18n

// BrowserLanguages is nil outside a browser: English, unless chosen.
func BrowserLanguages() []string { return nil }
