//go:build !(js && wasm)

package ui

import "fmt"

// Native twins of browser_js.go, for component tests run with go-app's
// testers outside a browser.

func decodeCharset(label string, _ []byte) (string, error) {
	return "", fmt.Errorf("ui: charset %q needs the browser's TextDecoder", label)
}

func download(string, []byte) error { return nil }

func focusID(string) {}

func clearInput(string) {}

func scrollTopOf(string) (int, int) { return 0, 0 }

func windowHeight() int { return 0 }

// afterPaint has no page to wait for.
func afterPaint(fn func()) { fn() }

func scrollRowIntoView(string, int) {}
