//go:build !js

package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/chromedp/chromedp"
)

// floorPage is the least a page can be: one line of text, no stylesheet,
// no script. Its first paint in a fresh profile is what the browser
// itself takes on this machine (starting a renderer, its first layout),
// which no page of ours can beat; the cold start's table prints it
// beside Poppy's first paint, so that the 200 ms target is read against
// the machine's floor and not against zero.
const floorPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Poppy</title><p>Poppy</p>`

// measureFloor loads floorPage from a Go server on loopback in a fresh
// Chromium profile of its own (so that it warms nothing for the app's
// visits) and returns its first paint, in ms from the navigation's
// start.
func measureFloor(ctx context.Context) (float64, error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(floorPage))
	}))
	defer srv.Close()
	b, err := newBrowser(ctx)
	if err != nil {
		return 0, err
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(b.Ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		return 0, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise((resolve) => new PerformanceObserver((l, o) => {
		o.disconnect();
		resolve(l.getEntries()[0].startTime);
	}).observe({type: "paint", buffered: true}))`, chromedp.EvalAwaitPromise))
}
