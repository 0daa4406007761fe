//go:build !js

package e2e

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// shellSnapshots runs in the page before its scripts. It records the
// sign-in page twice: as the server sent it (the shell, at
// DOMContentLoaded: the stylesheets applied, app.wasm not yet started)
// and as the app first rendered it (in the MutationObserver callback of
// the change that replaced the shell, before the browser painted it: the
// bridge's mail servers are in it, read from the page, not yet from
// /api/targets). Each is a list of the
// page's elements in document order: tag, attributes, own text and box.
const shellSnapshots = `(() => {
	const snap = () => {
		const root = document.querySelector("main.signin-page");
		if (!root) return null;
		const out = [];
		const walk = (el, depth) => {
			const r = el.getBoundingClientRect();
			const attrs = {};
			for (const a of el.attributes) attrs[a.name] = a.value;
			// What a field holds is its value property: the server draws
			// it as an attribute, go-app sets the property. So with an
			// option's selectedness.
			const tag = el.tagName.toLowerCase();
			if (tag === "input" || tag === "select") {
				delete attrs.value;
				attrs["(value)"] = el.value;
			}
			if (tag === "option") {
				delete attrs.selected;
				attrs["(selected)"] = String(el.selected);
			}
			let text = "";
			for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE) text += n.textContent;
			out.push({Tag: el.tagName.toLowerCase(), Depth: depth, Attrs: attrs, Text: text.trim(), X: r.x, Y: r.y, W: r.width, H: r.height});
			for (const c of el.children) walk(c, depth + 1);
		};
		walk(root, 0);
		return out;
	};
	document.addEventListener("DOMContentLoaded", () => {
		const shell = document.body.firstElementChild;
		window.__shell = snap();
		const b = document.querySelector("form#signin button[type=submit]");
		window.__shellSubmit = b ? {Enabled: !b.disabled, Busy: b.dataset.busy || ""} : null;
		window.__shellDoc = [document.documentElement.lang, document.documentElement.dir];
		new MutationObserver((_, obs) => {
			if (document.body.firstElementChild !== shell) {
				window.__firstRender = snap();
				obs.disconnect();
			}
		}).observe(document.body, {childList: true});
	});
})()`

// shellNode is one element of a snapshot.
type shellNode struct {
	Tag   string
	Depth int
	Attrs map[string]string
	Text  string
	box
}

// loaderOwned are the submit button's attributes that the bridge's wasm
// loader owns in the shell (bridge/internal/pwa/loader.js): it enables
// the button, which the page draws disabled, and makes it busy when
// pressed, in the words of data-busy; the app's button is disabled
// until the device's store is open. shellMatchesApp checks them apart.
var loaderOwned = map[string]bool{"disabled": true, "data-busy": true, "aria-busy": true, "aria-disabled": true}

// shellDiff lists how the shell differs from the app's first render:
// elements, their attributes and text, and their boxes (to half a pixel:
// a box that moves is a layout shift when the app takes over).
func shellDiff(shell, app []shellNode) []string {
	var diffs []string
	if len(shell) != len(app) {
		diffs = append(diffs, fmt.Sprintf("the shell has %d elements, the app's first render %d", len(shell), len(app)))
	}
	for i := range min(len(shell), len(app)) {
		s, a := shell[i], app[i]
		where := fmt.Sprintf("element %d (app: <%s id=%q name=%q class=%q>)", i, a.Tag, a.Attrs["id"], a.Attrs["name"], a.Attrs["class"])
		if s.Tag != a.Tag || s.Depth != a.Depth {
			diffs = append(diffs, fmt.Sprintf("%s: the shell has <%s> at depth %d, the app <%s> at depth %d", where, s.Tag, s.Depth, a.Tag, a.Depth))
			break // the rest is out of step
		}
		submit := a.Tag == "button" && a.Attrs["type"] == "submit"
		for k, v := range a.Attrs {
			if submit && loaderOwned[k] {
				continue
			}
			if sv, ok := s.Attrs[k]; !ok || sv != v {
				diffs = append(diffs, fmt.Sprintf("%s: attribute %s=%q in the app, %q in the shell", where, k, v, s.Attrs[k]))
			}
		}
		for k, v := range s.Attrs {
			if submit && loaderOwned[k] {
				continue
			}
			if _, ok := a.Attrs[k]; !ok {
				diffs = append(diffs, fmt.Sprintf("%s: attribute %s=%q only in the shell", where, k, v))
			}
		}
		if s.Text != a.Text {
			diffs = append(diffs, fmt.Sprintf("%s: text %q in the app, %q in the shell", where, a.Text, s.Text))
		}
		diffs = append(diffs, s.box.diff(where, "the shell", a.box)...)
	}
	return diffs
}

// TestSignInShellMatchesApp holds the prerendered sign-in shell
// (app/routes/shell.go) to the app's own first render (app/ui's Shell
// and signInCard): the same elements, attributes and text (the mail
// servers' options, their labels and the one chosen among them), in the
// same boxes, so that the form painted before app.wasm loads is the one the
// app then shows, and nothing moves when the app takes over (no layout
// shift). It fails when either side changes without the other.
//
// It also checks that the shell and the live form both take the focus,
// and that the automation contract's fields are in the shell too.
func TestSignInShellMatchesApp(t *testing.T) {
	for _, l := range i18n.Languages() {
		t.Run(l.Tag, func(t *testing.T) { shellMatchesApp(t, l) })
	}
}

