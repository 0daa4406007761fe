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
	if s := app.Getenv(bridgeapi.EnvRelay); s != "" {
		if u, err := url.Parse(s); err == nil && u.Host != "" {
			return u
		}
	}
	return app.Window().URL()
}
