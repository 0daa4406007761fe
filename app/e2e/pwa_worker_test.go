//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// registerProbe records, in the tab's top document, when the page calls
// navigator.serviceWorker.register (performance.now(), in ms).
const registerProbe = `(() => {
	if (window.top !== window || !navigator.serviceWorker) return;
	const sw = navigator.serviceWorker;
	const register = sw.register.bind(sw);
	window.__registerAt = [];
	sw.register = (...args) => { window.__registerAt.push(performance.now()); return register(...args); };
})()`

// workerTimes is when the page registered the worker, and the app's
// marks (-1 for a mark not set), in ms from the navigation.
type workerTimes struct {
	Register           []float64
	Live, Click, Inbox float64
}

// registered waits until the page has registered the worker and its
// app's form has gone live, then reads when each happened.
func registered(t *testing.T, s *browsertest.Session) workerTimes {
	t.Helper()
	if _, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`(window.__registerAt || []).length > 0 && performance.getEntriesByName("poppy-app-signin-live", "mark").length > 0`,
		chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(40*time.Second))); err != nil {
		t.Fatalf("the page never registered the service worker, or its form never went live: %v", err)
	}
	return browsertest.Eval[workerTimes](s, `(() => {
		const m = (n) => { const e = performance.getEntriesByName(n, "mark"); return e.length ? e[0].startTime : -1; };
		return {Register: window.__registerAt, Live: m("poppy-app-signin-live"), Click: m("poppy-signin-click"), Inbox: m("poppy-inbox-mounted")};
	})()`)
}

// TestPWAWorkerWaitsForTheStart checks when the page registers go-app's
// service worker. A first visit registers it only once the app's form
// has been live for 2 s with no sign-in (the loader's idle wait): the
// worker's install downloads the whole app again, and must not compete
// with the app's own start. A visit that the worker controls registers
// it at once, before the form is live: that is its update check.
func TestPWAWorkerWaitsForTheStart(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}, NoOpen: true})
	addScript(t, s, registerProbe)
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	w := registered(t, s)
	if len(w.Register) != 1 {
		t.Errorf("a first visit registered the worker %d times, want once", len(w.Register))
	}
	if w.Click >= 0 {
		t.Fatalf("nothing signed in, yet the page has the mark poppy-signin-click")
	}
	if w.Register[0] < w.Live+1990 {
		t.Errorf("a first visit registered the worker %.0f ms after the app's form went live, want 2000 ms or more (the loader's idle wait)", w.Register[0]-w.Live)
	}

	controlled(t, s) // the worker installs and controls the reloaded page
	w = registered(t, s)
	if w.Register[0] > w.Live {
		t.Errorf("under the worker, the page registered it %.0f ms after the app's form went live, want at once (before)", w.Register[0]-w.Live)
	}
}

// TestPWAWorkerAfterFirstSignIn presses "Sign in" on the page's shell
// while app.wasm is held back, so the sign-in starts as the app's form
// goes live: the first visit registers the worker only once the inbox
// is shown, never during the sign-in.
func TestPWAWorkerAfterFirstSignIn(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}, NoOpen: true})
	addScript(t, s, registerProbe)
	hold := holdWasm(s)
	hold.navigate(s.Bridge.URL)
	if _, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-signin-usable", "mark").length > 0`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the shell never took a sign-in (no poppy-signin-usable mark): %v", err)
	}
	// The shell holds the demo's login.
	s.Do(chromedp.Click(chromedp.CSS(`form#signin button[type=submit]`)))
	hold.release()
	s.Must(browsertest.WaitRows(s.Ctx))
	w := registered(t, s)
	if w.Click < 0 || w.Inbox < 0 {
		t.Fatalf("the held press did not sign in: marks %+v", w)
	}
	if w.Register[0] < w.Inbox {
		t.Errorf("a first visit registered the worker %.0f ms before the first inbox was shown (the sign-in started %.0f ms after the form went live), want after it",
			w.Inbox-w.Register[0], w.Click-w.Live)
	}
}