// shellMatchesApp is TestSignInShellMatchesApp in the browser language
// l: the bridge draws the shell in it (Accept-Language), and the app
// starts in it (navigator.languages), so the two must match word for
// word, right to left for Arabic, from the first byte.
func shellMatchesApp(t *testing.T, l i18n.Language) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}, NoOpen: true})
	_, err := chromedp.Call(s.Ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: shellSnapshots})
	s.Must(err)
	s.Must(preferLanguage(s.Ctx, l.Tag))
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	shell := browsertest.Eval[[]shellNode](s, `window.__shell`)
	app := browsertest.Eval[[]shellNode](s, `window.__firstRender`)
	if len(shell) == 0 || len(app) == 0 {
		t.Fatalf("no snapshot of the sign-in page: %d elements in the shell, %d in the app's first render", len(shell), len(app))
	}
	if doc := browsertest.Eval[[]string](s, `window.__shellDoc`); len(doc) != 2 || doc[0] != l.Tag || doc[1] != l.Dir {
		t.Errorf("the shell's page is lang, dir %q, want %s %s", doc, l.Tag, l.Dir)
	}
	// The words are the language's, not English in both; the bridge's
	// servers are listed (the demo, its login filled in, as the app
	// shows it), so the button reads Sign in, and the loader enabled it.
	loc := i18n.For(l.Tag)
	submit, busy := loc.T(i18n.Key("Sign in")), loc.T(routes.BusyText)
	found := false
	options, chosen := 0, ""
	for _, n := range shell {
		found = found || (n.Tag == "button" && n.Text == submit)
		if n.Tag == "option" {
			options++
		}
		if n.Tag == "select" {
			chosen = n.Attrs["(value)"]
		}
	}
	if !found {
		t.Errorf("the shell has no button reading %q", submit)
	}
	if options != 1 || chosen != bridgeapi.DemoTarget {
		t.Errorf("the shell's mail-server select has %d options, %q chosen; want the bridge's one server, %q", options, chosen, bridgeapi.DemoTarget)
	}
	if sb := browsertest.Eval[*struct {
		Enabled bool
		Busy    string
	}](s, `window.__shellSubmit`); sb == nil || !sb.Enabled || sb.Busy != busy {
		t.Errorf("the shell's submit at DOMContentLoaded is %+v, want enabled by the loader, busy reading %q", sb, busy)
	}
	// The comparison sees a drift: the app's render with one field
	// renamed and one box moved, and an option's label changed, differs
	// from itself three times.
	drifted := make([]shellNode, len(app))
	for i, n := range app {
		n.Attrs = map[string]string{}
		for k, v := range app[i].Attrs {
			n.Attrs[k] = v
		}
		if n.Attrs["name"] == "username" {
			n.Attrs["name"] = "user"
			n.Y += 10
		}
		if n.Tag == "option" {
			n.Text += " (old)"
		}
		drifted[i] = n
	}
	if d := shellDiff(app, drifted); len(d) != 3 {
		t.Errorf("the comparison found %d differences in a render with a renamed, moved field and a relabelled option, want 3: %q", len(d), d)
	}

	if d := shellDiff(shell, app); len(d) > 0 {
		t.Errorf("the sign-in shell (app/routes/shell.go) has drifted from the app's form (app/ui/signin.go):\n%s", strings.Join(d, "\n"))
	}
	for _, name := range []string{"target", "username", "password"} {
		found := false
		for _, n := range shell {
			found = found || (n.Attrs["name"] == name && n.Attrs["id"] == name)
		}
		if !found {
			t.Errorf("the shell has no field named %q (the automation contract)", name)
		}
	}

	if l.Tag != i18n.Fallback {
		return // what follows does not depend on the language
	}
	// Both the shell and the live form take typing (the wasm loader
	// carries it over: TestE2EShellTakesTyping). Both are probed the
	// same way: focus the user name field, see where the focus is.
	focus := `(() => { const el = document.querySelector("form#signin input[name=username]"); el.focus(); return document.activeElement === el; })()`
	if !browsertest.Eval[bool](s, focus) {
		t.Errorf("the live form's user name field does not take the focus")
	}
	s.Do(chromedp.Navigate(s.Bridge.URL+"?wasm=false"),
		chromedp.WaitReady(chromedp.CSS("form#signin input[name=username]")))
	if !browsertest.Eval[bool](s, focus) {
		t.Errorf("the shell's user name field does not take the focus: a person could not type while app.wasm loads")
	}
}

// box is an element's place on the page (getBoundingClientRect).
type box struct{ X, Y, W, H float64 }

// diff lists how b, an element of copy (the shell, the snapshot), is
// placed otherwise than app, the app's own, to half a pixel.
func (b box) diff(where, copy string, app box) []string {
	var diffs []string
	for _, d := range []struct {
		name string
		b, a float64
	}{{"x", b.X, app.X}, {"y", b.Y, app.Y}, {"width", b.W, app.W}, {"height", b.H, app.H}} {
		if math.Abs(d.b-d.a) > 0.5 {
			diffs = append(diffs, fmt.Sprintf("%s: %s %.1f in the app, %.1f in %s", where, d.name, d.a, d.b, copy))
		}
	}
	return diffs
}
