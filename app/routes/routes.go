// Package routes names the web app's pages for go-app, in the one place
// that both the browser app (app/ui) and the bridge, which serves and
// pre-renders the page (bridge/internal/pwa), import. It holds no UI
// logic: the bridge links go-app's server side and this package, not the
// browser app.
package routes

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// Root is the app's one page.
const Root = "/"

// Register registers page as the component of every route. The browser
// passes its root component; the server passes SignInShell, since what the
// app shows (the device's accounts, the bridge's servers, the mail)
// exists only in the browser; SignInShell draws the sign-in form as the app
// first renders it. go-app keeps routes in a global table:
// call Register once per process.
func Register(page app.Composer) {
	app.Route(Root, page)
}
