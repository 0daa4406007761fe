//go:build !js

package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EA11yArabic runs the accessibility checks in the right-to-left
// language too: a browser that prefers Arabic gets the app in Arabic,
// axe-core finds nothing serious on its screens in light and dark mode
// (sign-in, its error, inbox, reader, compose, accounts panel), and
// Chromium's accessibility tree names the inbox grid, its landmark and
// heading in Arabic, with one tab stop and the focus moving from row to
// row, into the reader and back.
func TestE2EA11yArabic(t *testing.T) {
	browsertest.RequireAxe(t)
	const n = 4
	_, targets := a11yServers(t, n)
	s := browsertest.Start(t, browsertest.Config{
		NoOpen: true,
		Bridge: browsertest.BridgeConfig{Targets: targets},
	})
	s.Must(preferLanguage(s.Ctx, "ar"))
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	ar := i18n.For("ar")
	if doc := browsertest.Eval[[]string](s, `[document.documentElement.lang, document.documentElement.dir]`); doc[0] != "ar" || doc[1] != "rtl" {
		t.Fatalf("the page is lang=%q dir=%q, want ar rtl", doc[0], doc[1])
	}
	a := &axeScreens{s: s}

	a.check("sign-in (ar)")
	if o := s.SignIn("mem", "ada", "wrong"); o != browsertest.OutcomeError {
		t.Fatalf("a wrong password gave %q, want an error", o)
	}
	a.check("sign-in error (ar)")
	if o := s.SignIn("mem", "ada", "secret"); o != browsertest.OutcomeInbox {
		t.Fatalf("sign-in gave %q", o)
	}
	s.Must(waitJS(s, fmt.Sprintf(`document.querySelectorAll("[data-uidl]").length === %d`, n)))
	a.check("inbox (ar)")

	// The accessibility tree, as a screen reader gets it, in Arabic.
	tree, err := browsertest.FullAXTree(s.Ctx)
	s.Must(err)
	grids := tree.Find(func(x *browsertest.AXNode) bool { return x.Role == "grid" })
	if len(grids) != 1 || grids[0].Name != ar.T("Messages") {
		t.Fatalf("grids %v, want one named %q", grids, ar.T("Messages"))
	}
	if rows := tree.Within(grids[0], func(x *browsertest.AXNode) bool { return x.Role == "row" }); len(rows) != n {
		t.Errorf("the grid has %d rows, want %d", len(rows), n)
	}
	if main := tree.Find(func(x *browsertest.AXNode) bool { return x.Role == "main" }); len(main) != 1 {
		t.Errorf("%d main landmarks, want 1", len(main))
	}
	if h1 := tree.Find(func(x *browsertest.AXNode) bool { return x.Role == "heading" && x.Props["level"] == "1" }); len(h1) != 1 || h1[0].Name != ar.T("Inbox") {
		t.Errorf("level-one headings %v, want one, %q", h1, ar.T("Inbox"))
	}
	if got := browsertest.Eval[int](s, `document.querySelectorAll("#message-list [tabindex='0']").length`); got != 1 {
		t.Errorf("%d elements of the list in the tab order, want 1 (the selected row)", got)
	}

	// Roving focus: the first row has it after sign-in; ArrowDown moves
	// it to the second (a focus that did not move fails the second wait).
	order := rowOrder(s)
	focused := func(uid, after string) {
		t.Helper()
		focusedRowIn(s, ar.T("Messages"), "Accessible message "+strings.TrimPrefix(uid, "a11y-"), after)
	}
	focused(order[0], "sign-in")
	press(s, kb.ArrowDown)
	focused(order[1], "ArrowDown")

	// Enter opens the focused message and moves the focus into the
	// reader; Escape brings it back to the row.
	press(s, kb.Enter)
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 20*time.Second))
	s.Must(waitJS(s, `!!document.activeElement && !!document.activeElement.closest("#message-reader")`))
	a.check("reader (ar)")
	press(s, kb.Escape)
	s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 10*time.Second))
	focused(order[1], "Escape")

	press(s, "c")
	s.Must(browsertest.Wait(s.Ctx, `form#compose textarea[name=body]:enabled`, 20*time.Second))
	a.check("compose (ar)")
	s.Must(browsertest.ClickButtonIn(s.Ctx, "form#compose", ar.T("Discard")))
	s.Must(browsertest.WaitGone(s.Ctx, "form#compose", 5*time.Second))

	s.Do(chromedp.Click(chromedp.CSS(browsertest.SelDeviceOpen)))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelDevicePanel, 5*time.Second))
	s.Must(browsertest.Wait(s.Ctx, `select[name=language]`, 5*time.Second))
	a.check("accounts panel (ar)")

	if want := 2 * 6; len(a.checked) != want {
		t.Errorf("axe ran %d times, want %d", len(a.checked), want)
	}
}
