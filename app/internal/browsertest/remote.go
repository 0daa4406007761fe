//go:build !js

package browsertest

import (
	"bytes"
	"encoding/base64"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"time"
)

// pixel is a 1×1 transparent PNG, the answer to every request.
var pixel, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")

// Remote is a stand-in for the rest of the internet: an HTTP and an
// HTTPS server on 127.0.0.1 (which the browser's host-resolver rules let
// through) that count every TCP connection and record every request. A
// connection counts even when no request follows, as when the browser
// refuses the HTTPS server's certificate: a test that wants no contact at
// all checks Connections.
type Remote struct {
	HTTP, HTTPS *httptest.Server

	mu       sync.Mutex
	conns    int
	requests []string
	changed  chan struct{}
}

// NewRemote starts both servers.
func NewRemote() *Remote {
	r := &Remote{changed: make(chan struct{})}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.requests = append(r.requests, req.Method+" "+req.Host+req.URL.RequestURI())
		r.signal()
		r.mu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Header().Set("Cache-Control", "no-store")
		http.ServeContent(w, req, "pixel.png", time.Time{}, bytes.NewReader(pixel))
	})
	r.HTTP = httptest.NewUnstartedServer(h)
	r.HTTPS = httptest.NewUnstartedServer(h)
	for _, s := range []*httptest.Server{r.HTTP, r.HTTPS} {
		s.Config.ConnState = func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				r.mu.Lock()
				r.conns++
				r.signal()
				r.mu.Unlock()
			}
		}
		// The browser refusing the HTTPS certificate is expected here.
		s.Config.ErrorLog = log.New(io.Discard, "", 0)
	}
	r.HTTP.Start()
	r.HTTPS.StartTLS()
	return r
}

// signal wakes Wait; r.mu is held.
func (r *Remote) signal() {
	close(r.changed)
	r.changed = make(chan struct{})
}

// Connections returns how many TCP connections reached either server.
func (r *Remote) Connections() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.conns
}

// Requests returns "METHOD host/path?query" of every request so far.
func (r *Remote) Requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.requests)
}

// Reset forgets the connections and requests so far.
func (r *Remote) Reset() {
	r.mu.Lock()
	r.conns, r.requests = 0, nil
	r.mu.Unlock()
}

// WaitRequest waits until a request satisfies match, or timeout passes.
func (r *Remote) WaitRequest(timeout time.Duration, match func(string) bool) (string, bool) {
	deadline := time.After(timeout)
	for {
		r.mu.Lock()
		for _, req := range r.requests {
			if match(req) {
				r.mu.Unlock()
				return req, true
			}
		}
		ch := r.changed
		r.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			return "", false
		}
	}
}

// Close stops both servers.
func (r *Remote) Close() {
	r.HTTP.CloseClientConnections()
	r.HTTPS.CloseClientConnections()
	r.HTTP.Close()
	r.HTTPS.Close()
}
