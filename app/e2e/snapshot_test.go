//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// snapshotProbe runs in the page before its scripts. It keeps, in
// window.__snap: the layout shifts; shown, whether the inbox's snapshot
// (the bridge's snapshot.js) was ever in the page; and live, the rows of
// the app's own first render of the inbox with their boxes, read in the
// frame that replaced the snapshot (after snapshot.js took it away,
// before the browser painted).
const snapshotProbe = `(() => {
	const S = window.__snap = {shifts: [], shown: false, live: null, afterSwap: 0};
	new PerformanceObserver((l) => {
		for (const e of l.getEntries()) S.shifts.push({T: e.startTime, V: e.value});
	}).observe({type: "layout-shift", buffered: true});
	const obs = new MutationObserver(() => {
		if (document.querySelector("[data-snapshot]")) S.shown = true;
		const first = document.body && document.body.firstElementChild;
		if (S.shown && !S.live && first && first.classList.contains("app") && !first.hasAttribute("data-snapshot")) {
			queueMicrotask(() => {
				S.live = window.__snapRows("div.app:not([data-snapshot])");
				requestAnimationFrame(() => requestAnimationFrame(() => { S.afterSwap = performance.now(); }));
			});
			obs.disconnect();
		}
	});
	obs.observe(document, {subtree: true, childList: true});
	window.__snapRows = (root) => [...document.querySelectorAll(root + " .row")].map((r) => {
		const b = r.getBoundingClientRect();
		return {Class: r.className, Text: [...r.children].map((c) => c.textContent.trim()).join(" | "),
			X: b.x, Y: b.y, W: b.width, H: b.height};
	});
})()`

// snapshotContract is the automation contract's selectors (docs/using.md)
// that the inbox's first render has: a script waiting for one must find
// the live app, never the snapshot.
const snapshotContract = "form#signin-bar, form#signin-bar input[name=password], #message-list, #device-button, #search, #sign-out, select[name=sort], input[name=conversations], [role=row], [aria-label]"

// snapRow is one row of the list, as snapshotProbe reads it.
type snapRow struct {
	Class, Text string
	box
}

// snapRowsDiff lists how the snapshot's rows differ from the app's:
// their number, classes, texts and boxes (to half a pixel).
func snapRowsDiff(snap, live []snapRow) []string {
	var diffs []string
	if len(snap) != len(live) {
		diffs = append(diffs, fmt.Sprintf("the snapshot has %d rows, the app's first render %d", len(snap), len(live)))
	}
	for i := range min(len(snap), len(live)) {
		s, a := snap[i], live[i]
		if s.Class != a.Class || s.Text != a.Text {
			diffs = append(diffs, fmt.Sprintf("row %d: the snapshot has class %q, %q; the app %q, %q", i, s.Class, s.Text, a.Class, a.Text))
		}
		diffs = append(diffs, s.box.diff(fmt.Sprintf("row %d", i), "the snapshot", a.box)...)
	}
	return diffs
}

