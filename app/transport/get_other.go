//go:build !(js && wasm)

package transport

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxGet bounds what HTTPGet and HTTPPostForm read: the server list, the
// root store, a token answer.
const maxGet = 1 << 20

// HTTPGet is the native twin of get_js.go, for tests run outside a
// browser.
func HTTPGet(url string) ([]byte, int, error) {
	return HTTPGetContext(context.Background(), url)
}

// HTTPGetContext is HTTPGet whose request ends with ctx.
func HTTPGetContext(ctx context.Context, url string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	return do(req)
}

// HTTPPostForm is the native twin of get_js.go's, for tests run outside
// a browser (against a real OpenID provider).
func HTTPPostForm(ctx context.Context, url string, form url.Values) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(req)
}

func do(req *http.Request) ([]byte, int, error) {
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxGet))
	return b, resp.StatusCode, err
}
