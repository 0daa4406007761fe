//go:build !(js && wasm)

package ui

import (
	"fmt"
	"io"
	"net/http"
)

// Native twins of browser_js.go, for component tests run with go-app's
// testers outside a browser.

func decodeCharset(label string, _ []byte) (string, error) {
	return "", fmt.Errorf("ui: charset %q needs the browser's TextDecoder", label)
}

func download(string, []byte) error { return nil }

func focusID(string) {}

func scrollTopOf(string) (int, int) { return 0, 0 }

func scrollRowIntoView(string, int) {}

func httpGet(url string) ([]byte, int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return b, resp.StatusCode, err
}
