//go:build unix

package oidctest

import (
	"net/http"
	"testing"
)

// TestCORS: with the app's origin in Options.CORSOrigins, Hydra lets a
// page there call the token endpoint from the browser (the preflight is
// allowed), and refuses another origin: the tab's token exchange needs
// no relay through the bridge.
func TestCORS(t *testing.T) {
	t.Parallel()
	const app = "http://127.0.0.1:8080"
	p := Start(t, &Options{CORSOrigins: []string{app}})
	for _, tc := range []struct {
		origin string
		allow  bool
	}{
		{app, true},
		{"http://evil.example", false},
	} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodOptions, p.Issuer+"/oauth2/token", nil)
		req.Header.Set("Origin", tc.origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("Access-Control-Allow-Origin")
		if (got == tc.origin) != tc.allow {
			t.Errorf("origin %s: Access-Control-Allow-Origin %q, want allowed=%v", tc.origin, got, tc.allow)
		}
	}
}
