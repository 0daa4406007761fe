//go:build !js

package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// TestCORSForAllowedOrigins: a page of an origin the relay allows may
// read the server list and the root store from another origin, and only
// those; any other origin gets no Access-Control-Allow-Origin.
func TestCORSForAllowedOrigins(t *testing.T) {
	const app = "https://app.example"
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Vary", "Accept-Encoding") // as the web app's handler does
		w.Write([]byte("file"))
	})
	r := start(t, Options{Root: root, Relay: &relay.Options{Origins: []string{app}}})
	for _, c := range []struct {
		path, origin, want string
		vary               bool
	}{
		{bridgeapi.PathTargets, app, app, true},
		{rootsPath, app, app, true},
		{bridgeapi.PathTargets, "https://other.example", "", true},
		{rootsPath, "https://other.example", "", true},
		{rootsPath, "", "", true},
		{"/web/app.wasm", app, "", false},
		{bridgeapi.PathHealth, app, "", false},
	} {
		req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(r.url, "/")+c.path, nil)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		vary := strings.Join(resp.Header.Values("Vary"), ", ")
		if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != c.want || strings.Contains(vary, "Origin") != c.vary {
			t.Errorf("%s from %q: %s, Access-Control-Allow-Origin %q, Vary %q; want %q, Vary Origin %v",
				c.path, c.origin, resp.Status, resp.Header.Get("Access-Control-Allow-Origin"), vary, c.want, c.vary)
		}
		if c.path == rootsPath && !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("%s: Vary %q lost the handler's Accept-Encoding", c.path, vary)
		}
	}
}
