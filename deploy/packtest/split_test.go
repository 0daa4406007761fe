//go:build unix

package packtest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/internal/nginxtest"
)

// securityHeaders are the headers the bridge sets on the app
// (bridge/internal/pwa/headers.go, bridge/internal/server/headers.go) and
// on its assets (Cache-Control), which nginx must set the same.
var securityHeaders = []string{
	"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
	"Permissions-Policy", "X-Frame-Options", "Cross-Origin-Opener-Policy",
	"Cross-Origin-Resource-Policy", "X-DNS-Prefetch-Control", "Cache-Control",
}

// TestSplitAppAndRelay serves the app with nginx and deploy/nginx's
// config, exported by `bridge export -relay`, apart from a bridge that
// relays for nginx's origin (-origin), and checks what a browser gets:
// the page naming the relay, app.wasm as application/wasm from its
// precompressed twins, the bridge's own security headers, the server
// list readable cross-origin, and a POP3 session through the relay from
// the app's origin but from no other.
func TestSplitAppAndRelay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs nginx and the bridge (-short)")
	}
	root := repoRoot()
	web := filepath.Join(root, "web")
	if _, err := os.Stat(filepath.Join(web, "app.wasm.br")); err != nil {
		t.Fatalf("the web app is not built (make web): %v", err)
	}
	ports, err := harness.FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	app := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	relay := startBridge(t, "-demo", "-web-dir", web, "-origin", app)
	relayWS := "ws" + strings.TrimPrefix(relay, "http")

	site := filepath.Join(t.TempDir(), "site")
	if out, err := exec.Command(bridgeBin, "export", "-web-dir", web, "-relay", relay, site).CombinedOutput(); err != nil {
		t.Fatalf("bridge export: %v\n%s", err, out)
	}
	page := nginxtest.Start(t, &nginxtest.Options{Site: site, Port: ports[0], Relay: strings.TrimSuffix(relay, "/") + " " + strings.TrimSuffix(relayWS, "/")}).URL()

	t.Run("page", func(t *testing.T) {
		resp, body := get(t, page, nil)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") || !bytes.Contains(body, []byte(`src="/app.js"`)) {
			t.Fatalf("GET %s: %s %q, want go-app's page:\n%.300s", page, resp.Status, resp.Header.Get("Content-Type"), body)
		}
		// The exported page loads its script and carries its
		// stylesheets (bridge/internal/pwa/inline.go, Options.Static).
		if !bytes.Contains(body, []byte(`src="/snapshot.js"`)) || bytes.Contains(body, []byte("<script>")) || !bytes.Contains(body, []byte("<style>")) {
			t.Errorf("the exported page must load /snapshot.js, carry no inline script and carry its stylesheets:\n%.600s", body)
		}
		// The app reads the relay's URL from app.js (bridgeapi.EnvRelay).
		_, js := get(t, page+"app.js", nil)
		if want := `"` + bridgeapi.EnvRelay + `":"` + relay + `"`; !bytes.Contains(js, []byte(want)) {
			t.Errorf("app.js does not carry %s", want)
		}
		// Any other path is the page too, but a missing asset is not.
		if r, b := get(t, page+"some/route", nil); r.StatusCode != 200 || !bytes.Equal(b, body) {
			t.Errorf("GET /some/route: %s, want the page", r.Status)
		}
		if r, _ := get(t, page+"web/missing.js", nil); r.StatusCode != 404 {
			t.Errorf("GET /web/missing.js: %s, want 404", r.Status)
		}
	})

	t.Run("wasm", func(t *testing.T) {
		for _, c := range []struct{ accept, enc, twin string }{
			{"gzip, deflate, br", "br", "app.wasm.br"},
			{"gzip", "gzip", "app.wasm.gz"},
			{"", "", "app.wasm"},
		} {
			want, err := os.ReadFile(filepath.Join(web, c.twin))
			if err != nil {
				t.Fatal(err)
			}
			resp, body := get(t, page+"web/app.wasm", http.Header{"Accept-Encoding": {c.accept}})
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" ||
				resp.Header.Get("Content-Encoding") != c.enc || !bytes.Equal(body, want) {
				t.Errorf("Accept-Encoding %q: %s, %q, Content-Encoding %q, %d bytes; want application/wasm, %q, the %d bytes of %s",
					c.accept, resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), len(body), c.enc, len(want), c.twin)
			}
		}
	})

	t.Run("headers", func(t *testing.T) {
		// The bridge serves the app too (it has -web-dir): its headers
		// are the reference, with the relay added to connect-src.
		for _, path := range []string{"", "web/app.wasm", "manifest.webmanifest"} {
			want, _ := get(t, relay+path, nil)
			got, _ := get(t, page+path, nil)
			for _, h := range securityHeaders {
				w := want.Header.Get(h)
				if h == "Content-Security-Policy" {
					w = strings.Replace(w, "connect-src 'self'", "connect-src 'self' "+strings.TrimSuffix(relay, "/")+" "+strings.TrimSuffix(relayWS, "/"), 1)
					// The bridge's page carries snapshot.js inline, by its
					// hash; the exported page loads it (the "page" run
					// checks), so nginx's fixed policy has no hash.
					w = inlineScriptHash.ReplaceAllString(w, "")
				}
				if w == "" || got.Header.Get(h) != w {
					t.Errorf("/%s %s:\n nginx  %q\n bridge %q", path, h, got.Header.Get(h), w)
				}
			}
		}
		if r, _ := get(t, page+"manifest.webmanifest", nil); r.Header.Get("Content-Type") != "application/manifest+json" {
			t.Errorf("manifest Content-Type %q", r.Header.Get("Content-Type"))
		}
	})

	t.Run("cors", func(t *testing.T) {
		for _, path := range []string{bridgeapi.PathTargets, "/web/roots.pem"} {
			for _, c := range []struct{ origin, want string }{
				{strings.TrimSuffix(page, "/"), strings.TrimSuffix(page, "/")},
				{"http://elsewhere.example", ""},
			} {
				resp, _ := get(t, relay+path[1:], http.Header{"Origin": {c.origin}})
				if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != c.want || !strings.Contains(strings.Join(resp.Header.Values("Vary"), ","), "Origin") {
					t.Errorf("%s from %s: %s, Access-Control-Allow-Origin %q (want %q), Vary %q",
						path, c.origin, resp.Status, resp.Header.Get("Access-Control-Allow-Origin"), c.want, resp.Header.Values("Vary"))
				}
			}
		}
	})

	t.Run("relay", func(t *testing.T) {
		// The app's origin reaches the demo mailbox through the relay: the
		// same path then shows another origin refused.
		if n, refused := demoSession(t, relay, strings.TrimSuffix(page, "/")); n < 1 {
			t.Fatalf("from the app's origin: refused with HTTP %d", refused)
		}
		if n, refused := demoSession(t, relay, "http://elsewhere.example"); refused != http.StatusForbidden {
			t.Errorf("from another origin: %d messages, HTTP %d; want a 403 refusal", n, refused)
		}
	})
}

func get(t *testing.T, url string, h http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	// Only what the test asks for: without this, Go's client would add
	// gzip to Accept-Encoding and decode the answer itself.
	if req.Header.Get("Accept-Encoding") == "" {
		req.Header.Set("Accept-Encoding", "identity")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// inlineScriptHash is a script hash source of a policy.
var inlineScriptHash = regexp.MustCompile(` 'sha256-[A-Za-z0-9+/=]+'`)
