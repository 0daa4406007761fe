//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/internal/measure"
)

var (
	onlySignIn = flag.Bool("only-signin", false, "measure and print the full sign-in path only, with its breakdown (for work on the sign-in path)")
)

// profiled is set once the first full path was profiled (-profile-dir),
// and signInProfile holds the shares its profile found.
var (
	profiled      bool
	signInProfile string
)

// signInMarks are the app's performance marks of one sign-in (app/ui's
// perfmarks.go), in milliseconds from the bench's click, and their
// details. An app built before the marks existed sets none: Have is then
// false.
type signInMarks struct {
	Have                              bool
	Click, Login, Listing, Net, Built float64
	Mounted                           float64
	// WSLast is when the last WebSocket message before the inbox's
	// mount arrived (the probe's ws.times), WSN how many arrived.
	WSLast, WSN float64
	// Warm is when the app's warm-up ended ("poppy-warm-done", see
	// app/warm_js.go), negative before the click; WarmHave is false
	// when it had not ended by the inbox's mount (or the app has none).
	Warm     float64
	WarmHave bool
	// WarmWait is, for a click made once the warm-up ended, how long
	// after the app's form went live that was; 0 otherwise. Not a mark.
	WarmWait float64
	// CPUMs is the CPU time of the browser's processes from the click to
	// the first row painted (browserCPU), not a mark.
	CPUMs float64
	// MainCPUMs is the CPU time of the renderers' main threads over the
	// same span (rendererMainCPU), not a mark.
	MainCPUMs float64
	// OtherCPUMs is the CPU time of the renderers' other threads over
	// the same span (rendererOtherCPU), not a mark.
	OtherCPUMs float64
	// MainWaitMs is how long those main threads were ready to run but
	// waited for a CPU over the same span (rendererMainWait), not a
	// mark.
	MainWaitMs float64
}

