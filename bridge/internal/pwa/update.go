package pwa

import (
	_ "embed"
	"time"
)

// updateJS works around a race in go-app v9's app.js, which can miss the
// notice of a new version (app-update.js says how). Without it the update
// prompt (OnAppUpdate) is shown or not by chance, and a page then keeps
// running the old app until it is reloaded twice.
//
//go:embed app-update.js
var updateJS []byte

// updateScriptPath is where the page loads updateJS. go-app adds a
// Handler.Scripts entry after its own app.js, deferred like it (so they
// run in that order), and pre-caches it in the service worker.
const updateScriptPath = "/app-update.js"

func updateAsset() *asset {
	return &asset{body: updateJS, etag: etagOf(updateJS), ctype: "text/javascript; charset=utf-8", modified: time.Now()}
}
