//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
)

var onlyColdStart = flag.Bool("only-coldstart", false, "measure and print the cold start only (for work on the startup)")

// The cold start's targets (issue 16).
var (
	usableTarget     = measure.Target{Text: "≤ 500 ms", Op: measure.AtMost, Bound: float64(500 * time.Millisecond)}
	firstPaintTarget = measure.Target{Text: "≤ 200 ms", Op: measure.AtMost, Bound: float64(200 * time.Millisecond)}
	// clsTarget is "no layout shift" with room for rounding: a shift of
	// one pixel of a small element scores about 0.0001.
	clsTarget = measure.Target{Text: "≤ 0.001", Op: measure.AtMost, Bound: 0.001}
)

// clsWindow is how long after the app's sign-in form became live the
// layout shifts still count: the app's last startup changes (the saved
// accounts, the server's security line) come with or just after it.
const clsWindow = time.Second

// startupMarks are one page load's stages, in milliseconds from the
// navigation's start (performance.now()), -1 when a stage did not
// happen. The marks are set by the bridge's wasm loader
// (bridge/internal/pwa/loader.js) and the app's main (app/start_js.go).
type startupMarks struct {
	FirstPaint   float64 // paint timing "first-paint"
	FirstContent float64 // paint timing "first-contentful-paint"
	// The navigation's timing: the page's first byte (responseStart),
	// the document parsed (domInteractive), and its deferred scripts run
	// (domContentLoadedEventEnd: the loader is watching the shell).
	ResponseStart, DOMInteractive, DOMReady float64
	// The page's deferred scripts (wasm_exec.js, app.js), loaded: the
	// last one's resource timing responseEnd. (Its stylesheets are in
	// the page: bridge/internal/pwa/inline.go.)
	ScriptsLoaded float64
	WasmRequest   float64 // poppy-wasm-request: the loader asks for app.wasm
	WasmResponse  float64 // app.wasm's resource timing responseEnd: all bytes arrived
	WasmCompiled  float64 // poppy-wasm-compiled: compiled and instantiated
	GoStart       float64 // poppy-start: the app's main runs
	FirstRender   float64 // poppy-first-render: the app replaced the shell
	SigninUsable  float64 // poppy-signin-usable: the page takes a complete sign-in (the shell's, or the app's form)
	AppLive       float64 // poppy-app-signin-live: the app's own form is live
	WasmTransfer  float64 // app.wasm's transferSize: 0 when it came from a cache
	WasmFromCache bool    // served by the service worker (workerStart > 0) or the HTTP cache
	CLS           float64 // layout shifts (without recent input), summed
	// Shifts are the layout shifts: when, how much, and which elements
	// moved (their LayoutShift sources), for the log.
	Shifts []string
}

// compile is the time from asking for app.wasm to the compiled module:
// with streaming compilation it overlaps the download, which on loopback
// is a small part of it.
func (m startupMarks) compile() float64 { return m.WasmCompiled - m.WasmRequest }

// readMarks collects the marks once the sign-in form is usable and
// clsWindow has passed.
const readMarks = `new Promise((resolve) => {
	const mark = (n) => { const e = performance.getEntriesByName(n, "mark"); return e.length ? e[0].startTime : -1; };
	const paint = (n) => { const e = performance.getEntriesByName(n, "paint"); return e.length ? e[0].startTime : -1; };
	const wasm = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/web/app.wasm"));
	const res = (suffix) => performance.getEntriesByType("resource").filter((e) => e.name.endsWith(suffix)).reduce((t, e) => Math.max(t, e.responseEnd), -1);
	const nav = performance.getEntriesByType("navigation")[0];
	const po = new PerformanceObserver(() => {});
	po.observe({type: "layout-shift", buffered: true});
	let cls = 0;
	const shifts = [];
	const name = (n) => !n ? "?" : n.nodeType !== 1 ? n.nodeName : n.tagName.toLowerCase() + (n.id ? "#" + n.id : "") + (n.className && typeof n.className === "string" ? "." + n.className.trim().split(/\s+/).join(".") : "");
	for (const e of po.takeRecords()) {
		if (!e.hadRecentInput) cls += e.value;
		shifts.push(e.startTime.toFixed(0) + "ms " + e.value.toFixed(4) + " " + (e.sources || []).map((s) => name(s.node) + " " + JSON.stringify(s.previousRect) + "→" + JSON.stringify(s.currentRect)).join("; "));
	}
	po.disconnect();
	resolve({
		FirstPaint: paint("first-paint"), FirstContent: paint("first-contentful-paint"),
		ResponseStart: nav.responseStart, DOMInteractive: nav.domInteractive, DOMReady: nav.domContentLoadedEventEnd,
		ScriptsLoaded: Math.max(res("/wasm_exec.js"), res("/app.js")),
		AppLive: mark("poppy-app-signin-live"), Shifts: shifts,
		WasmRequest: mark("poppy-wasm-request"), WasmResponse: wasm ? wasm.responseEnd : -1,
		WasmCompiled: mark("poppy-wasm-compiled"), GoStart: mark("poppy-start"),
		FirstRender: mark("poppy-first-render"), SigninUsable: mark("poppy-signin-usable"),
		WasmTransfer: wasm ? wasm.transferSize : -1,
		WasmFromCache: !!wasm && (wasm.workerStart > 0 || wasm.transferSize === 0),
		CLS: cls,
	});
})`

