package pwa

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// webDir writes a fake built app: the handler's job is serving bytes, so
// their content does not matter, only that they are told apart.
func webDir(t *testing.T, withBr, withGz bool) (string, []byte) {
	t.Helper()
	dir := t.TempDir()
	wasm := bytes.Repeat([]byte("\x00asm wasm bytes "), 4096)
	files := map[string][]byte{
		"app.wasm": wasm, "wasm_exec.js": []byte("// toolchain wasm_exec.js\n"), "app.css": []byte("body{}"),
		"icon-192.png": []byte("png192"), "icon-512.png": []byte("png512"), "icon-maskable-512.png": []byte("pngmask"),
		"icon.svg": []byte("<svg/>"), "roots.pem": []byte("-----BEGIN CERTIFICATE-----\n"),
	}
	for _, name := range catalogFiles() {
		files[name] = []byte(`{"Sign in": "` + name + `"}`)
	}
	if withBr {
		files["app.wasm.br"] = []byte("brotli bytes")
	}
	if withGz {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write(wasm)
		zw.Close()
		files["app.wasm.gz"] = b.Bytes()
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir, wasm
}

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) *http.Response {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func TestPrecompressedWasm(t *testing.T) {
	dir, wasm := webDir(t, true, true)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		accept, encoding string
		check            func([]byte) bool
	}{
		{"br, gzip", "br", func(b []byte) bool { return string(b) == "brotli bytes" }},
		{"gzip, deflate", "gzip", func(b []byte) bool {
			r, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return false
			}
			got, _ := io.ReadAll(r)
			return bytes.Equal(got, wasm)
		}},
		{"", "", func(b []byte) bool { return bytes.Equal(b, wasm) }},
		{"br;q=0, gzip;q=0", "", func(b []byte) bool { return bytes.Equal(b, wasm) }},
		{"identity", "", func(b []byte) bool { return bytes.Equal(b, wasm) }},
	} {
		t.Run("accept "+tc.accept, func(t *testing.T) {
			resp := get(t, h, "/web/app.wasm", map[string]string{"Accept-Encoding": tc.accept})
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != tc.encoding || !tc.check(body) {
				t.Fatalf("status %d, encoding %q, %d bytes", resp.StatusCode, resp.Header.Get("Content-Encoding"), len(body))
			}
			if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s for %d bytes", cl, len(body))
			}
			if resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("headers: %v", resp.Header)
			}
			// Revalidation: same version, no download.
			etag := resp.Header.Get("ETag")
			again := get(t, h, "/web/app.wasm", map[string]string{"Accept-Encoding": tc.accept, "If-None-Match": etag})
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("If-None-Match %s: status %d, want 304", etag, again.StatusCode)
			}
		})
	}
}

func TestStaleOrBrokenTwinsAreIgnored(t *testing.T) {
	dir, wasm := webDir(t, true, false)
	// A .br older than the wasm is last build's app.
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "app.wasm.br"), old, old)
	// A .gz whose content is not the wasm is refused too.
	os.WriteFile(filepath.Join(dir, "app.wasm.gz"), []byte("not gzip"), 0o644)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h, "/web/app.wasm", map[string]string{"Accept-Encoding": "br, gzip"})
	body, _ := io.ReadAll(resp.Body)
	if resp.Header.Get("Content-Encoding") != "" || !bytes.Equal(body, wasm) {
		t.Fatalf("served encoding %q, want identity", resp.Header.Get("Content-Encoding"))
	}
}

func TestNewVersionChangesETag(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h1, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	e1 := get(t, h1, "/web/app.wasm", nil).Header.Get("ETag")
	os.WriteFile(filepath.Join(dir, "app.wasm"), []byte("\x00asm a new version"), 0o644)
	h2, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h2, "/web/app.wasm", map[string]string{"If-None-Match": e1})
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == e1 {
		t.Fatalf("new version: status %d, ETag %s (old %s)", resp.StatusCode, resp.Header.Get("ETag"), e1)
	}
}

func TestSecurityHeadersEverywhere(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/", "/web/app.wasm", "/wasm_exec.js", "/manifest.webmanifest", "/app.js", "/app-worker.js", "/web/nope", "/web/../go.mod"} {
		resp := get(t, h, path, nil)
		hd := resp.Header
		csp := hd.Get("Content-Security-Policy")
		for _, want := range []string{"'wasm-unsafe-eval'", "frame-ancestors 'none'", "default-src 'none'", "object-src 'none'", "base-uri 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %s", path, csp, want)
			}
		}
		for _, bad := range []string{"'unsafe-eval'", "script-src 'self' 'unsafe-inline'", "*"} {
			if strings.Contains(csp, bad) {
				t.Errorf("%s: CSP %q contains %s", path, csp, bad)
			}
		}
		if hd.Get("X-Content-Type-Options") != "nosniff" || hd.Get("Referrer-Policy") != "no-referrer" || hd.Get("Permissions-Policy") == "" {
			t.Errorf("%s: headers %v", path, hd)
		}
	}
	if resp := get(t, h, "/web/nope", nil); resp.StatusCode != 404 {
		t.Errorf("/web/nope: %d, want 404", resp.StatusCode)
	}
}

