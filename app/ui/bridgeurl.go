package ui

import (
	"net/url"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// bridgeURL is where the app finds its bridge: the server list, the root
// store and the relay. That is the page's own origin, unless the page was
// exported to be served apart from the bridges (`bridge export -relay`),
// which names them in bridgeapi.EnvRelay.
func bridgeURL() *url.URL {
	// go-app's app.js defines goappGetenv; a page without it (the wasm
	// tests' harness) has no setting, and calling it would panic.
	if !app.Window().Get("goappGetenv").Truthy() {
		return app.Window().URL()
	}
	if s := app.Getenv(bridgeapi.EnvRelay); s != "" {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return u
		}
	}
	return app.Window().URL()
}