// coldStart is what measureColdStart found: per fresh profile, the first
// visit, and a second visit in the same profile (the service worker
// installed, the compiled code cached).
type coldStart struct {
	first, second []startupMarks
	// floor and markup are measureFloor's first paints of floorPage and
	// of the page reduced to its markup (markupPage), one per round,
	// in ms.
	floor, markup []float64
}

// loadPage navigates to base and waits until the app's own sign-in form
// is live and clsWindow has passed, then reads the page's marks.
func loadPage(ctx context.Context, base string) (startupMarks, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base)); err != nil {
		return startupMarks{}, err
	}
	read := func() (startupMarks, error) {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-app-signin-live", "mark").length > 0`,
			chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(0))); err != nil {
			return startupMarks{}, err
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(clsWindow)); err != nil {
			return startupMarks{}, err
		}
		return chromedp.Run(ctx, chromedp.Evaluate[startupMarks](readMarks, chromedp.EvalAwaitPromise))
	}
	for attempt := 0; ; attempt++ {
		m, err := read()
		// On a loaded machine a call can reach the page before its
		// document's context exists; the page is the same (reading
		// changes nothing), so ask again.
		if err == nil || attempt == 2 || !strings.Contains(err.Error(), "Cannot find context") {
			return m, err
		}
	}
}

// codeCacheWait is how long the first visit stays open before the second:
// Chromium stores a module's compiled code only once V8 has optimized
// enough of it, or a few seconds after it compiled.
const codeCacheWait = 5 * time.Second

func measureColdStart(ctx context.Context, base string, rep *report) error {
	cs := &rep.coldStart
	shell, err := markupPage(base)
	if err != nil {
		return err
	}
	for i := range *reps {
		floor, err := measureFloor(ctx, floorPage)
		if err != nil {
			return err
		}
		markup, err := measureFloor(ctx, shell)
		if err != nil {
			return err
		}
		cs.floor = append(cs.floor, floor)
		cs.markup = append(cs.markup, markup)
		b, err := newBrowser(ctx)
		if err != nil {
			return err
		}
		first, err := loadPage(b.Ctx, base)
		if err == nil {
			// The second visit is to come from the worker's cache, and
			// a first visit registers it only once the app has started
			// (bridge/internal/pwa/loader.js).
			err = browsertest.WaitWorker(b.Ctx, time.Minute)
		}
		if err == nil {
			err = chromedp.Do(b.Ctx, chromedp.Sleep(codeCacheWait))
		}
		var second startupMarks
		if err == nil {
			second, err = loadPage(b.Ctx, base)
		}
		b.Close()
		if err != nil {
			return err
		}
		cs.first = append(cs.first, first)
		cs.second = append(cs.second, second)
		measure.Logf("cold start %d: %+v (first paints: the one-line page %.0f ms, the page's markup alone %.0f ms)", i+1, first, floor, markup)
		measure.Logf("second visit %d: %+v", i+1, second)
	}
	return nil
}

// medianOf is the median of f over visits.
func medianOf(visits []startupMarks, f func(startupMarks) float64) time.Duration {
	xs := make([]float64, len(visits))
	for i, v := range visits {
		xs[i] = f(v)
	}
	return ms(measure.Median(xs))
}