func TestToolchainWasmExec(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(get(t, h, "/wasm_exec.js", nil).Body)
	if string(body) != "// toolchain wasm_exec.js\n" {
		t.Fatalf("/wasm_exec.js is not the built one: %.60q", body)
	}
}

func TestManifest(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h, "/manifest.webmanifest", nil)
	var m manifest
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	if m.Name == "" || m.ShortName == "" || m.Description == "" || m.StartURL != "/" || m.Display != "standalone" || m.ThemeColor == "" || m.BackgroundColor == "" {
		t.Fatalf("manifest = %+v", m)
	}
	var maskable bool
	for _, ic := range m.Icons {
		if !strings.HasPrefix(ic.Src, "/web/") {
			t.Errorf("icon %s is not served locally", ic.Src)
		}
		if r := get(t, h, ic.Src, nil); r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" {
			t.Errorf("icon %s: %d %s", ic.Src, r.StatusCode, r.Header.Get("Content-Type"))
		}
		maskable = maskable || ic.Purpose == "maskable"
	}
	if len(m.Icons) < 3 || !maskable {
		t.Fatalf("icons = %+v, want 192, 512 and a maskable one", m.Icons)
	}
}

func TestMissingAppIsAClearError(t *testing.T) {
	_, err := New(&Options{Dir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "make web") {
		t.Fatalf("New on an empty folder = %v, want an error naming `make web`", err)
	}
}

func TestIndexPageUsesLocalIcons(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h, "/", nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), "/wasm_exec.js") {
		t.Fatalf("/: %d", resp.StatusCode)
	}
	// Nothing the page loads may be remote: a closed network refuses it
	// and the service worker cannot pre-cache it.
	for _, remote := range []string{`href="http`, `src="http`, "githubusercontent"} {
		if strings.Contains(string(body), remote) {
			t.Errorf("index page loads a remote resource (%s)", remote)
		}
	}
	worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
	if strings.Contains(string(worker), "githubusercontent") || !strings.Contains(string(worker), "/web/app.wasm") {
		t.Errorf("service worker does not pre-cache the local app only")
	}
}

