package server

import "net/http"

// withHeaders sets the headers that every response of the bridge carries,
// whichever handler writes it: the web app, the API, health, metrics, and
// the WebSocket handshake and its refusals.
//
// X-DNS-Prefetch-Control: off keeps the browser from resolving host names
// it finds in the page (a message's links and images) before the user
// chose to follow or load them, which would tell their DNS operator that
// the message was read.
func withHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-DNS-Prefetch-Control", "off")
		h.ServeHTTP(w, r)
	})
}
