//go:build !js

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/internal/measure"
)

// snapshotProbe runs in every document of the tab before its scripts.
// It keeps in window.__benchSnap the time (performance.now(), from the
// navigation's start) of the next animation frame after the inbox's
// snapshot (the bridge's snapshot.js: the first screen of the cached
// inbox, painted from localStorage before app.wasm runs, marked
// data-snapshot) showed its first row: painted, as the probe's rowsFrame
// is for the app's own rows.
const snapshotProbe = `(() => {
	if (window.__benchSnap) return;
	const S = window.__benchSnap = {frame: 0};
	new MutationObserver((_, obs) => {
		if (document.querySelector("[data-snapshot] .row")) {
			obs.disconnect();
			requestAnimationFrame(() => { S.frame = performance.now(); });
		}
	}).observe(document, {subtree: true, childList: true});
})()`

func installSnapshotProbe(ctx context.Context) error {
	_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument,
		page.AddScriptToEvaluateOnNewDocumentParams{Source: snapshotProbe})
	return err
}

// snapshotPainted is navigation → the snapshot painted on the page
// loaded last, or 0 if it painted none, and the size of the snapshot
// stored now (UTF-16 code units, as localStorage counts them). Call it
// once the app's inbox is painted: the snapshot, if any, came before.
func snapshotPainted(ctx context.Context) (time.Duration, int, error) {
	type snap struct {
		Frame float64
		Size  int
	}
	s, err := chromedp.Run(ctx, chromedp.Evaluate[snap](`({Frame: window.__benchSnap ? window.__benchSnap.frame : 0,
		Size: (localStorage.getItem("poppy.snapshot") || "").length})`))
	return ms(s.Frame), s.Size, err
}

// printSnapshot prints the reloads' way to the cached inbox: its first
// paint (the snapshot's, when the page had one; the target's figure) and
// the app's own.
func (rv *revisit) printSnapshot(row func(...string), vd *measure.Verdicts) {
	row(fmt.Sprintf("**Revisit: navigation → cached inbox painted** (the snapshot: its first screen, kept by the app's last start, painted by the page before app.wasm runs; %d of %d reloads had one, the first after a sign-in has none and counts the app's paint; %s)",
		rv.snapshots, len(rv.cached), spread(rv.cached)),
		fmt.Sprintf("**%s**", msStr(measure.Median(rv.cached))),
		vd.Check("revisit: navigation → cached inbox painted ≤ 250 ms", revisitNavTarget, float64(measure.Median(rv.cached))))
	row(fmt.Sprintf("Revisit: navigation → the app's cached inbox painted (live: its own rows, which replace the snapshot; %s)", spread(rv.visible)),
		msStr(measure.Median(rv.visible)), "")
}