// TestUpdateScript checks the guard for go-app's missed update notice: the
// page loads it deferred after app.js (it reads app.js's globals), the
// service worker pre-caches it (an offline start loads it too), and it is
// served as JavaScript under the same headers as the rest.
func TestUpdateScript(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(get(t, h, "/", nil).Body)
	appJS := strings.Index(string(index), `src="/app.js"`)
	tag := regexp.MustCompile(`<script[^>]*src="/app-update.js"[^>]*>`).FindIndex(index)
	if tag == nil || appJS < 0 || tag[0] < appJS || !strings.Contains(string(index[tag[0]:tag[1]]), "defer") {
		t.Errorf("the page does not load /app-update.js deferred after /app.js:\n%s", index)
	}
	worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
	if !strings.Contains(string(worker), `"/app-update.js"`) {
		t.Errorf("the service worker does not pre-cache /app-update.js")
	}
	resp := get(t, h, "/app-update.js", nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		resp.Header.Get("Content-Security-Policy") == "" || !bytes.Contains(body, []byte("controllerchange")) {
		t.Errorf("/app-update.js: %d %v", resp.StatusCode, resp.Header)
	}
}

// TestVersionFollowsEveryCachedFile checks that the version, which names
// the service worker's cache, changes when any file the worker caches
// does: the worker answers from its cache first, so a changed stylesheet
// or icon under an unchanged version would never reach an installed app.
func TestVersionFollowsEveryCachedFile(t *testing.T) {
	workerVersion := func(t *testing.T, dir string) string {
		t.Helper()
		h, err := New(&Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
		m := regexp.MustCompile(`cacheName = "app-" \+ "([0-9a-f]+)"`).FindSubmatch(worker)
		if m == nil {
			t.Fatalf("no version in app-worker.js:\n%.300s", worker)
		}
		return string(m[1])
	}
	dir, _ := webDir(t, false, false)
	base := workerVersion(t, dir)
	if again := workerVersion(t, dir); again != base {
		t.Fatalf("the same files give versions %s and %s", base, again)
	}
	for _, name := range []string{"app.wasm", "app.css", "icon-192.png", "icon-maskable-512.png", "wasm_exec.js", "roots.pem", "i18n-ar.json"} {
		t.Run(name, func(t *testing.T) {
			dir, _ := webDir(t, false, false)
			p := filepath.Join(dir, name)
			old, _ := os.ReadFile(p)
			if err := os.WriteFile(p, append(old, " changed"...), 0o644); err != nil {
				t.Fatal(err)
			}
			if v := workerVersion(t, dir); v == base {
				t.Errorf("a changed %s keeps version %s", name, v)
			}
		})
	}
}

// TestLoaderStreamsTheFetchResponse checks the page's wasm loader:
// go-app's own, which hands WebAssembly.instantiateStreaming a Response
// of its making (no URL, so no compiled-code cache), is replaced by
// loader.js, which hands it the fetch's own, with the app's wasm URL and
// the startup marks. app.js is served as JavaScript and the service
// worker caches it.
func TestLoaderStreamsTheFetchResponse(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, h, "/app.js", nil)
	body, _ := io.ReadAll(resp.Body)
	js := string(body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") || resp.Header.Get("ETag") == "" {
		t.Fatalf("/app.js: %d %v", resp.StatusCode, resp.Header)
	}
	for _, want := range []string{
		`const response = fetch("/web/app.wasm");`,
		`WebAssembly.instantiateStreaming(response, go.importObject)`,
		`performance.mark("poppy-wasm-request")`, `performance.mark("poppy-wasm-compiled")`,
		`performance.mark("poppy-first-render")`, `performance.mark("poppy-signin-usable")`,
		"async function goappInitServiceWorker()", // go-app's own code before the loader stays
		"const worker = poppyInitServiceWorker();",
	} {
		if !strings.Contains(js, want) {
			t.Errorf("app.js lacks %s", want)
		}
	}
	if goappWorkerCall.MatchString(js) {
		t.Errorf("app.js still registers the service worker as it starts")
	}
	for _, gone := range []string{"fetchWithProgress", "new Response(", "{{"} {
		if strings.Contains(js, gone) {
			t.Errorf("app.js still has %s", gone)
		}
	}
	if strings.Count(js, "async function goappInitWebAssembly()") != 1 || strings.Count(js, "function goappCanLoadWebAssembly()") != 1 {
		t.Errorf("app.js does not define the loader's functions once each")
	}
	worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
	if !strings.Contains(string(worker), `"/app.js"`) {
		t.Errorf("the service worker does not cache /app.js")
	}
}

// TestLoaderNeedsGoAppsLoader checks that a go-app whose app.js no
// longer has the loader that loader.js replaces is an error naming the
// file to update, not a page that silently loads the wasm the old way.
func TestLoaderNeedsGoAppsLoader(t *testing.T) {
	for _, tc := range []struct {
		name, js string
		err      error
	}{
		{"go-app v9.8.0", "x();\ngoappInitServiceWorker();\nasync function goappInitWebAssembly() {\n  await instantiateStreaming(\n      fetchWithProgress(\"/web/app.wasm\", showProgress),\n  go.importObject);\n}\nasync function fetchWithProgress(url, progess) {}\n", nil},
		{"worker not registered as it starts", "x();\nasync function goappInitWebAssembly() {\n  await instantiateStreaming(\n      fetchWithProgress(\"/web/app.wasm\", showProgress),\n  go.importObject);\n}\n", errLoaderChanged},
		{"worker registered twice", "goappInitServiceWorker();\ngoappInitServiceWorker();\nasync function goappInitWebAssembly() {\n fetchWithProgress(\"/web/app.wasm\", showProgress)\n}\n", errLoaderChanged},
		{"loader renamed", "async function goappLoadWasm() {\n fetchWithProgress(\"/web/app.wasm\", showProgress)\n}\n", errLoaderChanged},
		{"no progress fetch", "async function goappInitWebAssembly() {\n fetch(\"/web/app.wasm\")\n}\n", errLoaderChanged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tc.js) })
			a, err := appJS(page)
			if !errors.Is(err, tc.err) {
				t.Fatalf("appJS = %v, want %v", err, tc.err)
			}
			if err == nil && (!bytes.HasPrefix(a.body, []byte("x();\n")) || !bytes.Contains(a.body, []byte(`fetch("/web/app.wasm")`)) || goappWorkerCall.Match(a.body)) {
				t.Errorf("patched app.js:\n%s", a.body)
			}
		})
	}
}

// TestShellIsTheSignInForm checks that the page the bridge serves paints
// the sign-in form (the automation contract's fields, taking typing
// before the app starts) and hides go-app's full-screen loader only until a load
// fails. app/e2e's TestSignInShellMatchesApp holds it to the app's form.
func TestShellIsTheSignInForm(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(get(t, h, "/", nil).Body)
	page := string(body)
	form := regexp.MustCompile(`<form[^>]*id="signin"[^>]*>`).FindString(page)
	if form == "" || strings.Contains(form, "inert") {
		t.Errorf("the page has no form#signin that takes typing: %q", form)
	}
	for _, name := range []string{"target", "username", "password"} {
		if !strings.Contains(page, `name="`+name+`"`) {
			t.Errorf("the shell has no field named %s", name)
		}
	}
	if !strings.Contains(page, `id="app-wasm-loader"`) {
		t.Errorf("the page lost go-app's loader, which shows a failed load")
	}
}
