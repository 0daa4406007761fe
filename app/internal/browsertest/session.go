//go:build !js

package browsertest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Require skips tb when Chromium or the built app is missing, or fails it
// when the environment variable CI is set: a CI run that skipped the
// browser tests would look green and prove nothing.
func Require(tb testing.TB) {
	tb.Helper()
	if testing.Short() {
		tb.Skip("needs Chromium: skipped by -short (make check); make test runs it")
	}
	if err := Prerequisites(); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%v\nCI is set, so the browser tests do not skip: run `make test`, which builds the app (make web) and installs Chromium.", err)
		}
		tb.Skipf("%v (run `make test` to set everything up)", err)
	}
}

// Main runs the tests of m and then removes the bridge that BuildBridge
// built. Use it in TestMain: os.Exit(browsertest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	RemoveBuilds()
	return code
}

// Config configures Start.
type Config struct {
	Bridge BridgeConfig
	// Timeout bounds the whole session; zero means 3 minutes.
	Timeout time.Duration
	// Downloads makes the browser save downloads into DownloadDir.
	Downloads bool
	// NoOpen leaves the tab on about:blank instead of loading the app.
	NoOpen bool
	// Width and Height are the window size; zero means NewBrowser's.
	Width, Height int
}

// Session is a bridge and a browser for one test, with a Watch on the tab.
type Session struct {
	T testing.TB
	// Bridge is the running bridge. StopBridge and StartBridge replace
	// it: read it from the Session that Start returned, not from a copy
	// made before (For, Bound).
	Bridge  *Bridge
	Browser *Browser
	// Ctx is the tab's chromedp context, bounded by Config.Timeout.
	Ctx         context.Context
	Watch       *Watch
	DownloadDir string

	chromeLog *syncBuffer
	// stopped are the bridges that StopBridge ended, for the failure
	// dump: what the page saw came from them too.
	stopped []*Bridge
}

// Start requires the prerequisites, starts a bridge and a browser with a
// fresh profile, installs the Watch and opens the app (waiting for an
// enabled sign-in button). Everything stops when tb ends. When tb
// failed, a screenshot goes into tb.ArtifactDir() and the bridge's output,
// the browser's notes and the page's text go to the test log.
func Start(tb testing.TB, cfg Config) *Session {
	tb.Helper()
	Require(tb)
	s := &Session{T: tb, chromeLog: &syncBuffer{}}
	br, err := StartBridge(context.Background(), cfg.Bridge)
	if err != nil {
		tb.Fatal(err)
	}
	s.Bridge = br
	tb.Cleanup(func() {
		// The bridge running at the end, which StartBridge may have
		// replaced; Stop is idempotent.
		if err := s.Bridge.Stop(); err != nil {
			tb.Errorf("bridge: %v\n%s", err, s.Bridge.Output())
		}
	})
	b, err := NewBrowser(context.Background(), BrowserConfig{
		UserDataDir: tb.TempDir(),
		Width:       cfg.Width,
		Height:      cfg.Height,
		Logf: func(format string, args ...any) {
			fmt.Fprintf(s.chromeLog, format+"\n", args...)
		},
	})
	if err != nil {
		tb.Fatal(err)
	}
	s.Browser = b
	tb.Cleanup(func() { b.Close() })
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = 3 * time.Minute
	}
	ctx, cancel := context.WithTimeout(b.Ctx, timeout)
	tb.Cleanup(cancel)
	s.Ctx = ctx
	w, err := NewWatch(ctx, br.URL)
	if err != nil {
		tb.Fatal(err)
	}
	s.Watch = w
	tb.Cleanup(w.Close)
	tb.Cleanup(s.dumpOnFailure)
	if cfg.Downloads {
		s.DownloadDir = tb.TempDir()
		if err := AllowDownloads(ctx, s.DownloadDir); err != nil {
			tb.Fatal(err)
		}
	}
	if !cfg.NoOpen {
		if err := OpenApp(ctx, br.URL); err != nil {
			tb.Fatalf("the app did not start (no enabled sign-in button at %s): %v", br.URL, err)
		}
	}
	return s
}

