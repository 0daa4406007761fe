//go:build !js

package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
)

// compareRevisit is -compare-web-dir with -only-revisit: one browser per
// build, each signed in once to the 10,000-message mailbox (its own
// first visit), then reloaded -reps times, the builds taking turns, and
// each reload's way from the app's start to its cached inbox painted
// compared.
func compareRevisit(ctx context.Context, baseA string, rs *revisitServer) error {
	brB, err := browsertest.StartBridge(ctx, browsertest.BridgeConfig{
		Targets: []string{"revisit=" + rs.proxy.Addr() + "/plain"},
		Args:    []string{"-sessions-per-minute", "-1", "-log-level", "warn"},
		WebDir:  *compareWebDir,
	})
	if err != nil {
		return fmt.Errorf("bridge B: %w", err)
	}
	defer brB.Stop()
	bases := [2]string{baseA, brB.URL}
	var ctxs [2]context.Context
	for k := range 2 {
		b, err := newBrowser(ctx)
		if err != nil {
			return err
		}
		defer b.Close()
		c, cancel := context.WithTimeout(b.Ctx, 10*time.Minute)
		defer cancel()
		ctxs[k] = c
		if err := browsertest.OpenApp(c, bases[k]); err != nil {
			return err
		}
		if err := browsertest.FillSignIn(c, "revisit", benchUser, benchPass); err != nil {
			return err
		}
		if err := chromedp.Do(c, chromedp.Evaluate[chromedp.Void](`document.querySelector("form#signin button[type=submit]").click()`)); err != nil {
			return err
		}
		if err := waitListed(c, revisitSize); err != nil {
			return err
		}
		if _, err := browsertest.WaitStored(c, browsertest.Stored{Headers: revisitSize}, 2*time.Minute); err != nil {
			return err
		}
	}
	var appToRows, navToRows, mainCPU [2][]float64
	for i := range *reps {
		for j := range 2 {
			k := (i + j) % 2
			main0 := rendererMainCPU(ctxs[k])
			if err := chromedp.Do(ctxs[k], chromedp.Navigate(bases[k])); err != nil {
				return err
			}
			type start struct{ App, RowsFrame float64 }
			// The poll may meet the page between its documents (a lost
			// execution context): it is asked again, a few times.
			var st start
			for try := 0; ; try++ {
				if st, err = pollBench[start](ctxs[k], `B.rowsFrame && {App: B.app, RowsFrame: B.rowsFrame}`); err == nil || try == 3 || ctx.Err() != nil {
					break
				}
			}
			if err != nil {
				return err
			}
			mainCPU[k] = append(mainCPU[k], float64(rendererMainCPU(ctxs[k])-main0)/float64(time.Millisecond))
			if err := waitListed(ctxs[k], revisitSize); err != nil {
				return err
			}
			appToRows[k] = append(appToRows[k], st.RowsFrame-st.App)
			navToRows[k] = append(navToRows[k], st.RowsFrame)
			measure.Logf("compare revisit %d, build %c: navigation → app %.0f ms → inbox painted %.0f ms; the page's main thread %.0f ms of CPU", i+1, 'A'+k, st.App, st.RowsFrame, mainCPU[k][len(mainCPU[k])-1])
		}
	}
	w := os.Stdout
	fmt.Fprintf(w, "\nRevisit of %d messages, build A (%s) against build B (%s), %d reloads each taking turns: medians, and B / A.\n\n", revisitSize, webDirName(*webDir), *compareWebDir, *reps)
	fmt.Fprintf(w, "| Measurement | A | B | B / A |\n| --- | --- | --- | --- |\n")
	for _, l := range []struct {
		name string
		xs   [2][]float64
	}{{"app started → cached inbox painted", appToRows}, {"navigation → cached inbox painted", navToRows},
		{"CPU time of the page's main thread (the renderer's), navigation → cached inbox painted", mainCPU}} {
		a, b := measure.Median(l.xs[0]), measure.Median(l.xs[1])
		fmt.Fprintf(w, "| %s | %.0f ms | %.0f ms | %.2f× |\n", l.name, a, b, b/a)
	}
	return nil
}
