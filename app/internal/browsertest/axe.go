//go:build !js

package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// AxeVersion is the axe-core release the accessibility tests run: the
// Makefile's AXE_VERSION, which fetches it into .bin/ (make deps-test).
const AxeVersion = "4.14.1"

// ErrNoAxe is returned when axe-core is not where the Makefile puts it.
var ErrNoAxe = errors.New("browsertest: axe-core " + AxeVersion + " is missing (run `make deps-test`, which fetches it with npm)")

// AxePath is where the Makefile puts axe.min.js.
func AxePath() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, ".bin", "axe-core-"+AxeVersion, "axe.min.js")
	if _, err := os.Stat(p); err != nil {
		return p, fmt.Errorf("%w: %s", ErrNoAxe, p)
	}
	return p, nil
}

// RequireAxe is Require, and also needs axe-core: it skips without it,
// or fails when CI is set.
func RequireAxe(tb testing.TB) {
	tb.Helper()
	Require(tb)
	if _, err := AxePath(); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%v\nCI is set, so the accessibility tests do not skip.", err)
		}
		tb.Skip(err)
	}
}

// AxeTags are the rule sets run: WCAG 2.0, 2.1 and 2.2, levels A and AA,
// and axe's best practices (a main landmark, one level-one heading,
// content inside landmarks), which Poppy keeps too.
var AxeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"}

// AxeNode is one element a rule failed on.
type AxeNode struct {
	// Target is the element's CSS selector (for an element in a frame,
	// the frame's selector first, joined by " >>> ").
	Target  string
	HTML    string
	Summary string // axe's explanation of what to fix
}

// AxeViolation is one rule that failed, with the elements it failed on.
type AxeViolation struct {
	ID     string // the rule, e.g. "color-contrast"
	Impact string // "minor", "moderate", "serious" or "critical"
	Help   string
	Nodes  []AxeNode
}

// Serious reports whether v is serious or critical.
func (v AxeViolation) Serious() bool { return v.Impact == "serious" || v.Impact == "critical" }

// String is the violation as a few readable lines.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "\n    %s  %s", n.Target, clip(n.HTML, 160))
		if n.Summary != "" {
			fmt.Fprintf(&b, "\n      %s", strings.ReplaceAll(clip(n.Summary, 400), "\n", "\n      "))
		}
	}
	return b.String()
}

// Axe runs axe-core over the page as it is now, with AxeTags, and
// returns the violations. It injects axe-core first when the page does
// not have it (a navigation drops it). Frames are not entered: the only
// ones are message bodies, sandboxed without scripts, which axe cannot
// reach (it would wait for their answer) and whose content is the
// sender's, not Poppy's.
func Axe(ctx context.Context) ([]AxeViolation, error) {
	p, err := AxePath()
	if err != nil {
		return nil, err
	}
	have, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof axe === "object" ? axe.version : ""`))
	if err != nil {
		return nil, err
	}
	if have == "" {
		src, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		// Evaluated through the protocol, so the page's CSP does not
		// apply to it, as for the harness's other scripts.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;void 0")); err != nil {
			return nil, fmt.Errorf("browsertest: injecting axe-core: %w", err)
		}
		if have, err = chromedp.Run(ctx, chromedp.Evaluate[string](`typeof axe === "object" ? axe.version : ""`)); err != nil {
			return nil, err
		}
	}
	if have != AxeVersion {
		return nil, fmt.Errorf("browsertest: the page runs axe-core %q, want %s (%s)", have, AxeVersion, p)
	}
	return chromedp.Run(ctx, chromedp.Evaluate[[]AxeViolation](`axe.run(document, {
		runOnly: {type: "tag", values: `+js(AxeTags)+`},
		iframes: false,
		resultTypes: ["violations"],
	}).then(r => r.violations.map(v => ({
		ID: v.id, Impact: v.impact || "", Help: v.help,
		Nodes: v.nodes.map(n => ({
			Target: n.target.map(t => Array.isArray(t) ? t.join(" ") : t).join(" >>> "),
			HTML: n.html, Summary: n.failureSummary || "",
		})),
	})))`, chromedp.EvalAwaitPromise))
}

// SeriousOnly returns the serious and critical violations of vs.
func SeriousOnly(vs []AxeViolation) []AxeViolation {
	var out []AxeViolation
	for _, v := range vs {
		if v.Serious() {
			out = append(out, v)
		}
	}
	return out
}

// ColorScheme makes the page's prefers-color-scheme scheme ("light" or
// "dark"); "" ends the emulation.
func ColorScheme(ctx context.Context, scheme string) error {
	return EmulateMedia(ctx, map[string]string{"prefers-color-scheme": scheme})
}

// EmulateMedia sets the page's CSS media features (such as
// "prefers-reduced-motion": "reduce"); an empty value ends that one's
// emulation. Each call replaces the features set before.
func EmulateMedia(ctx context.Context, features map[string]string) error {
	p := emulation.SetEmulatedMediaParams{}
	for name, value := range features {
		p.Features = append(p.Features, &emulation.MediaFeature{Name: name, Value: value})
	}
	return chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, p)
		return err
	}))
}
