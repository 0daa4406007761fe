package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// The sign-in path sets User Timing marks (performance.mark) that the
// benchmark (app/internal/benchreport) reads by name, so that its report
// can say where the time between the click and the inbox went:
//
//   - poppy-store-open: the device's store is open (a press made before
//     it waited for it: signin_held.go);
//   - poppy-signin-click: the form was submitted;
//   - poppy-login-done, poppy-listing-done: the Mailbox logged in, and
//     read UIDL and LIST;
//   - poppy-sync-net-done: the last header arrived and its row was added;
//   - poppy-rows-built: the Shell holds the inbox's rows (sorted);
//   - poppy-inbox-mounted: go-app rendered the inbox.
//
// The page's wasm loader (bridge/internal/pwa/loader.js) reads two of
// them on a first visit: it registers the service worker once
// poppy-inbox-mounted is set, and poppy-signin-click stops its wait for
// an idle form.
//
// Before the click, app/warm_js.go sets poppy-warm-done once its warm-up
// of the sign-in's code (mailbox.Warm) ended, which the benchmark uses
// to tell whether its click came after it.
//
// The shares of header parsing and of the Go garbage collector are read
// from a CPU profile (benchreport -signin-profile): measuring them in the
// app (runtime/metrics, a clock around every parse) would cost app.wasm
// bytes and the sign-in time.
const (
	markStoreOpen    = "poppy-store-open"
	markSignInClick  = "poppy-signin-click"
	markRowsBuilt    = "poppy-rows-built"
	markInboxMounted = "poppy-inbox-mounted"
)

// markInbox marks the rows built now, and the inbox mounted after the
// render that shows them; then it calls done.
func markInbox(ctx app.Context, done func()) {
	perfMark(markRowsBuilt)
	ctx.Defer(func(app.Context) {
		perfMark(markInboxMounted)
		done()
	})
}

// traceSync turns the Mailbox's stages into marks (mailbox.Options.Trace).
func traceSync(stage string) {
	perfMark("poppy-" + stage)
}
