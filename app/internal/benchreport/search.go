//go:build !js

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/internal/measure"
)

// Issue 13's body-search figures: search over 10,000 kept messages
// (100 MB of text) in Chromium, per keystroke, and the index's stored
// size against the text it covers. The page (./searchpage, built here
// for js/wasm) makes the messages itself rather than receiving them
// through the full copy: see its doc comment.

var onlySearch = flag.Bool("only-search", false, "measure and print the body-search figures only")

var (
	searchKeyTarget  = measure.Target{Text: "< 50 ms", Op: measure.Below, Bound: float64(50 * time.Millisecond)}
	searchSizeTarget = measure.Target{Text: "≤ 30 %", Op: measure.AtMost, Bound: 0.30}
)

// searchResult is searchpage's Result.
type searchResult struct {
	Messages   int
	TextBytes  int64
	IndexBytes int64
	Segments   int
	BuildMS    float64
	StoreMS    float64
	LoadMS     float64
	Queries    []string
	KeyMS      []float64
	Hits       []int
	Err        string
}

// measureSearch builds the page, serves it on loopback, runs it in a
// fresh Chromium and prints the table.
func measureSearch(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "poppy-search-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := buildSearchPage(dir); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(dir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

	b, err := newBrowser(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	tctx, cancel := context.WithTimeout(b.Ctx, 15*time.Minute)
	defer cancel()
	measure.Logf("search: indexing 10,000 messages in Chromium")
	var out string
	if _, err := chromedp.Run(tctx, chromedp.Navigate("http://"+ln.Addr().String()+"/")); err != nil {
		return err
	}
	out, err = chromedp.Run(tctx, chromedp.Poll[string](`window.__searchBench || ""`,
		chromedp.WithPollingInterval(200*time.Millisecond), chromedp.WithPollingTimeout(14*time.Minute)))
	if err != nil {
		return fmt.Errorf("the search page did not finish: %w", err)
	}
	var r searchResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		return err
	}
	if r.Err != "" {
		return errors.New("search page: " + r.Err)
	}
	if len(r.KeyMS) == 0 || r.TextBytes == 0 {
		return errors.New("search page: no figures")
	}
	printSearch(r)
	return nil
}

// buildSearchPage builds searchpage for js/wasm into dir, beside the
// toolchain's own wasm_exec.js and a page that runs it.
func buildSearchPage(dir string) error {
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	js, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), js, 0o644); err != nil {
		return err
	}
	cmd := exec.Command("go", "build", "-trimpath", "-o", filepath.Join(dir, "search.wasm"), "./app/internal/benchreport/searchpage")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("building the search page: %w", err)
	}
	const page = `<!doctype html><meta charset="utf-8"><title>search bench</title>
<script src="wasm_exec.js"></script>
<script>
const go = new Go();
WebAssembly.instantiateStreaming(fetch("search.wasm"), go.importObject).then(r => go.run(r.instance))
	.catch(e => { window.__searchBench = JSON.stringify({Err: String(e)}); });
</script>`
	return os.WriteFile(filepath.Join(dir, "index.html"), []byte(page), 0o644)
}

func printSearch(r searchResult) {
	keys := make([]time.Duration, len(r.KeyMS))
	for i, v := range r.KeyMS {
		keys[i] = ms(v)
	}
	med := measure.Median(keys)
	sorted := slices.Clone(keys)
	slices.Sort(sorted)
	p90 := sorted[len(sorted)*9/10]
	share := float64(r.IndexBytes) / float64(r.TextBytes)
	var vd measure.Verdicts
	w := os.Stdout
	fmt.Fprintf(w, "\n### Body search (issue 13)\n\n")
	fmt.Fprintf(w, "%s messages, %.1f MB of text, indexed in the page (generated there, not fetched: see app/internal/benchreport/searchpage) in %v; "+
		"%d segments written to IndexedDB in %v and read back into a fresh index in %v, which the keystrokes search.\n\n",
		i18n.For("en").Number(int64(r.Messages)), float64(r.TextBytes)/1e6, ms(r.BuildMS).Round(time.Millisecond),
		r.Segments, ms(r.StoreMS).Round(time.Millisecond), ms(r.LoadMS).Round(time.Millisecond))
	fmt.Fprintf(w, "| Figure | Value | Target |\n|---|---|---|\n")
	fmt.Fprintf(w, "| Search per keystroke, median of %d (every result, as the search box asks) | %v (90th percentile %v, slowest %v) | %s |\n",
		len(keys), med.Round(10*time.Microsecond), p90.Round(10*time.Microsecond), sorted[len(sorted)-1].Round(10*time.Microsecond),
		vd.Check("search per keystroke < 50 ms", searchKeyTarget, float64(med)))
	fmt.Fprintf(w, "| Stored index / text it covers | %.1f MB / %.1f MB = %.1f %% | %s |\n",
		float64(r.IndexBytes)/1e6, float64(r.TextBytes)/1e6, 100*share,
		vd.Check("index ≤ 30 % of the text", searchSizeTarget, share))
	fmt.Fprintf(w, "\nKeystrokes (query typed so far: ms, results): ")
	for i, q := range r.Queries {
		if i > 0 {
			fmt.Fprint(w, "; ")
		}
		fmt.Fprintf(w, "%q: %.2f, %d", q, r.KeyMS[i], r.Hits[i])
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, vd.Summary())
}
