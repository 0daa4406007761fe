//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

// Issue 15's figures: what the translations cost app.wasm (the catalog
// and locale data: ≤ 150 KB of brotli), and how long switching the
// language takes to re-render with 1,000 inbox rows (< 100 ms), timed in
// Chromium by the app's own User Timing marks around the switch
// (app/ui/accounts_language.go), the catalog fetched the first time.

var onlyLanguage = flag.Bool("only-language", false, "measure and print the language figures only")

var (
	catalogTarget = measure.Target{Text: "≤ 150 KB", Op: measure.AtMost, Bound: 150e3}
	switchTarget  = measure.Target{Text: "< 100 ms", Op: measure.Below, Bound: float64(100 * time.Millisecond)}
)

// languageSwitches is how many switches each way are timed.
const languageSwitches = 5

// measureLanguage measures and prints the language table. It starts its
// own mailbox and bridge.
func measureLanguage(ctx context.Context) error {
	root, err := browsertest.RepoRoot()
	if err != nil {
		return err
	}
	// In the browser English is its plural forms alone, as Go source
	// (app/i18n/catalog_embed_js.go): that file's brotli bounds what its
	// strings add; the map it builds is in the package's code below.
	embedded, err := brotliSize(ctx, filepath.Join(root, "app", "i18n", "catalog_english.go"))
	if err != nil {
		return fmt.Errorf("brotli of the English messages: %w", err)
	}
	var served []string
	for _, l := range i18n.Languages() {
		if l.Tag == i18n.Fallback {
			continue
		}
		fi, err := os.Stat(filepath.Join(root, "web", strings.TrimPrefix(i18n.CatalogPath(l.Tag), "/web/")+".br"))
		if err != nil {
			return fmt.Errorf("%w (run `make web`)", err)
		}
		served = append(served, fmt.Sprintf("%s %.1f KB", l.Tag, float64(fi.Size())/1e3))
	}
	// The package's code, from the size table's twin when it is fresh:
	// raw bytes, more than it costs as served.
	code, codeNote := int64(-1), "not measured: `make wasm-sym` builds the twin"
	if rows, _, err := sizeByPackage(root); err == nil {
		code = 0
		for _, r := range rows {
			if r.Package == "github.com/poppymail/poppy/app/i18n" {
				code = int64(r.Size)
			}
		}
		codeNote = fmt.Sprintf("%.1f KB raw", float64(code)/1e3)
	}

	toEn, toAr, err := languageSwitchTimes(ctx)
	if err != nil {
		return err
	}
	var vd measure.Verdicts
	w := os.Stdout
	fmt.Fprintf(w, "\n### Languages (issue 15)\n\n")
	fmt.Fprintf(w, "| Figure | Value | Target |\n|---|---|---|\n")
	cost := float64(embedded)
	costText := fmt.Sprintf("English, every key's fallback: its plural forms, %.1f KB brotli as Go source (app/i18n/catalog_english.go; its other messages are their keys); app/i18n code %s", float64(embedded)/1e3, codeNote)
	if code >= 0 {
		cost += float64(code)
	}
	fmt.Fprintf(w, "| Catalog and locale data in app.wasm | %s | %s |\n", costText,
		vd.Check("catalog ≤ 150 KB", catalogTarget, cost))
	fmt.Fprintf(w, "| Other catalogs, fetched when chosen (brotli) | %s | — |\n", strings.Join(served, ", "))
	fmt.Fprintf(w, "| Switch to English, 1,000 rows (median of %d; best) | %v; %v | %s |\n", len(toEn),
		measure.Median(toEn).Round(100*time.Microsecond), slices.Min(toEn).Round(100*time.Microsecond),
		vd.Check("switch to English < 100 ms", switchTarget, float64(measure.Median(toEn))))
	fmt.Fprintf(w, "| Switch to Arabic (right to left), 1,000 rows (median of %d; best) | %v; %v | %s |\n", len(toAr),
		measure.Median(toAr).Round(100*time.Microsecond), slices.Min(toAr).Round(100*time.Microsecond),
		vd.Check("switch to Arabic < 100 ms", switchTarget, float64(measure.Median(toAr))))
	fmt.Fprintf(w, "\nThe builds with and without x/text and the catalogs out of app.wasm are compared in app/i18n/doc.go.\n")
	fmt.Fprint(w, vd.Summary())
	return nil
}

