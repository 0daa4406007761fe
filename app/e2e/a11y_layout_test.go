//go:build !js

package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// smallTargets lists the interactive elements on screen smaller than
// 24 × 24 CSS px (WCAG 2.5.8), as "selector-ish WxH". Links inside a
// sentence are exempt, as WCAG exempts them; a control inside its label
// is measured with its label.
const smallTargets = `(() => {
	const out = [];
	for (const el of document.querySelectorAll("button, a[href], input:not([type=hidden]), select, textarea, [role=row], [tabindex]:not([tabindex='-1'])")) {
		// A control inside its label is pressed through the label too:
		// the target is both boxes together.
		const box = el.getBoundingClientRect(), label = el.matches("input, select, textarea") && el.closest("label");
		const lb = label ? label.getBoundingClientRect() : box;
		const r = {width: Math.max(box.right, lb.right) - Math.min(box.left, lb.left), height: Math.max(box.bottom, lb.bottom) - Math.min(box.top, lb.top)};
		if (r.width === 0 && r.height === 0) continue; // not shown
		if (el.closest(".sr-only")) continue;
		if (el.tagName === "A" && el.closest("p, pre, li, dd")) continue; // inline
		if (r.width < 24 || r.height < 24) {
			out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "") + (el.className ? "." + String(el.className).split(" ").join(".") : "") +
				" " + JSON.stringify((el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30)) + " " + Math.round(r.width) + "x" + Math.round(r.height));
		}
	}
	return out;
})()`

// lines counts the lines the text of the element sel takes.
func lines(s *browsertest.Session, sel string) int {
	return browsertest.Eval[int](s, `(() => {
		const el = document.querySelector(`+jsQuote(sel)+`);
		if (!el) return -1;
		const r = document.createRange();
		r.selectNodeContents(el);
		return new Set([...r.getClientRects()].filter(b => b.width > 0).map(b => Math.round(b.top))).size;
	})()`)
}

// clipped lists the text of the inbox rows and the top bar that does not
// fit in its box at the current text size: text cut off below (a row
// too short for it) or a control whose text overflows it. Ellipses of a
// long subject or sender on their one line are by design (the reader
// shows it whole) and not counted.
const clipped = `(() => {
	const out = [];
	for (const row of document.querySelectorAll("#message-list [data-uidl]")) {
		const rb = row.getBoundingClientRect();
		for (const c of row.querySelectorAll(".from, .subject, .date, .meta")) {
			const b = c.getBoundingClientRect();
			if (b.height > 0 && (b.bottom > rb.bottom + 1 || b.top < rb.top - 1)) out.push("row " + row.dataset.uidl + " ." + c.className + " is cut off");
		}
	}
	for (const el of document.querySelectorAll(".topbar button, .topbar input, .views button")) {
		if (el.id === "device-button") continue; // ellipsis by design; the title holds it
		if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1) out.push(el.tagName.toLowerCase() + " " + JSON.stringify(el.textContent.trim()) + " overflows");
	}
	if (document.scrollingElement.scrollWidth > innerWidth + 1) out.push("the page scrolls sideways: " + document.scrollingElement.scrollWidth + " px for " + innerWidth);
	return out;
})()`

