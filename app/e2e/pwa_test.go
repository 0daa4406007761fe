//go:build !js

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// The PWA tests run the app as an installed one lives: from go-app's
// service worker (app-worker.js), whose cache is named after the version
// the bridge gives the app, a hash of the files it serves (app.wasm
// first). A restarted bridge listens on the same port, so the page keeps
// its origin, and with it the worker and its cache.

// TestPWAManifest checks the web app manifest as Chromium parses it: no
// errors, the fields that make the app installable, and icons of 192 and
// 512 pixels and a maskable one, all served by the bridge and loadable as
// images by the page.
func TestPWAManifest(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	res, err := chromedp.Call(s.Ctx, page.GetAppManifest, page.GetAppManifestParams{})
	s.Must(err)
	for _, e := range res.Errors {
		t.Errorf("manifest %s:%d:%d: %s (critical %d)", res.URL, e.Line, e.Column, e.Message, e.Critical)
	}
	origin := originOf(t, s.Bridge.URL)
	if originOf(t, res.URL) != origin {
		t.Errorf("the manifest is %q, want one of %s", res.URL, origin)
	}
	m := res.Manifest
	if m == nil {
		t.Fatalf("Chromium parsed no manifest from %s; its text:\n%s", res.URL, res.Data)
	}
	// What the protocol leaves out of the parsed manifest (short_name,
	// the icons' purpose) comes from the manifest's text, which Chromium
	// returns too.
	var raw struct {
		ShortName string `json:"short_name"`
		Icons     []struct{ Src, Sizes, Purpose string }
	}
	if err := json.Unmarshal([]byte(res.Data), &raw); err != nil {
		t.Fatalf("the manifest's text is not JSON: %v", err)
	}
	for _, f := range []struct{ name, got, want string }{
		{"name", m.Name, "Poppy"},
		{"short_name", raw.ShortName, "Poppy"},
		// Chromium reports its enum's name, kStandalone.
		{"display", strings.ToLower(strings.TrimPrefix(m.Display, "k")), "standalone"},
		{"start_url", m.StartURL, s.Bridge.URL},
		{"description", m.Description, "*"},
		{"theme_color", m.ThemeColor, "*"},
		{"background_color", m.BackgroundColor, "*"},
	} {
		if f.got == "" || (f.want != "*" && f.got != f.want) {
			t.Errorf("manifest %s = %q, want %q", f.name, f.got, f.want)
		}
	}
	// Chromium's own verdict on the manifest, the worker and the icons
	// together.
	inst, err := chromedp.Call(s.Ctx, page.GetInstallabilityErrors, cdp.Empty{})
	s.Must(err)
	for _, e := range inst.InstallabilityErrors {
		var args []string
		for _, a := range e.ErrorArguments {
			args = append(args, a.Name+"="+a.Value)
		}
		t.Errorf("Chromium finds the app not installable: %s %s", e.ErrorID, strings.Join(args, " "))
	}

	base, _ := url.Parse(res.URL)
	sizes := map[string]bool{}
	var maskable []string
	for _, ic := range raw.Icons {
		u, err := base.Parse(ic.Src)
		if err != nil || originOf(t, u.String()) != origin {
			t.Errorf("icon %q is not on the app's origin %s", ic.Src, origin)
			continue
		}
		sizes[ic.Sizes] = true
		if slices.Contains(strings.Fields(ic.Purpose), "maskable") {
			maskable = append(maskable, u.String())
		}
	}
	if !sizes["192x192"] || !sizes["512x512"] || len(maskable) == 0 {
		t.Errorf("icons %+v, want 192x192, 512x512 and a maskable one", raw.Icons)
	}
	if len(m.Icons) != len(raw.Icons) {
		t.Errorf("Chromium kept %d of the manifest's %d icons", len(m.Icons), len(raw.Icons))
	}

	// Each icon loads in the page as an image of the size it declares
	// (the page's own CSP applies, as it does to the install prompt).
	for _, ic := range m.Icons {
		if originOf(t, ic.URL) != origin {
			t.Errorf("parsed icon %q is not on the app's origin %s", ic.URL, origin)
			continue
		}
		size, err := chromedp.Run(s.Ctx, chromedp.Evaluate[string](`new Promise((resolve, reject) => {
			const img = new Image();
			img.onload = () => resolve(img.naturalWidth + "x" + img.naturalHeight);
			img.onerror = () => reject(new Error("the image did not load"));
			img.src = `+jsString(ic.URL)+`;
		})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Errorf("icon %s: %v", ic.URL, err)
			continue
		}
		if ic.Sizes != "" && size != ic.Sizes {
			t.Errorf("icon %s is %s, the manifest says %s", ic.URL, size, ic.Sizes)
		}
	}
}

// TestPWAWorkerControlsPage checks that go-app's service worker installs
// (it pre-caches the whole app, so one missing or remote resource fails
// it) and controls the page once it is reloaded.
func TestPWAWorkerControlsPage(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	controlled(t, s)
	cached := await[[]string](t, s, `(async () => {
		const out = [];
		for (const k of await caches.keys()) {
			for (const r of await (await caches.open(k)).keys()) out.push(new URL(r.url).pathname);
		}
		return out;
	})()`)
	for _, want := range []string{"/", "/app.js", "/app-update.js", "/wasm_exec.js", "/web/app.wasm", "/manifest.webmanifest", "/web/app.css", "/web/roots.pem"} {
		if !slices.Contains(cached, want) {
			t.Errorf("the worker's cache lacks %s; it holds %q", want, cached)
		}
	}
}

// TestPWAOffline stops the bridge under a controlled page and reloads it:
// the app starts from the worker's cache, the wasm runs (only the running
// app asks the bridge for its mail servers, and says that it cannot reach
// it), and once the bridge is back on the same port a reload signs in to
// the demo mailbox.
func TestPWAOffline(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	controlled(t, s)

	s.StopBridge()
	s.Do(chromedp.Reload())
	// The served page already holds the sign-in form (go-app renders it
	// on the server): the error and the gone loader show the wasm ran.
	s.Must(browsertest.Wait(s.Ctx, "main.signin-page "+browsertest.SelSignInError, 30*time.Second))
	msg, err := browsertest.SignInError(s.Ctx)
	s.Must(err)
	if !strings.HasPrefix(msg, "Cannot reach the Poppy bridge") {
		t.Errorf("offline, the sign-in page says %q, want that it cannot reach the bridge", msg)
	}
	s.Must(browsertest.WaitGone(s.Ctx, "#app-wasm-loader", 10*time.Second))
	if !browsertest.Eval[bool](s, `navigator.serviceWorker.controller !== null`) {
		t.Error("the page loaded offline is not controlled by the worker")
	}
	visible := browsertest.Eval[bool](s, `(() => {
		const e = document.querySelector("form#signin .error");
		const r = e && e.getBoundingClientRect();
		return !!r && r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== "hidden";
	})()`)
	if !visible {
		t.Error("the error under the form is not visible")
	}

	s.StartBridge(nil)
	s.Do(chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS(browsertest.SelSubmitEnabled)))
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("signing in to the demo mailbox after the bridge came back gave %q (%q), want the inbox", o, msg)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
}

// updateProbe records, in the tab's documents, the steps of an update:
// when go-app's register() resolved (go-app listens for updates only from
// then on), when the wasm set goappOnUpdate (a call before is lost), what
// the new worker did, and when goappOnUpdate was called. TestPWAUpdatePrompt
// logs the record.
const updateProbe = `(() => {
	if (window.top !== window || window.__pwaProbe) return;
	const log = [];
	window.__pwaProbe = log;
	const note = (s) => log.push(Math.round(performance.now()) + " ms: " + s);
	let placeholder, wasmSet = false, registered = false;
	const poll = setInterval(() => {
		if (!registered) {
			try { registered = !!goappServiceWorkerRegistration; } catch (e) {}
			if (registered) note("go-app's register() resolved: it listens for updates from now on");
		}
		if (placeholder === undefined && typeof goappOnUpdate === "function") placeholder = goappOnUpdate;
		if (!wasmSet && placeholder !== undefined && goappOnUpdate !== placeholder) {
			wasmSet = true;
			note("the wasm set goappOnUpdate");
			const f = goappOnUpdate;
			goappOnUpdate = function () { note("goappOnUpdate called"); return f.apply(this, arguments); };
		}
		if (registered && wasmSet) clearInterval(poll);
	}, 5);
	if (!navigator.serviceWorker) return;
	navigator.serviceWorker.addEventListener("controllerchange", () => note("controllerchange"));
	navigator.serviceWorker.getRegistration().then((reg) => {
		if (!reg) { note("no registration yet"); return; }
		reg.addEventListener("updatefound", () => {
			const w = reg.installing;
			note("update found");
			w.addEventListener("statechange", () => note("new worker " + w.state));
		});
	});
})()`

// lateRegister makes navigator.serviceWorker.register() resolve only once
// the new worker has taken over (or after 15 s), as Chromium does when
// the update check that follows a navigation is queued before go-app's
// register(): go-app then adds its "updatefound" listener too late.
// Chromium does that now and then, under load; this makes it certain.
const lateRegister = `(() => {
	if (window.top !== window || !navigator.serviceWorker) return;
	const sw = navigator.serviceWorker;
	const register = sw.register.bind(sw);
	sw.register = (...args) => new Promise((resolve, reject) => {
		const p = register(...args);
		let done = false;
		const finish = () => { if (!done) { done = true; p.then(resolve, reject); } };
		sw.addEventListener("controllerchange", finish, {once: true});
		setTimeout(finish, 15000);
	});
})()`

// TestPWAUpdatePrompt serves a new version of the app under a page that
// runs the old one: on reload the worker installs the new version, go-app
// reports the update, and the app shows #update-bar with a "Reload"
// button, which reloads into the new version. It does so twice: as it
// usually goes, and with go-app's register() resolving after the update,
// when only the bridge's app-update.js reports it.
func TestPWAUpdatePrompt(t *testing.T) {
	for _, tc := range []struct {
		name, script string
	}{
		{"go-app sees the update", ""},
		{"go-app misses the update", lateRegister},
	} {
		t.Run(tc.name, func(t *testing.T) { updatePrompt(t, tc.script) })
	}
}

func updatePrompt(t *testing.T, beforeUpdate string) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}, Timeout: 90 * time.Second})
	addScript(t, s, updateProbe)
	logs := collectConsole(s)
	controlled(t, s)
	oldVersion := appVersion(t, s)

	dir := t.TempDir()
	s.Must(browsertest.NewAppVersion(dir, "update test "+time.Now().Format(time.RFC3339Nano)))
	cfg := s.Bridge.Config()
	cfg.WebDir = dir
	s.StartBridge(&cfg)

	// The old worker serves the old app, whose registration finds the
	// new worker.
	if beforeUpdate != "" {
		addScript(t, s, beforeUpdate)
	}
	s.Do(chromedp.Reload())
	probe := func() []string {
		p, _ := chromedp.Run(s.Ctx, chromedp.Evaluate[[]string](`window.__pwaProbe || []`))
		return p
	}
	if v := appVersion(t, s); v != oldVersion {
		t.Fatalf("the reload before the update runs version %s, want the cached %s", v, oldVersion)
	}
	err := browsertest.Wait(s.Ctx, "#update-bar", 20*time.Second)
	if err != nil {
		// Say which side failed: go-app logs this line when it passes
		// the update on to the components (OnAppUpdate).
		why := "go-app never reported the update to the app (OnAppUpdate was not called)"
		if logs.has("app has been updated") {
			why = "go-app reported the update (OnAppUpdate), and the app showed no #update-bar"
		}
		t.Fatalf("%v\n%s; worker and page events:\n%s", err, why, strings.Join(probe(), "\n"))
	}
	events := probe()
	t.Logf("worker and page events:\n%s", strings.Join(events, "\n"))
	if beforeUpdate != "" {
		found := slices.IndexFunc(events, func(e string) bool { return strings.HasSuffix(e, "update found") })
		registered := slices.IndexFunc(events, func(e string) bool { return strings.Contains(e, "register() resolved") })
		if found < 0 || (registered >= 0 && registered < found) {
			t.Errorf("go-app's register() resolved before the update was found: this run did not test a missed update")
		}
	}
	find := `[...document.querySelectorAll("#update-bar button")].find(b => b.textContent.trim() === "Reload")`
	if !browsertest.Eval[bool](s, "!!"+find) {
		text, _ := browsertest.Text(s.Ctx, "#update-bar")
		t.Fatalf("#update-bar (%q) has no button \"Reload\"", text)
	}
	s.Do(chromedp.Evaluate[chromedp.Void](`window.__pwaOldDocument = true`))
	s.Do(chromedp.Click(chromedp.JSPath(find)))

	// The new document: wait for it, then for the app in it.
	newVersion := waitNewDocument(t, s, 30*time.Second)
	if newVersion == oldVersion {
		t.Fatalf("after Reload the page runs version %s, the old one", newVersion)
	}
	s.Do(chromedp.WaitVisible(chromedp.CSS(browsertest.SelSubmitEnabled)))
	keys := await[[]string](t, s, `caches.keys()`)
	if !slices.Equal(keys, []string{"app-" + newVersion}) {
		t.Errorf("the worker's caches are %q, want only app-%s", keys, newVersion)
	}
	if ok, _ := browsertest.Exists(s.Ctx, "#update-bar"); ok {
		t.Errorf("the new version still shows #update-bar")
	}
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		t.Errorf("signing in with the new version gave %q, want the inbox", o)
	}
}

// addScript runs script in every document the tab opens from now on,
// before the document's own scripts.
func addScript(t *testing.T, s *browsertest.Session, script string) {
	t.Helper()
	_, err := chromedp.Call(s.Ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
	s.Must(err)
}

// controlled waits until the worker is active, reloads the page, and
// checks that the worker controls it and the app starts.
func controlled(t *testing.T, s *browsertest.Session) {
	t.Helper()
	b, cancel := s.Bound(30 * time.Second)
	defer cancel()
	script, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](
		`navigator.serviceWorker.ready.then(r => r.active.scriptURL)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("the service worker did not become active: %v", err)
	}
	if want := s.Bridge.URL + "app-worker.js"; script != want {
		t.Errorf("the active worker is %s, want %s", script, want)
	}
	s.Do(chromedp.Reload())
	if c := browsertest.Eval[string](s, `navigator.serviceWorker.controller ? navigator.serviceWorker.controller.scriptURL : ""`); c != script {
		t.Fatalf("after a reload the page's controller is %q, want %s", c, script)
	}
	if err := chromedp.Do(s.Ctx, chromedp.WaitVisible(chromedp.CSS(browsertest.SelSubmitEnabled))); err != nil {
		t.Fatalf("the app did not start under the worker: %v", err)
	}
}

// appVersion is the version of the app the page runs, as go-app's app.js
// holds it (the bridge sets it from the hash of app.wasm).
func appVersion(t *testing.T, s *browsertest.Session) string {
	t.Helper()
	v := browsertest.Eval[string](s, `goappGetenv("GOAPP_VERSION")`)
	if v == "" {
		t.Fatal("the page has no GOAPP_VERSION")
	}
	return v
}

// waitNewDocument waits until the tab shows a document that the test did
// not mark, and returns its app version. Evaluating fails while the tab
// navigates, so errors only mean "not yet".
func waitNewDocument(t *testing.T, s *browsertest.Session, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(s.Ctx, 2*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`!window.__pwaOldDocument && document.readyState === "complete" && typeof goappGetenv === "function" ? goappGetenv("GOAPP_VERSION") : ""`))
		cancel()
		if err == nil && v != "" {
			return v
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no new document within %v after Reload (last error: %v)", timeout, last)
	return ""
}

// consoleLog keeps the page's console lines.
type consoleLog struct {
	mu    sync.Mutex
	lines []string
}

func (l *consoleLog) has(s string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.ContainsFunc(l.lines, func(line string) bool { return strings.Contains(line, s) })
}

func collectConsole(s *browsertest.Session) *consoleLog {
	l := &consoleLog{}
	go func() {
		for m, err := range chromedp.Console(s.Ctx) {
			if err != nil {
				return
			}
			l.mu.Lock()
			l.lines = append(l.lines, fmt.Sprintf("%s: %s", m.Type, m.Text))
			l.mu.Unlock()
		}
	}()
	return l
}

func originOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("%q: %v", raw, err)
	}
	return u.Scheme + "://" + u.Host
}

// await evaluates expr in the page, waits for the promise it returns, and
// fails the test on error.
func await[T any](t *testing.T, s *browsertest.Session, expr string) T {
	t.Helper()
	v, err := chromedp.Run(s.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}
