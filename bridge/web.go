package main

import (
	"log/slog"
	"net/http"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/pwa"
)

// webRoot returns the handler for every path the bridge does not route
// itself ("/", the app's index, app.wasm, the manifest, the service worker,
// icons): the PWA host. Without a built app the bridge still relays, and
// the page says how to build the app instead of failing mysteriously.
// connect are the OAuth providers' origins (oauthConnect); listed is what
// /api/targets lists, which the page's sign-in shell shows.
func webRoot(cfg *serveConfig, listed *bridgeapi.Targets, connect []string, log *slog.Logger) http.Handler {
	h, err := pwa.New(&pwa.Options{Dir: cfg.webDir, Connect: connect, Targets: listed})
	if err == nil {
		return h
	}
	log.Warn("the web app is not built, so only the relay and the API are served; run `make web` (or `make run`)", "error", err)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		pwa.SecurityHeaders(w.Header())
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("Poppy's web app is not built on this server. Run `make web` in the repository (or start it with `make run`), then reload.\n"))
	})
}
