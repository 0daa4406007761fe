//go:build !js

package e2e

import (
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// wasmHold holds the browser's request for app.wasm at the network (the
// Fetch domain pauses it), so that a test sees the page as it is before
// the app runs: the prerendered sign-in shell, or a reload's snapshot.
type wasmHold struct {
	s      *browsertest.Session
	paused chan fetch.RequestID
	id     fetch.RequestID
}

// holdWasm starts holding app.wasm for the pages s opens next. A page
// whose service worker answers from its cache never reaches the network:
// bypass the worker first where one may be installed.
func holdWasm(s *browsertest.Session) *wasmHold {
	h := &wasmHold{s: s, paused: make(chan fetch.RequestID, 4)}
	s.Must(chromedp.Listen(s.Ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			select {
			case h.paused <- e.RequestID:
			default: // the listener must not block; one request is all a test holds
			}
		}
	}))
	_, err := chromedp.Call(s.Ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/web/app.wasm"}}})
	s.Must(err)
	return h
}

// navigate opens url and waits until the page asked for app.wasm, which
// stays held.
func (h *wasmHold) navigate(url string) {
	h.s.T.Helper()
	h.s.Do(chromedp.Navigate(url))
	select {
	case h.id = <-h.paused:
	case <-time.After(30 * time.Second):
		h.s.T.Fatal("the page never asked for app.wasm")
	}
}

// release lets app.wasm load, and holds nothing more.
func (h *wasmHold) release() {
	_, err := chromedp.Call(h.s.Ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: h.id})
	h.s.Must(err)
	_, err = chromedp.Call(h.s.Ctx, fetch.Disable, cdp.Empty{})
	h.s.Must(err)
}