// TestE2EA11yLayout measures what axe cannot: every target is at least
// 24 × 24 CSS px, every control shows where the keyboard focus is, a
// person's request for less motion stops the toast's animation, twice
// the browser's text size cuts nothing off, and on a 390 px wide phone
// the account name and "Sign out" stay on one line each beside a search
// box of its own line.
func TestE2EA11yLayout(t *testing.T) {
	_, s := startMemInbox(t, nil, browsertest.Config{}, "ada.lovelace",
		memMessages(3, "lay-%d", "Layout message %d", "Body of layout message %d with a link https://example.org/ in it.\n"))

	t.Run("targets", func(t *testing.T) {
		s := s.For(t)
		// Positive control: a 10 px button is found.
		browsertest.Eval[bool](s, `(() => { const b = document.createElement("button"); b.id = "tiny"; b.style.cssText = "all: unset; width: 10px; height: 10px; display: block"; document.body.append(b); return true; })()`)
		got := browsertest.Eval[[]string](s, smallTargets)
		browsertest.Eval[bool](s, `(document.querySelector("#tiny").remove(), true)`)
		if len(got) != 1 || !strings.HasPrefix(got[0], "button#tiny") {
			t.Fatalf("the measure found %q, want only the 10 px button planted", got)
		}
		s.Must(browsertest.OpenMessage(s.Ctx, "lay-1", 20*time.Second))
		if got := browsertest.Eval[[]string](s, smallTargets); len(got) > 0 {
			t.Errorf("targets under 24 × 24 px in the inbox with a message open:\n  %s", strings.Join(got, "\n  "))
		}
		openPanel(t, s)
		if got := browsertest.Eval[[]string](s, smallTargets); len(got) > 0 {
			t.Errorf("targets under 24 × 24 px with the accounts panel open:\n  %s", strings.Join(got, "\n  "))
		}
		s.Must(browsertest.ClickButtonIn(s.Ctx, browsertest.SelDevicePanel, "Close"))
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelDevicePanel, 5*time.Second))
		press(s, kb.Escape)
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 5*time.Second))
	})

	t.Run("focus-visible", func(t *testing.T) {
		s := s.For(t)
		browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
		seen := map[string]bool{}
		var bad []string
		for range 30 {
			press(s, kb.Tab)
			el := browsertest.Eval[[]string](s, `(() => {
				const el = document.activeElement;
				if (!el || el === document.body) return ["", ""];
				const cs = getComputedStyle(el);
				const ring = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2;
				const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " + JSON.stringify((el.getAttribute("aria-label") || el.textContent || el.name || "").trim().slice(0, 30));
				return [name, ring ? "ring" : ""];
			})()`)
			if el[0] == "" || seen[el[0]] {
				continue
			}
			seen[el[0]] = true
			if el[1] == "" {
				bad = append(bad, el[0])
			}
		}
		if len(seen) < 8 {
			t.Fatalf("Tab reached only %d controls: %v", len(seen), seen)
		}
		if len(bad) > 0 {
			t.Errorf("no visible focus ring (2 px outline) on:\n  %s", strings.Join(bad, "\n  "))
		}
	})

	t.Run("reduced-motion", func(t *testing.T) {
		s := s.For(t)
		browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
		press(s, kb.Delete)
		s.Must(browsertest.Wait(s.Ctx, "#undo-toast", 5*time.Second))
		// Positive control: without the request, the toast fades in.
		if d := browsertest.Eval[string](s, `getComputedStyle(document.querySelector("#undo-toast")).animationDuration`); d == "0s" || d == "1e-05s" {
			t.Errorf("without a request for less motion the toast's animation lasts %s: the check below would prove nothing", d)
		}
		s.Must(browsertest.EmulateMedia(s.Ctx, map[string]string{"prefers-reduced-motion": "reduce"}))
		moving := browsertest.Eval[[]string](s, `(() => {
			const secs = v => Math.max(...v.split(",").map(x => x.trim().endsWith("ms") ? parseFloat(x) / 1000 : parseFloat(x)));
			return [...document.querySelectorAll("*")].filter(el => {
				const cs = getComputedStyle(el);
				return secs(cs.animationDuration) > 0.001 || secs(cs.transitionDuration) > 0.001;
			}).map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + "." + el.className);
		})()`)
		s.Must(browsertest.EmulateMedia(s.Ctx, nil))
		if len(moving) > 0 {
			t.Errorf("with prefers-reduced-motion: reduce, these still move: %q", moving)
		}
		press(s, "z")
		s.Must(browsertest.WaitGone(s.Ctx, "#undo-toast", 5*time.Second))
	})

	t.Run("text-200", func(t *testing.T) {
		s := s.For(t)
		if got := browsertest.Eval[[]string](s, clipped); len(got) > 0 {
			t.Fatalf("at the usual text size already: %q", got)
		}
		before := browsertest.Eval[float64](s, `parseFloat(getComputedStyle(document.querySelector("#message-list [data-uidl] .subject")).fontSize)`)
		setFontSize(s, 32) // Chromium's "font size" setting, twice its 16 px
		t.Cleanup(func() { setFontSize(s, 16) })
		s.Must(waitJS(s, `parseFloat(getComputedStyle(document.querySelector("#message-list [data-uidl] .subject")).fontSize) >= `+ftoa(2*before-0.5)))
		// The list measures its rows again after a resize of them.
		s.Must(waitJS(s, `(() => { const r = document.querySelector("#message-list [data-uidl]"); return r && r.getBoundingClientRect().height > 100; })()`))
		if got := browsertest.Eval[[]string](s, clipped); len(got) > 0 {
			t.Errorf("at twice the text size, content is lost:\n  %s", strings.Join(got, "\n  "))
		}
		if n, err := browsertest.ListedCount(s.Ctx); err != nil || n != 3 {
			t.Errorf("at twice the text size the list holds %d rows (%v), want 3", n, err)
		}
	})

	t.Run("narrow", func(t *testing.T) {
		s := s.For(t)
		s.Do(chromedp.EmulateViewport(390, 844))
		t.Cleanup(func() { s.Do(chromedp.ResetViewport()) })
		s.Must(waitJS(s, `innerWidth === 390`))
		for _, sel := range []string{"#device-button", "#sign-out"} {
			if n := lines(s, sel); n != 1 {
				t.Errorf("at 390 px, %s takes %d lines, want 1", sel, n)
			}
		}
		if got := browsertest.Eval[string](s, `document.querySelector("#sign-out").textContent`); got != "Sign out" {
			t.Errorf("#sign-out says %q, want Sign out", got)
		}
		if w := browsertest.Eval[float64](s, `document.querySelector("#search").getBoundingClientRect().width`); w < 300 {
			t.Errorf("at 390 px the search box is %.0f px wide, want a line of its own (at least 300)", w)
		}
		if got := browsertest.Eval[[]string](s, clipped); len(got) > 0 {
			t.Errorf("at 390 px: %q", got)
		}
	})
}

// setFontSize sets Chromium's default font size, as a person does in its
// settings to make text larger.
func setFontSize(s *browsertest.Session, px int64) {
	s.Do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, page.SetFontSizes, page.SetFontSizesParams{FontSizes: &page.FontSizes{Standard: px}})
		return err
	}))
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }
