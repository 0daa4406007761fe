package pwa

import (
	_ "embed"
	"strconv"
	"strings"
	"time"
)

// snapshotJS paints the first screen of the inbox that a reload opens
// from the device before app.wasm has loaded, from the snapshot the app
// keeps in localStorage (snapshot.js says how, and why it is safe). It
// runs in the page's head, before the body is parsed, so the snapshot is
// in the first paint: the page carries it inline (inline.go), allowed by
// its hash.
//
//go:embed snapshot.js
var snapshotJS string

// snapshotScriptPath is where the page loads snapshotJS (a Handler
// Scripts entry, which the service worker pre-caches).
const snapshotScriptPath = "/snapshot.js"

// snapshotAsset is snapshotJS for the app's version: a snapshot written
// by another version of the app is not painted, since its render may
// differ.
func snapshotAsset(version string) *asset {
	body := []byte(strings.ReplaceAll(snapshotJS, "{{.Version}}", strconv.Quote(version)))
	return &asset{body: body, etag: etagOf(body), ctype: "text/javascript; charset=utf-8", modified: time.Now()}
}
