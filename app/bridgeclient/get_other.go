//go:build !(js && wasm)

package bridgeclient

import (
	"io"
	"net/http"
)

// maxList bounds the server list read from the bridge.
const maxList = 1 << 20

// httpGet is the native twin of get_js.go, for tests run outside a
// browser.
func httpGet(url string) ([]byte, int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxList))
	return b, resp.StatusCode, err
}
