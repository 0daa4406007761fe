//go:build !(js && wasm)

package ui

// perfMark has no User Timing to write to outside the browser.
func perfMark(string) {}
