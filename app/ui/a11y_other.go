//go:build !(js && wasm)

package ui

// Native twins of a11y_js.go, for component tests outside a browser.

func followFocus(string, string, bool) {}

func hasFocusWithin(string) bool { return false }

// announced is what announce said last, for tests.
var announced string

func announce(text string) { announced = text }

func boxHeight(string) int { return 0 }