// readSignInMarks reads the marks of the sign-in that the bench clicked
// at t0 (performance.now()).
func readSignInMarks(ctx context.Context, t0 float64) (signInMarks, error) {
	// The mount's mark is deferred to the frame after the render.
	m, err := chromedp.Run(ctx, chromedp.Poll[signInMarks](`(() => {
		const B = window.__bench;
		const get = (n) => { const e = performance.getEntriesByName(n, "mark"); return e.length ? e[e.length-1] : null; };
		const mounted = get("poppy-inbox-mounted");
		if (!mounted) return null;
		const at = (n) => { const e = get(n); return e ? e.startTime - `+fmt.Sprint(t0)+` : -1; };
		return {Have: true, Click: at("poppy-signin-click"), Login: at("poppy-login-done"), Listing: at("poppy-listing-done"),
			Net: at("poppy-sync-net-done"), Built: at("poppy-rows-built"), Mounted: at("poppy-inbox-mounted"),
			WarmHave: !!get("poppy-warm-done"), Warm: at("poppy-warm-done"),
			WSLast: Math.max(-1, ...B.ws.times.filter(t => t < mounted.startTime)) - `+fmt.Sprint(t0)+`,
			WSN: B.ws.times.filter(t => t > `+fmt.Sprint(t0)+` && t < mounted.startTime).length};
	})()`, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		return signInMarks{}, nil // an app without the marks
	}
	return m, nil
}

// stage is one line of the sign-in breakdown: its name and how to take
// its milliseconds from one run's marks.
type stage struct {
	name string
	of   func(m signInMarks, rowsFrame float64) float64
	// count: the figure is a number of things, not milliseconds.
	count bool
}

// format writes v in st's unit.
func (st stage) format(v float64) string {
	if st.count {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.0f ms", v)
}

var signInStages = []stage{
	{"click → the app took the click (`poppy-signin-click`)", func(m signInMarks, _ float64) float64 { return m.Click }, false},
	{"→ connected and logged in (`poppy-login-done`: WebSocket, bridge, greeting, CAPA, login)", func(m signInMarks, _ float64) float64 { return m.Login - m.Click }, false},
	{"→ CAPA after the login, UIDL and LIST read (`poppy-listing-done`)", func(m signInMarks, _ float64) float64 { return m.Listing - m.Login }, false},
	{"→ last header in, rows added (`poppy-sync-net-done`: TOP n 0 for all, pipelined)", func(m signInMarks, _ float64) float64 { return m.Net - m.Listing }, false},
	{"… of which after the last WebSocket message arrived (its bytes handled; the rest is the bytes' way into the page, see the main thread's wait below)", func(m signInMarks, _ float64) float64 { return m.Net - m.WSLast }, false},
	{"→ rows built for the UI (`poppy-rows-built`: end of Sync, dispatch, sorting)", func(m signInMarks, _ float64) float64 { return m.Built - m.Net }, false},
	{"→ inbox rendered by go-app (`poppy-inbox-mounted`)", func(m signInMarks, _ float64) float64 { return m.Mounted - m.Built }, false},
	{"→ first row painted (the probe's next animation frame)", func(m signInMarks, f float64) float64 { return f - m.Mounted }, false},
	{"Chromium's CPU time, all its processes, click → first row painted (/proc)", func(m signInMarks, _ float64) float64 { return m.CPUMs }, false},
	{"… of which the page's main thread (the renderer's: script, wasm, style, layout)", func(m signInMarks, _ float64) float64 { return m.MainCPUMs }, false},
	{"… of which the renderer's other threads (chiefly V8 optimizing the wasm's hot functions with TurboFan, in the background: docs/architecture.md)", func(m signInMarks, _ float64) float64 { return m.OtherCPUMs }, false},
	{"The page's main thread ready to run but waiting for a CPU, click → first row painted (/proc schedstat: the machine's other work)", func(m signInMarks, _ float64) float64 { return m.MainWaitMs }, false},
	{"WebSocket messages received, click → inbox rendered (the bridge sends what one read of the server's socket returns, up to 128 KiB)", func(m signInMarks, _ float64) float64 { return m.WSN }, true},
}

// printSignInBreakdown prints the median of each stage over the runs
// whose app set its marks.
func (rep *report) printSignInBreakdown(b *strings.Builder, row func(...string)) {
	var runs []int
	for i, m := range rep.marks {
		if m.Have {
			runs = append(runs, i)
		}
	}
	if len(runs) == 0 {
		b.WriteString("\nThe app set no sign-in marks (built before them?): no breakdown.\n")
		return
	}
	fmt.Fprintf(b, "\nWhere the full path's time goes: the app's performance marks (User Timing, set by app/ui), each stage from the previous mark, median of %d.\n\n", len(runs))
	row("Stage", "Median", "Range")
	row("---", "---", "---")
	for _, st := range signInStages {
		var xs []float64
		for _, i := range runs {
			xs = append(xs, st.of(rep.marks[i], float64(rep.fullFrame[i])/float64(time.Millisecond)))
		}
		row(st.name, st.format(measure.Median(xs)), st.format(slices.Min(xs))+"–"+st.format(slices.Max(xs)))
	}
	if signInProfile != "" {
		row("Share of the page's busy CPU samples in the profiled run (-profile-dir)", signInProfile, "")
	}
}

// logMarks prints one run's breakdown on stderr.
func logMarks(i int, m signInMarks) {
	if !m.Have {
		measure.Logf("full path %d: the app set no marks; Chromium CPU %.0f ms", i, m.CPUMs)
		return
	}
	if m.WarmHave {
		measure.Logf("full path %d: the app's warm-up ended %.0f ms after the click (negative: before)", i, m.Warm)
	} else {
		measure.Logf("full path %d: the app's warm-up had not ended when the inbox was rendered", i)
	}
	measure.Logf("full path %d marks: click %.0f, login +%.0f, listing +%.0f, headers +%.0f, rows +%.0f, mounted +%.0f ms; %.0f WebSocket messages, the last at %.0f ms (headers done at %.0f); Chromium CPU %.0f ms, the page's main thread %.0f ms running and %.0f ms waiting for a CPU, the renderer's other threads %.0f ms",
		i, m.Click, m.Login-m.Click, m.Listing-m.Login, m.Net-m.Listing, m.Built-m.Net, m.Mounted-m.Built, m.WSN, m.WSLast, m.Net, m.CPUMs, m.MainCPUMs, m.MainWaitMs, m.OtherCPUMs)
}
