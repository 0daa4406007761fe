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

func scrollTopOf(string) (int, int) { return 0, 0 }

func scrollRowIntoView(string, int) {}
