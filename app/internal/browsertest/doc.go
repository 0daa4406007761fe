//go:build !js

// Package browsertest drives Poppy's web app in headless Chromium, through
// the real bridge, for the end-to-end tests (app/e2e) and the benchmark
// program (app/internal/benchreport).
//
// It builds the bridge binary once per process (BuildBridge), starts it as
// a subprocess on a free loopback port (StartBridge) or where a stopped one
// was, so that the page keeps its origin, service worker and storage
// (Bridge.Restart, Session.StopBridge and StartBridge; NewAppVersion makes
// a new version of the app to serve), starts a browser with a fresh
// profile and the flags this closed network needs (NewBrowser), and
// knows the app's automation contract (page.go): the sign-in form#signin
// with inputs named target, username and password; inbox rows carrying
// data-uidl; the delete control aria-label="Delete"; the HTML body frame
// title="Message body"; the buttons #trust-cert, #load-remote and #undo.
//
// Watch installs tripwires for hostile mail: page-level traps (alert,
// confirm, prompt, print, window.open, foreign fetch/XHR/WebSocket/beacon),
// JavaScript dialogs, console output and exceptions of the page, and of
// every message frame. Chromium runs the sandboxed srcdoc frame of a
// message out of process, as a target of its own that a page session does
// not see, so Watch attaches to each frame target and reads the console
// messages and log entries that Chromium replays on attach. Remote is a
// stand-in for the internet (an HTTP and an HTTPS server on 127.0.0.1,
// counting connections), FrameDocs reads what a frame shows, and
// AllowDownloads and Download save and return downloaded files.
//
// The core API returns errors, so that a program can use it; Start and
// Require are the testing.TB front end, which skips when Chromium or the
// built app is missing, or fails when the CI environment variable is set.
//
// Every file needs the "!js" build constraint: the repository also vets
// with GOOS=js GOARCH=wasm, and chromedp does not build there.
package browsertest
