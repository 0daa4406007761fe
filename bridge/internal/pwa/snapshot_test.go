package pwa

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSnapshotScript checks how the page carries the inbox's snapshot
// script (snapshot.js): inline in the head (inline.go), so that it runs
// before the body is parsed and the snapshot is in the first paint,
// without waiting for a fetch; allowed by the page's policy through its
// hash alone; pre-cached by the service worker as a file too; served as
// JavaScript under the page's security headers; and with the version of
// the app that the worker caches, so that a snapshot another version
// wrote is not painted.
func TestSnapshotScript(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	res := get(t, h, "/", nil)
	index, _ := io.ReadAll(res.Body)
	inline := regexp.MustCompile(`(?s)<script>(.*?)</script>`).FindSubmatchIndex(index)
	head := strings.Index(string(index), "</head>")
	if inline == nil || head < 0 || inline[0] > head {
		t.Fatalf("the page does not carry a script in its head:\n%s", index)
	}
	if strings.Contains(string(index), `src="/snapshot.js"`) {
		t.Errorf("the page still loads /snapshot.js from the network")
	}
	text := index[inline[2]:inline[3]]
	sum := sha256.Sum256(text)
	want := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	policy := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(policy, "script-src 'self' 'wasm-unsafe-eval' "+want+";") {
		t.Errorf("the page's policy does not allow its inline script by its hash %s alone: %s", want, policy)
	}
	worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
	if !strings.Contains(string(worker), `"/snapshot.js"`) {
		t.Errorf("the service worker does not pre-cache /snapshot.js")
	}
	m := regexp.MustCompile(`cacheName = "app-" \+ "([0-9a-f]+)"`).FindSubmatch(worker)
	if m == nil {
		t.Fatalf("no version in app-worker.js:\n%.300s", worker)
	}
	resp := get(t, h, "/snapshot.js", nil)
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/javascript") ||
		resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("/snapshot.js: %d %v", resp.StatusCode, resp.Header)
	}
	if want := "const VERSION = " + strconv.Quote(string(m[1])) + ";"; !strings.Contains(string(body), want) {
		t.Errorf("/snapshot.js does not hold the worker's version (%s)", want)
	}
	if !bytes.Equal(body, text) {
		t.Errorf("the page's inline script is not /snapshot.js")
	}
	if strings.Contains(string(body), "{{") {
		t.Errorf("/snapshot.js has a placeholder left")
	}
	// Nothing in it builds DOM from a string. (The scan reads the
	// script: it finds what the script does use.)
	if !strings.Contains(snapshotJS, "document.createElement(") {
		t.Fatal("snapshot.js has no createElement: the scan below is not reading it")
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "eval(", "Function("} {
		if strings.Contains(snapshotJS, bad) {
			t.Errorf("snapshot.js uses %s: the snapshot's DOM must be built with createElement and text nodes only", bad)
		}
	}
}
