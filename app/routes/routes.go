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
// passes its root component; the server passes Loading, since what the
// app shows (the device's accounts, the bridge's servers, the mail)
// exists only in the browser. go-app keeps routes in a global table:
// call Register once per process.
func Register(page app.Composer) {
	app.Route(Root, page)
}

// Loading is what the server renders for a route before the app starts:
// the app's name, in the sign-in page's frame, so the first paint looks
// like what follows. The app's own component replaces it when the wasm
// mounts.
type Loading struct{ app.Compo }

// Render draws the placeholder.
func (*Loading) Render() app.UI {
	return app.Main().Class("signin-page").Body(
		app.Div().Class("signin").Body(
			app.H1().Body(app.Img().Src("/web/icon-192.png").Alt("").Class("logo"), app.Text("Poppy")),
			app.P().Class("tagline").Text("Read your POP3 mail in the browser."),
		),
	)
}
