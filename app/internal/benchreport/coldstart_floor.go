//go:build !js

package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/chromedp/chromedp"
)

// floorPage is the least a page can be: one line of text, no stylesheet,
// no script. Its first paint in a fresh profile is what the browser
// itself takes on this machine (starting a renderer, its first layout),
// which no page of ours can beat; the cold start's table prints it
// beside Poppy's first paint, so that the 200 ms target is read against
// the machine's floor and not against zero.
const floorPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Poppy</title><p>Poppy</p>`

// markupNoise is what markupOnly takes out of the page: every script,
// stylesheet, link and image, each with its content, and the wasm
// loader's notice (an aside that the stylesheet hides).
var markupNoise = regexp.MustCompile(`(?is)<script\b.*?</script>|<style\b.*?</style>|<link\b[^>]*>|<img\b[^>]*>|<aside\b.*?</aside>`)

// signInForm finds the shell's sign-in form, its attributes in any order.
var signInForm = regexp.MustCompile(`<form\b[^>]*\bid="signin"`)

// markupOnly is the page the bridge serves reduced to its markup: the
// sign-in shell's form without any stylesheet, script or image. Its first
// paint is what the form's own controls cost the browser, the second
// floor printed beside the first paint.
func markupOnly(page string) (string, error) {
	out := markupNoise.ReplaceAllString(page, "")
	if !signInForm.MatchString(out) || strings.Contains(out, "<script") {
		return "", fmt.Errorf("the page reduced to its markup has no sign-in form or still a script: %.200q", out)
	}
	return out, nil
}

// markupPage fetches the bridge's page at base and reduces it to its
// markup (markupOnly).
func markupPage(base string) (string, error) {
	resp, err := http.Get(base)
	if err != nil {
		return "", err
	}
	page, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return "", err
	}
	return markupOnly(string(page))
}

// measureFloor loads page from a Go server on loopback in a fresh
// Chromium profile of its own (so that it warms nothing for the app's
// visits) and returns its first paint, in ms from the navigation's
// start.
func measureFloor(ctx context.Context, page string) (float64, error) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page))
	}))
	defer srv.Close()
	ctx, done, err := openFresh(ctx, srv.URL)
	if err != nil {
		return 0, err
	}
	defer done()
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`new Promise((resolve) => new PerformanceObserver((l, o) => {
		o.disconnect();
		resolve(l.getEntries()[0].startTime);
	}).observe({type: "paint", buffered: true}))`, chromedp.EvalAwaitPromise))
}
