//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/chromedp/chromedp"
)

// BrowserConfig says how to start Chromium.
type BrowserConfig struct {
	// ExecPath is the browser binary; empty means ChromiumPath().
	ExecPath string
	// UserDataDir is the profile folder. Empty means a fresh temporary
	// folder that Close removes: every browser starts cold (no HTTP
	// cache, service worker, storage or compiled wasm).
	UserDataDir string
	// Width and Height are the viewport size; zero means 1280 and 900 (a
	// desktop, two panes).
	Width, Height int
	// Flags are extra command-line switches (name without "--").
	Flags map[string]any
	// Logf, if set, receives chromedp's error and log lines.
	Logf func(format string, args ...any)
}

// Browser is a running Chromium with one tab.
type Browser struct {
	// Ctx is the chromedp context of the tab; run actions with it.
	Ctx context.Context

	cancelTab, cancelAlloc context.CancelFunc
	tmpDir                 string
}

// Flags returns the switches the harness gives Chromium: headless, no
// sandbox (tests run as root in containers), no GPU, and nothing that
// calls out to the network (this network is closed): no QUIC, component
// updates, background networking, sync or first-run tasks, and every host
// name but localhost and 127.0.0.1 resolves to nothing.
func Flags() []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("disable-crash-reporter", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
	}
}

// NewBrowser starts Chromium and opens its tab. The browser runs until
// Close, or until parent ends.
func NewBrowser(parent context.Context, cfg BrowserConfig) (*Browser, error) {
	exe := cfg.ExecPath
	if exe == "" {
		p, err := ChromiumPath()
		if err != nil {
			return nil, err
		}
		exe = p
	}
	b := &Browser{}
	dir := cfg.UserDataDir
	if dir == "" {
		d, err := os.MkdirTemp("", "poppy-chromium-")
		if err != nil {
			return nil, err
		}
		dir, b.tmpDir = d, d
	}
	w, h := cfg.Width, cfg.Height
	if w == 0 {
		w = 1280
	}
	if h == 0 {
		h = 900
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe))
	opts = append(opts, Flags()...)
	opts = append(opts, chromedp.UserDataDir(dir), chromedp.WindowSize(w, h))
	for k, v := range cfg.Flags {
		opts = append(opts, chromedp.Flag(k, v))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	var copts []chromedp.ContextOption
	if cfg.Logf != nil {
		copts = append(copts, chromedp.WithErrorf(cfg.Logf), chromedp.WithLogf(cfg.Logf))
	}
	tctx, cancelTab := chromedp.NewContext(actx, copts...)
	b.Ctx, b.cancelTab, b.cancelAlloc = tctx, cancelTab, cancelAlloc
	// Start the browser here, on one goroutine: the first Run, Events or
	// Console starts it, and several of them at once race.
	// Headless Chromium clips the window to its virtual screen; the
	// viewport is what the page sees, so set it.
	if err := chromedp.Do(tctx, chromedp.Navigate("about:blank"), chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		b.Close()
		return nil, fmt.Errorf("browsertest: start %s: %w", exe, err)
	}
	return b, nil
}

// Close ends the browser and removes a temporary profile.
func (b *Browser) Close() error {
	if b.cancelTab == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- chromedp.Cancel(b.Ctx) }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	}
	b.cancelTab()
	b.cancelAlloc()
	b.cancelTab = nil
	if b.tmpDir != "" {
		os.RemoveAll(b.tmpDir)
	}
	if err == context.Canceled {
		err = nil
	}
	return err
}
