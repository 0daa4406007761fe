//go:build !js

package browsertest

import (
	"context"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// FrameDoc is what a frame target shows.
type FrameDoc struct {
	URL, Text, HTML string
}

// FrameDocs returns the text and markup of every iframe target of the
// browser (skipping frames that go away while it reads them). Chromium runs the app's sandboxed message frame out of
// process, so the page cannot read it; DevTools evaluates in it through a
// session of its own (which needs no script permission in the frame).
func FrameDocs(ctx context.Context) ([]FrameDoc, error) {
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		return nil, err
	}
	var out []FrameDoc
	for _, ti := range infos {
		if ti.Type != "iframe" {
			continue
		}
		fctx, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
		d, err := chromedp.Run(fctx, chromedp.Evaluate[FrameDoc](
			`({URL: location.href, Text: document.body ? document.body.innerText : "", HTML: document.documentElement ? document.documentElement.outerHTML : ""})`))
		cancel()
		if err != nil {
			continue // the frame went away meanwhile
		}
		out = append(out, d)
	}
	return out, nil
}

// FrameTargets returns the IDs of the browser's iframe targets.
func FrameTargets(ctx context.Context) (map[target.ID]bool, error) {
	infos, err := chromedp.Targets(ctx)
	if err != nil {
		return nil, err
	}
	ids := map[target.ID]bool{}
	for _, ti := range infos {
		if ti.Type == "iframe" {
			ids[ti.TargetID] = true
		}
	}
	return ids, nil
}