func (rep *report) printColdStart(b *strings.Builder, row func(...string), vd *measure.Verdicts) {
	cs := rep.coldStart
	fmt.Fprintf(b, "\nCold start: the page loaded in a fresh Chromium profile (no HTTP cache, service worker or compiled code), median of %d; "+
		"then, once its service worker was active (a first visit registers it after the app started) and %s later, loaded again in the same profile (the second visit: app.wasm from the service worker's cache, compiled again unless Chromium kept its code, "+
		"which it does only once V8 has optimized enough of the module). "+
		"Each stage is timed from the navigation's start by the page's own clock: paint timing, app.wasm's resource timing, and the `poppy-` performance marks "+
		"of the bridge's wasm loader and the app (docs/architecture.md names them). "+
		"Layout shifts are summed (CLS) up to %s after the app's own sign-in form became live.\n\n",
		len(cs.first), codeCacheWait, clsWindow)
	row("Navigation → …", "First visit", "Second visit", "Target")
	row("---", "---", "---", "---")
	stage := func(name string, f func(startupMarks) float64, target string) {
		row(name, msStr(medianOf(cs.first, f)), msStr(medianOf(cs.second, f)), target)
	}
	stage("the page's first byte (navigation timing `responseStart`)", func(m startupMarks) float64 { return m.ResponseStart }, "")
	firstPaint := medianOf(cs.first, func(m startupMarks) float64 { return m.FirstPaint })
	row("**first paint** (the sign-in shell; its stylesheets and the snapshot's script are in the page, so no fetch stands before it)", fmt.Sprintf("**%s**", msStr(firstPaint)),
		msStr(medianOf(cs.second, func(m startupMarks) float64 { return m.FirstPaint })),
		vd.Check("cold start: first paint ≤ 200 ms", firstPaintTarget, float64(firstPaint)))
	row("the browser's floor: first paint of a one-line page (no stylesheet, no script) from a Go server on loopback, in a fresh profile of its own",
		msStr(ms(measure.Median(cs.floor))), "", "")
	row("the form's own floor: first paint of this page reduced to its markup (the shell's form and text; every stylesheet, script, link and image taken out), the same way",
		msStr(ms(measure.Median(cs.markup))), "", "")
	stage("the page parsed (`domInteractive`)", func(m startupMarks) float64 { return m.DOMInteractive }, "")
	stage("the deferred scripts loaded (wasm_exec.js, app.js `responseEnd`)", func(m startupMarks) float64 { return m.ScriptsLoaded }, "")
	stage("the deferred scripts ran (`domContentLoadedEventEnd`)", func(m startupMarks) float64 { return m.DOMReady }, "")
	usable := medianOf(cs.first, func(m startupMarks) float64 { return m.SigninUsable })
	var spreadFirst []time.Duration
	for _, m := range cs.first {
		spreadFirst = append(spreadFirst, ms(m.SigninUsable))
	}
	row(fmt.Sprintf("**sign-in usable** (`poppy-signin-usable`: the prerendered shell takes the whole sign-in, its mail servers listed and its submit enabled; "+
		"a press is held, and the sign-in itself starts when the app's form is live, below; %s)", spread(spreadFirst)),
		fmt.Sprintf("**%s**", msStr(usable)),
		msStr(medianOf(cs.second, func(m startupMarks) float64 { return m.SigninUsable })),
		vd.Check("cold start: navigation → sign-in usable ≤ 500 ms", usableTarget, float64(usable)))
	stage("app.wasm requested (`poppy-wasm-request`)", func(m startupMarks) float64 { return m.WasmRequest }, "")
	stage("app.wasm fetched (its `responseEnd`)", func(m startupMarks) float64 { return m.WasmResponse }, "")
	stage("compiled and instantiated (`poppy-wasm-compiled`)", func(m startupMarks) float64 { return m.WasmCompiled }, "")
	stage("Go runtime up, `main` runs (`poppy-start`)", func(m startupMarks) float64 { return m.GoStart }, "")
	stage("first render (`poppy-first-render`)", func(m startupMarks) float64 { return m.FirstRender }, "")
	stage("the app's own form live (`poppy-app-signin-live`: submit enabled; a press made in the shell is submitted now, and signs in once the device's store is open)",
		func(m startupMarks) float64 { return m.AppLive }, "")
	compileFirst := medianOf(cs.first, startupMarks.compile)
	compileSecond := medianOf(cs.second, startupMarks.compile)
	row("**Compile**: app.wasm requested → compiled (streaming: download included)",
		msStr(compileFirst), fmt.Sprintf("**%s** (%.2f× the first)", msStr(compileSecond), float64(compileSecond)/float64(compileFirst)), "")
	clsOf := func(visits []startupMarks) float64 {
		xs := make([]float64, len(visits))
		for i, v := range visits {
			xs[i] = v.CLS
		}
		return measure.Median(xs)
	}
	cls, clsMax := clsOf(cs.first), 0.0
	for _, m := range append(append([]startupMarks(nil), cs.first...), cs.second...) {
		clsMax = max(clsMax, m.CLS)
	}
	row(fmt.Sprintf("**Cumulative layout shift** (largest of all visits: %.4f)", clsMax), fmt.Sprintf("**%.4f**", cls), fmt.Sprintf("%.4f", clsOf(cs.second)),
		vd.Check("cold start: no layout shift (CLS ≤ 0.001, every visit)", clsTarget, clsMax))
}