// TestE2ESnapshot holds the inbox's snapshot (app/ui/snapshot.go, the
// bridge's snapshot.js) to what it promises, through the real bridge
// with the demo mailbox: a start that opens the account from the device
// writes it; the next reload paints it before app.wasm has run (the
// browser's request for app.wasm held back), inert and busy, without
// data-uidl; the app's first render of the inbox has the same rows, with
// the same texts and classes, in the same boxes, and the swap shifts
// nothing; a snapshot that is malformed, of another version, too large
// or whose dates would read otherwise now is not painted; and clearing
// the device's copy and signing out remove it.
func TestE2ESnapshot(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	_, err := chromedp.Call(s.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: snapshotProbe})
	s.Must(err)
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		t.Fatalf("sign-in to the demo gave %q", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	n := browsertest.Eval[int](s, `document.querySelectorAll("[data-uidl]").length`)
	_, err = browsertest.WaitStored(s.Ctx, browsertest.Stored{Headers: n}, 20*time.Second)
	s.Must(err)
	stored := `localStorage.getItem("poppy.snapshot")`
	if browsertest.Eval[bool](s, stored+` !== null`) {
		t.Error("a sign-in wrote a snapshot: its inbox is not what a reload renders first (the sign-in bar)")
	}

	// A start from the device writes it.
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	waitSnapshotStored(t, s)
	t.Logf("the snapshot of %d rows is %d characters", n, browsertest.Eval[int](s, stored+`.length`))

	// Painted before app.wasm runs. The service worker is bypassed, so
	// that the request for app.wasm reaches the network, where it is held.
	_, err = chromedp.Call(s.Ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: true})
	s.Must(err)
	hold := holdWasm(s)
	hold.navigate(s.Bridge.URL)
	s.Must(browsertest.Wait(s.Ctx, "[data-snapshot] .row", 10*time.Second))
	held := evalAwait[struct {
		Started, Inert, Busy bool
		UIDL, Live           int
		Contract             []string
		Shown, Paint, Height float64
		Rows                 []snapRow
	}](s, `new Promise((resolve) => new PerformanceObserver((l, o) => {
		o.disconnect();
		const root = document.querySelector("[data-snapshot]");
		const shown = performance.getEntriesByName("poppy-snapshot-shown");
		resolve({
			Started: performance.getEntriesByName("poppy-wasm-compiled").length + performance.getEntriesByName("poppy-start").length > 0,
			Inert: root.inert, Busy: root.getAttribute("aria-busy") === "true",
			UIDL: document.querySelectorAll("[data-uidl]").length,
			Contract: [...document.querySelectorAll("`+snapshotContract+`")].filter((e) => e.closest("[data-snapshot]")).map((e) => e.outerHTML.slice(0, 120)),
			Live: document.querySelectorAll("div.app:not([data-snapshot])").length,
			Shown: shown.length ? shown[0].startTime : -1, Paint: l.getEntries()[0].startTime,
			Height: root.getBoundingClientRect().height,
			Rows: window.__snapRows("[data-snapshot]"),
		});
	}).observe({type: "paint", buffered: true}))`)
	// The first paint came after the snapshot was in the page (and
	// before the app, which has not started).
	if held.Shown < 0 || held.Shown > held.Paint || held.Height <= 0 || held.Started || held.Live != 0 {
		t.Errorf("with app.wasm held back: the snapshot shown at %.0f ms, %.0fpx high, the first paint at %.0f ms, app started %v, live inboxes %d; want the snapshot in the first paint, before the app",
			held.Shown, held.Height, held.Paint, held.Started, held.Live)
	}
	if !held.Inert || !held.Busy {
		t.Errorf("the snapshot is inert %v, aria-busy %v; want both", held.Inert, held.Busy)
	}
	if held.UIDL != 0 {
		t.Errorf("%d elements carry data-uidl before the app runs: the snapshot's rows must not (the automation contract's rows are the live app's)", held.UIDL)
	}
	if len(held.Contract) != 0 {
		t.Errorf("elements of the snapshot match the automation contract's selectors: it must carry none of them: %q", held.Contract)
	}
	if len(held.Rows) == 0 || len(held.Rows) > n {
		t.Fatalf("the snapshot paints %d rows, want 1 to %d", len(held.Rows), n)
	}

	hold.release()
	type swap struct {
		Live          []snapRow
		Shifts        []struct{ T, V float64 }
		Replaced      float64
		SnapshotsLeft int
		Contract      int
	}
	sw := evalAwait[swap](s, `new Promise((resolve) => {
		const poll = () => {
			const S = window.__snap;
			if (!S.afterSwap) { setTimeout(poll, 10); return; }
			const m = performance.getEntriesByName("poppy-snapshot-replaced");
			resolve({Live: S.live, Shifts: S.shifts.filter((e) => e.T <= S.afterSwap),
				Replaced: m.length ? m[0].startTime : 0,
				SnapshotsLeft: document.querySelectorAll("[data-snapshot]").length,
				Contract: [...document.querySelectorAll("`+snapshotContract+`")].filter((e) => e.closest("div.app:not([data-snapshot])")).length});
		};
		poll();
	})`)
	// The same selectors find the live app's copies of what the snapshot
	// shows: the check above would have seen them in the snapshot.
	if sw.Contract < 4 {
		t.Errorf("the live inbox matches %d of the automation contract's selectors, want at least 4 (the check of the snapshot sees nothing)", sw.Contract)
	}
	if sw.Replaced == 0 || sw.SnapshotsLeft != 0 {
		t.Errorf("the app's inbox came, but the snapshot was not replaced (mark at %v, %d left)", sw.Replaced, sw.SnapshotsLeft)
	}
	// The comparison sees a drift: the app's rows with one text changed
	// and one box moved differ from themselves twice.
	drifted := append([]snapRow(nil), sw.Live...)
	if len(drifted) > 0 {
		drifted[0].Text += "!"
		drifted[len(drifted)-1].Y += 3
	}
	if d := snapRowsDiff(sw.Live, drifted); len(d) != 2 {
		t.Errorf("the comparison found %d differences in rows with a changed text and a moved box, want 2: %q", len(d), d)
	}
	if d := snapRowsDiff(held.Rows, sw.Live); len(d) > 0 {
		t.Errorf("the snapshot's rows differ from the app's first render of the inbox:\n%s", strings.Join(d, "\n"))
	}
	shift := 0.0
	for _, e := range sw.Shifts {
		shift += e.V
	}
	if shift != 0 {
		t.Errorf("the page shifted by %.4f up to two frames after the app replaced the snapshot, want no shift: %v", shift, sw.Shifts)
	}
	// The shift above is seen: a box moved on the same page is a shift.
	moved := evalAwait[float64](s, `new Promise((resolve) => {
		new PerformanceObserver((l) => resolve(l.getEntries()[0].value)).observe({type: "layout-shift"});
		const list = document.querySelector("#message-list");
		list.style.marginTop = "120px";
	})`)
	if moved <= 0 {
		t.Errorf("moving the list 120px down was no layout shift (%v): the check of the swap could not see one", moved)
	}
	_, err = chromedp.Call(s.Ctx, network.SetBypassServiceWorker, network.SetBypassServiceWorkerParams{Bypass: false})
	s.Must(err)

	// A snapshot that is not valid is not painted (and is forgotten):
	// the stored one, which the last start wrote, altered three ways.
	waitSnapshotStored(t, s)
	for _, c := range []struct{ name, alter string }{
		{"an event handler attribute", `s.root[1].onclick = "alert(1)"`},
		{"another format", `s.v = 99`},
		{"another version of the app", `s.version = "0"`},
		{"dates that read otherwise now", `s.until = Date.now() - 1000`},
		{"too large", `s.root.push("x".repeat(300000))`},
	} {
		s.Do(chromedp.Evaluate[chromedp.Void](`(() => { const s = JSON.parse(` + stored + `); ` + c.alter + `; localStorage.setItem("poppy.snapshot", JSON.stringify(s)); })()`))
		s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
		if shown := browsertest.Eval[bool](s, `window.__snap.shown || performance.getEntriesByName("poppy-snapshot-shown").length > 0`); shown {
			t.Errorf("a snapshot with %s was painted", c.name)
		}
		waitSnapshotStored(t, s) // this start wrote a valid one again
	}
	// The check above sees a painted snapshot through the same path.
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	if !browsertest.Eval[bool](s, `window.__snap.shown && performance.getEntriesByName("poppy-snapshot-shown").length > 0`) {
		t.Error("a valid snapshot was not painted: the checks of invalid ones prove nothing")
	}

	// Clearing the device's copy removes it (its rows are the device's).
	waitSnapshotStored(t, s)
	openPanel(t, s)
	s.Do(chromedp.Click(chromedp.CSS("#clear-data")))
	s.Must(browsertest.WaitText(s.Ctx, "Cleared", 10*time.Second))
	if browsertest.Eval[bool](s, stored+` !== null`) {
		t.Error("the snapshot is still on the device after its copy of the mail was cleared")
	}

	// Signing out removes it; the next start paints the sign-in page.
	// (The account opens from the device again, empty, and its start
	// writes a snapshot first: the check sees one removed.)
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	waitSnapshotStored(t, s)
	s.Do(chromedp.Click(chromedp.CSS(`div.app:not([data-snapshot]) #sign-out`)))
	s.Must(browsertest.Wait(s.Ctx, "main.signin-page form#signin", 10*time.Second))
	if browsertest.Eval[bool](s, stored+` !== null`) {
		t.Error("the snapshot is still on the device after signing out")
	}
	s.Do(chromedp.Navigate(s.Bridge.URL))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelSubmitEnabled, 30*time.Second))
	if browsertest.Eval[bool](s, `window.__snap.shown`) {
		t.Error("after signing out, a reload painted an inbox snapshot")
	}
}

// waitSnapshotStored waits until the device holds a snapshot (the app
// writes it just after its start's render of the inbox).
func waitSnapshotStored(t *testing.T, s *browsertest.Session) {
	t.Helper()
	if err := browsertest.Wait(s.Ctx, "div.app:not([data-snapshot]) section.inbox", 30*time.Second); err != nil {
		t.Fatalf("the inbox did not open from the device: %v", err)
	}
	b, cancel := s.Bound(10 * time.Second)
	defer cancel()
	if _, err := chromedp.Run(b.Ctx, chromedp.Poll[bool](`localStorage.getItem("poppy.snapshot") !== null`, chromedp.WithPollingInterval(20*time.Millisecond))); err != nil {
		t.Fatalf("a start that opened the inbox from the device wrote no snapshot: %v", err)
	}
}

// evalAwait is browsertest.Eval of an expression whose value is a
// promise: its result.
func evalAwait[T any](s *browsertest.Session, expr string) T {
	s.T.Helper()
	b, cancel := s.Bound(30 * time.Second)
	defer cancel()
	v, err := chromedp.Run(b.Ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		s.T.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}
