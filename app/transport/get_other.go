//go:build !(js && wasm)

package transport

import (
	"io"
	"net/http"
)

// maxGet bounds what HTTPGet reads: the server list, the root store.
const maxGet = 1 << 20

// HTTPGet is the native twin of get_js.go, for tests run outside a
// browser.
func HTTPGet(url string) ([]byte, int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxGet))
	return b, resp.StatusCode, err
}
