//go:build !js

package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
)

var compareWebDir = flag.String("compare-web-dir", "", "with -only-signin or -only-revisit: time the sign-in path (or the revisit) of the app built in this folder (B) against the one served as usual (A, web/ or -web-dir), taking turns within each of -reps rounds, and print each stage's median for both and B's share of A's: a change's effect on a shared machine, where one build's figures from two runs differ by more than the change")

// compareSignIn is -compare-web-dir: the full path with two builds of
// the app, each behind a bridge of its own, the same inbox server
// behind both, a fresh browser per run, the builds taking turns (which
// goes first alternates).
func compareSignIn(ctx context.Context, baseA, inboxAddr string) error {
	brB, err := browsertest.StartBridge(ctx, browsertest.BridgeConfig{
		Targets: []string{"inbox=" + inboxAddr + "/plain"},
		Args:    []string{"-sessions-per-minute", "-1", "-log-level", "warn"},
		WebDir:  *compareWebDir,
	})
	if err != nil {
		return fmt.Errorf("bridge B: %w", err)
	}
	defer brB.Stop()
	if _, err := nativeInbox(inboxAddr); err != nil { // warm-up
		return err
	}
	type run struct {
		frame time.Duration
		marks signInMarks
	}
	var runs [2][]run
	for i := range *reps {
		for k := range 2 {
			which := (i + k) % 2
			base := baseA
			if which == 1 {
				base = brB.URL
			}
			b, err := newBrowser(ctx)
			if err != nil {
				return err
			}
			_, frame, _, marks, err := browserInbox(b.Ctx, base, false)
			b.Close()
			if err != nil {
				return err
			}
			runs[which] = append(runs[which], run{frame, marks})
			measure.Logf("compare round %d, build %c: painted at %v, Chromium CPU %.0f ms, the page's main thread %.0f ms", i+1, 'A'+which, frame.Round(time.Millisecond), marks.CPUMs, marks.MainCPUMs)
			logMarks(i+1, marks)
		}
	}
	w := os.Stdout
	fmt.Fprintf(w, "\nSign-in path, build A (%s) against build B (%s), %d rounds taking turns: medians, and B / A.\n\n", webDirName(*webDir), *compareWebDir, *reps)
	fmt.Fprintf(w, "| Stage | A | B | B / A |\n| --- | --- | --- | --- |\n")
	line := func(st stage) {
		var xs [2][]float64
		for k := range 2 {
			for _, r := range runs[k] {
				xs[k] = append(xs[k], st.of(r.marks, float64(r.frame)/float64(time.Millisecond)))
			}
		}
		a, b := measure.Median(xs[0]), measure.Median(xs[1])
		fmt.Fprintf(w, "| %s | %s | %s | %.2f× |\n", st.name, st.format(a), st.format(b), b/a)
	}
	line(stage{name: "click → first row painted", of: func(_ signInMarks, frame float64) float64 { return frame }})
	for _, st := range signInStages {
		line(st)
	}
	return nil
}

func webDirName(d string) string {
	if d == "" {
		return "web/"
	}
	return d
}