// dumpOnFailure records what helps to understand a failure.
func (s *Session) dumpOnFailure() {
	tb := s.T
	if !tb.Failed() {
		return
	}
	ctx, cancel := context.WithTimeout(s.Browser.Ctx, 10*time.Second)
	defer cancel()
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(tb.Name()) + ".png"
		p := filepath.Join(tb.ArtifactDir(), name)
		if err := os.WriteFile(p, png, 0o644); err == nil {
			tb.Logf("screenshot: %s", p)
		}
	}
	if text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); err == nil {
		tb.Logf("page text:\n%s", clip(text, 4000))
	}
	if r, err := s.Watch.Check(ctx); err == nil {
		tb.Logf("watch: %d script findings, %d requests; notes:\n%s", len(r.Script), len(r.Requests), clip(strings.Join(r.Notes, "\n"), 4000))
	}
	for i, b := range s.stopped {
		tb.Logf("output of stopped bridge %d:\n%s", i+1, clip(b.Output(), 4000))
	}
	tb.Logf("bridge output:\n%s", clip(s.Bridge.Output(), 8000))
	if l := s.chromeLog.String(); l != "" {
		tb.Logf("chromedp log:\n%s", clip(l, 4000))
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n/2] + "\n…\n" + s[len(s)-n/2:]
}

// StopBridge stops the session's bridge gracefully and leaves the browser
// as it is: the page now has no server, as when the user is offline or the
// bridge is down. Call it on the Session that Start returned.
func (s *Session) StopBridge() {
	s.T.Helper()
	if s.Bridge.Stopped() {
		return
	}
	s.stopped = append(s.stopped, s.Bridge)
	if err := s.Bridge.Stop(); err != nil {
		s.T.Fatalf("stopping the bridge: %v\n%s", err, s.Bridge.Output())
	}
}

// WaitWorker waits until the page's service worker is active, so that a
// reload with the bridge stopped starts from its cache. A first visit
// registers the worker only after the app's start, once its first inbox
// is shown or its form sat idle (bridge/internal/pwa/loader.js), and the
// worker installs a second or two later: a test that goes offline right
// after a sign-in must wait for it, as a person's next visit would.
func (s *Session) WaitWorker() {
	s.T.Helper()
	if err := WaitWorker(s.Ctx, 30*time.Second); err != nil {
		s.T.Fatal(err)
	}
}

// WaitWorker waits, up to timeout, until the service worker of the page
// in ctx is active (Session.WaitWorker says why a test waits for it).
func WaitWorker(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.serviceWorker.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		return fmt.Errorf("browsertest: the page's service worker did not become active: %w", err)
	}
	return nil
}

// StartBridge starts a bridge in place of the session's, on the same
// address, so that the page keeps its origin, its service worker and its
// storage. cfg is the configuration to start with; nil means the last
// bridge's. cfg.Listen is ignored: the address is the session's. A running
// bridge is stopped first. Call it on the Session that Start returned.
func (s *Session) StartBridge(cfg *BridgeConfig) {
	s.T.Helper()
	s.StopBridge()
	c := s.Bridge.Config()
	if cfg != nil {
		addr := c.Listen
		c = *cfg
		c.Listen = addr
	}
	b, err := StartBridge(context.Background(), c)
	if err != nil {
		s.T.Fatal(err)
	}
	if b.URL != s.Bridge.URL {
		b.Stop()
		s.T.Fatalf("the bridge started again at %s, not at %s", b.URL, s.Bridge.URL)
	}
	s.Bridge = b
}

// Do runs actions on the tab, failing the test on error.
func (s *Session) Do(actions ...chromedp.Action[chromedp.Void]) {
	s.T.Helper()
	if err := chromedp.Do(s.Ctx, actions...); err != nil {
		s.T.Fatal(err)
	}
}

// Must fails the test on err.
func (s *Session) Must(err error) {
	s.T.Helper()
	if err != nil {
		s.T.Fatal(err)
	}
}

// SignIn fills and submits the sign-in form and returns the outcome.
func (s *Session) SignIn(target, username, password string) Outcome {
	s.T.Helper()
	s.Must(SignIn(s.Ctx, target, username, password))
	o, err := WaitSignIn(s.Ctx, 60*time.Second)
	s.Must(err)
	return o
}

// Eval evaluates a JavaScript expression in the page, failing on error.
func Eval[T any](s *Session, expr string) T {
	s.T.Helper()
	v, err := chromedp.Run(s.Ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		s.T.Fatalf("evaluating %.80s: %v", expr, err)
	}
	return v
}

// For returns a copy of s whose helpers report to tb: use it in subtests,
// whose failures must not stop the parent test from their goroutine.
func (s *Session) For(tb testing.TB) *Session {
	c := *s
	c.T = tb
	return &c
}

// Bound returns a copy of s whose Ctx ends after d (or with s.Ctx), and
// its cancel func. The tab stays open when it ends: use it to bound a
// step, such as one message of a corpus, whose page may stop responding.
func (s *Session) Bound(d time.Duration) (*Session, context.CancelFunc) {
	c := *s
	ctx, cancel := context.WithTimeout(s.Ctx, d)
	c.Ctx = ctx
	return &c, cancel
}