// languageSwitchTimes signs in to a 1,000-message inbox in a browser
// that prefers Arabic, opens the accounts panel and switches to English
// and back, timing each switch from the select's change to the
// rendered mark.
func languageSwitchTimes(ctx context.Context) (toEn, toAr []time.Duration, err error) {
	srv := pop3server.New(nil)
	defer srv.Close()
	if err := srv.AddUser(benchUser, benchPass, fakemail.Inbox(inboxSize)...); err != nil {
		return nil, nil, err
	}
	addr, err := srv.StartLocal()
	if err != nil {
		return nil, nil, err
	}
	br, err := browsertest.StartBridge(ctx, browsertest.BridgeConfig{
		Targets: []string{"lang=" + addr + "/plain"},
		Args:    []string{"-sessions-per-minute", "-1", "-log-level", "warn"},
		WebDir:  *webDir,
	})
	if err != nil {
		return nil, nil, err
	}
	defer br.Stop()
	b, err := newBrowser(ctx)
	if err != nil {
		return nil, nil, err
	}
	defer b.Close()
	tctx, cancel := context.WithTimeout(b.Ctx, 5*time.Minute)
	defer cancel()
	v, err := chromedp.CallBrowser(tctx, browser.GetVersion, struct{}{})
	if err != nil {
		return nil, nil, err
	}
	if _, err := chromedp.Call(tctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: v.UserAgent, AcceptLanguage: "ar"}); err != nil {
		return nil, nil, err
	}
	if err := browsertest.OpenApp(tctx, br.URL); err != nil {
		return nil, nil, err
	}
	if err := browsertest.SignIn(tctx, "lang", benchUser, benchPass); err != nil {
		return nil, nil, err
	}
	if o, err := browsertest.WaitSignIn(tctx, 2*time.Minute); err != nil || o != browsertest.OutcomeInbox {
		return nil, nil, fmt.Errorf("sign-in: %v %v", o, err)
	}
	if err := browsertest.WaitListed(tctx, inboxSize, 2*time.Minute); err != nil {
		return nil, nil, fmt.Errorf("1,000 rows: %w", err)
	}
	if _, err := chromedp.Run(tctx, chromedp.Click(chromedp.CSS(browsertest.SelDeviceOpen))); err != nil {
		return nil, nil, err
	}
	if _, err := chromedp.Run(tctx, chromedp.WaitVisible(chromedp.CSS("select[name=language]"))); err != nil {
		return nil, nil, err
	}
	choose := func(tag string) (time.Duration, error) {
		if _, err := chromedp.Run(tctx, chromedp.Evaluate[chromedp.Void](`(() => {
				performance.clearMarks("poppy-language-start"); performance.clearMarks("poppy-language-rendered");
				const sel = document.querySelector("select[name=language]");
				sel.value = "`+tag+`";
				sel.dispatchEvent(new Event("change", {bubbles: true}));
			})()`)); err != nil {
			return 0, err
		}
		if _, err := chromedp.Run(tctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-language-rendered").length > 0 && document.documentElement.lang === "`+tag+`"`,
			chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			return 0, err
		}
		took, err := chromedp.Run(tctx, chromedp.Evaluate[float64](`performance.getEntriesByName("poppy-language-rendered")[0].startTime - performance.getEntriesByName("poppy-language-start")[0].startTime`))
		return ms(took), err
	}
	for range languageSwitches {
		d, err := choose("en")
		if err != nil {
			return nil, nil, fmt.Errorf("switch to English: %w", err)
		}
		toEn = append(toEn, d)
		if d, err = choose("ar"); err != nil {
			return nil, nil, fmt.Errorf("switch to Arabic: %w", err)
		}
		toAr = append(toAr, d)
	}
	measure.Logf("language switches with %d rows: to English %v, to Arabic %v", inboxSize, toEn, toAr)
	if lang, err := chromedp.Run(tctx, chromedp.Evaluate[string](`document.documentElement.lang`)); err != nil || lang != "ar" {
		return nil, nil, fmt.Errorf("the page is lang=%q after switching to Arabic (%v)", lang, err)
	}
	return toEn, toAr, nil
}
