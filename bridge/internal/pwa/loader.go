package pwa

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// loaderJS replaces go-app's goappInitWebAssembly in app.js. go-app
// v9.8.0 passes WebAssembly.instantiateStreaming a Response it builds
// itself around the fetched body (to count bytes for its progress bar).
// That Response has no URL and no cache entry behind it, so Chromium can
// neither look up nor store the module's compiled code in its code cache,
// and every byte also passes through a JavaScript loop. This loader hands
// instantiateStreaming the fetch's own Response (served as
// application/wasm), which compiles while the bytes stream in and is
// eligible for the code cache. (Chromium writes that cache only once V8
// has optimized enough of the module's code, which a visit to the
// sign-in page does not reach: docs/benchmarks.md measures the second
// visit.) It also sets the startup's performance marks (loader.js says
// which).
//
//go:embed loader.js
var loaderJS string

// goappLoader is go-app v9.8.0's goappInitWebAssembly and
// fetchWithProgress, which loaderJS replaces: from the first function's
// declaration to the end of the file. (?s) lets . cross lines.
var goappLoader = regexp.MustCompile(`(?s)async function goappInitWebAssembly\(\) \{.*fetchWithProgress\("([^"]+)", showProgress\).*\z`)

// goappWorkerCall is go-app v9.8.0's registration of its service worker
// as app.js starts, a line of its own. appJS takes it out: loaderJS
// registers the worker itself (poppyInitServiceWorker), on a first visit
// only once the app has started.
var goappWorkerCall = regexp.MustCompile(`(?m)^goappInitServiceWorker\(\);\n`)

// errLoaderChanged means go-app's app.js no longer has the loader that
// loaderJS replaces, or no longer registers its service worker where
// appJS expects: a go-app upgrade must bring loader.js up to date.
var errLoaderChanged = errors.New("pwa: go-app's app.js has changed: its wasm loader or its service worker's registration was not found, so bridge/internal/pwa/loader.js cannot replace them (update loader.js for this go-app version)")

// appJS returns go-app's app.js, as page serves it, with loaderJS in
// place of its wasm loader.
func appJS(page http.Handler) (*asset, error) {
	orig, err := servedBy(page, "/app.js")
	if err != nil {
		return nil, err
	}
	m := goappLoader.FindSubmatchIndex(orig)
	if m == nil {
		return nil, errLoaderChanged
	}
	wasmURL := string(orig[m[2]:m[3]])
	head := orig[:m[0]]
	if calls := goappWorkerCall.FindAllIndex(head, -1); len(calls) != 1 {
		return nil, errLoaderChanged
	}
	var b bytes.Buffer
	b.Write(goappWorkerCall.ReplaceAll(head, nil))
	// The URL is go-app's own ("/web/app.wasm"): Go's quoting of it is
	// a valid JavaScript string.
	b.WriteString(strings.ReplaceAll(loaderJS, "{{.Wasm}}", strconv.Quote(wasmURL)))
	body := b.Bytes()
	return &asset{body: body, etag: etagOf(body), ctype: "text/javascript; charset=utf-8", modified: time.Now()}, nil
}

// servedBy is what go-app's page handler serves at path: the files it
// makes itself (app.js, its own app.css).
func servedBy(page http.Handler, path string) ([]byte, error) {
	rec := httptest.NewRecorder()
	page.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("pwa: go-app served %s with status %d", path, rec.Code)
	}
	return rec.Body.Bytes(), nil
}
