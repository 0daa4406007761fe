package pwa

import (
	"regexp"
	"strings"
	"testing"
)

// TestConnectOrigins: the OAuth providers' origins (Options.Connect)
// join connect-src, on every path, and nothing else of the policy moves;
// without them connect-src is the page's own origin only.
func TestConnectOrigins(t *testing.T) {
	dir, _ := webDir(t, false, false)
	for _, tc := range []struct {
		connect []string
		want    string
	}{
		{nil, "connect-src 'self';"},
		{[]string{"https://accounts.example"}, "connect-src 'self' https://accounts.example;"},
		{[]string{"https://a.example", "http://127.0.0.1:4444"}, "connect-src 'self' https://a.example http://127.0.0.1:4444;"},
	} {
		h, err := New(&Options{Dir: dir, Connect: tc.connect})
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/app-worker.js", "/web/app.wasm"} {
			got := get(t, h, path, nil).Header.Get("Content-Security-Policy")
			if !strings.Contains(got, tc.want) {
				t.Errorf("Connect %q, %s: CSP %q lacks %q", tc.connect, path, got, tc.want)
			}
			// The inline script's hash (inline.go) is the other change,
			// checked by TestSnapshotScript.
			got = scriptHash.ReplaceAllString(got, "")
			if strings.Replace(got, tc.want, "connect-src 'self';", 1) != csp {
				t.Errorf("Connect %q, %s: CSP %q changed more than connect-src", tc.connect, path, got)
			}
		}
	}
}

var scriptHash = regexp.MustCompile(` 'sha256-[A-Za-z0-9+/=]+'`)
