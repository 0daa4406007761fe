//go:build !(js && wasm)

package ui

// Outside a browser (tests, the prerendered shell) nothing is kept and
// there is no document: the interface is English unless a test sets
// another language.

func savedLanguage() string                { return "" }
func saveLanguage(string)                  {}
func applyDocumentLanguage(string, string) {}
