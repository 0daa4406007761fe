//go:build !js

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/internal/measure"
)

var webDir = flag.String("web-dir", "", "serve the built app from this folder instead of web/ (a wasm built with symbols for -profile)")

var profileFile = flag.String("profile", "", "write a CPU profile of one page load (navigation → sign-in usable) to this file (.cpuprofile: open it in Chromium DevTools' Performance panel), and measure nothing else")

// profileStartup records the page's JavaScript and WebAssembly CPU
// profile (V8's sampling profiler, through the DevTools protocol) from a
// navigation to the moment the sign-in form is usable, and writes it as
// a .cpuprofile file. With a wasm built with symbols (without -s -w, see
// docs/testing.md), the samples carry Go's function names.
//
// The profiler belongs to the page's renderer, which a navigation to
// another site replaces: the tab first loads the app's origin (without
// starting app.wasm, ?wasm=false), and the profile covers the load that
// follows on the same origin.
func profileStartup(ctx context.Context, base, path string) error {
	b, err := newBrowser(ctx)
	if err != nil {
		return err
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(b.Ctx, 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"?wasm=false")); err != nil {
		return err
	}
	for _, step := range []func() error{
		func() error { _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); return err },
		func() error {
			_, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 100})
			return err
		},
		func() error { _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); return err },
	} {
		if err := step(); err != nil {
			return fmt.Errorf("profiler: %w", err)
		}
	}
	m, err := loadPage(ctx, base)
	if err != nil {
		return err
	}
	res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
	if err != nil {
		return fmt.Errorf("profiler: %w", err)
	}
	data, err := json.Marshal(res.Profile)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	measure.Logf("profile of navigation → the app's form live (%s) written to %s (%d samples)", msStr(ms(m.AppLive)), path, len(res.Profile.Samples))
	return nil
}
