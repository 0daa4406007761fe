package server

import (
	"net/http"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// rootsPath is app/transport.RootsPath: the root store that app.wasm
// checks against the SHA-256 it was built with. The server does not
// import the app's packages.
const rootsPath = "/web/roots.pem"

// corsPaths are the resources that the app reads from its bridge besides
// the WebSocket.
var corsPaths = map[string]bool{bridgeapi.PathTargets: true, bridgeapi.PathAutoconfig: true, rootsPath: true}

// withCORS lets a page of an origin the relay allows read corsPaths from
// another origin (Fetch standard, CORS protocol), so that the app can be
// served by a web server or CDN apart from bridges that only relay
// (deploy/nginx). Nothing else of the bridge becomes readable, and no
// other origin gets the header: its page's fetch fails as before. All
// are simple GETs, so there is no preflight to answer. /api/autoconfig
// is among them so that the address-first sign-in works from a split app.
func (s *Server) withCORS(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !corsPaths[r.URL.Path] {
			h.ServeHTTP(w, r)
			return
		}
		o := r.Header.Get("Origin")
		if o == "" || !s.relay.AllowsOrigin(o) {
			o = ""
		}
		h.ServeHTTP(&corsWriter{ResponseWriter: w, origin: o}, r)
	})
}

// corsWriter adds the CORS headers when the response's header is
// written, after the handler's own: the web app's handler sets Vary
// itself, which would otherwise replace Origin in it.
type corsWriter struct {
	http.ResponseWriter
	origin string
	wrote  bool
}

func (c *corsWriter) addHeaders() {
	if c.wrote {
		return
	}
	c.wrote = true
	// Shared caches must keep the answers to different origins apart.
	c.Header().Add("Vary", "Origin")
	if c.origin != "" {
		c.Header().Set("Access-Control-Allow-Origin", c.origin)
	}
}

func (c *corsWriter) WriteHeader(code int) {
	c.addHeaders()
	c.ResponseWriter.WriteHeader(code)
}

func (c *corsWriter) Write(b []byte) (int, error) {
	c.addHeaders()
	return c.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (c *corsWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
