package pwa

import (
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestSnapshotScript checks how the page carries the inbox's snapshot
// script (snapshot.js): in the head, without defer or async, so that it
// runs before the body is parsed and the snapshot is in the first paint;
// pre-cached by the service worker, so that a revisit has it without the
// network; served as JavaScript under the page's security headers; and
// with the version of the app that the worker caches, so that a
// snapshot another version wrote is not painted.
func TestSnapshotScript(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	index, _ := io.ReadAll(get(t, h, "/", nil).Body)
	tag := regexp.MustCompile(`<script[^>]*src="/snapshot.js"[^>]*>`).FindIndex(index)
	head := strings.Index(string(index), "</head>")
	if tag == nil || head < 0 || tag[0] > head {
		t.Fatalf("the page does not load /snapshot.js in its head:\n%s", index)
	}
	if s := string(index[tag[0]:tag[1]]); strings.Contains(s, "defer") || strings.Contains(s, "async") {
		t.Errorf("the page loads /snapshot.js as %s: it must run before the body is parsed", s)
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
