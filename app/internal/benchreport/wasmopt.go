//go:build !js

package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/internal/wasmsize"
)

var (
	wasmOpt     = flag.Bool("wasm-opt", true, "measure binaryen's wasm-opt -Oz and -O2 against Go's output (size, compile time, start-up), and say which web/app.wasm is")
	onlyWasmOpt = flag.Bool("only-wasm-opt", false, "measure and print the wasm-opt table only")
)

// wasmOptLevels are the levels issue 16 asks about.
var wasmOptLevels = []string{"-Oz", "-O2"}

// wasmOptFeatures are what Go's wasm uses (bulk memory for memory.copy
// and memory.fill, sign extension, saturating conversions): binaryen
// refuses the module without them.
var wasmOptFeatures = []string{"--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"}

// wasmOptSizeMargin is brotli's noise: a level counts as smaller or
// larger as served than Go's output only by this much. Brotli at this
// size is not monotonic, and -O2 came out 9 KB smaller in one build and
// 7 KB larger in the next (docs/architecture.md: judge a trim by tens of
// KB).
const wasmOptSizeMargin = 20_000

// wasmOptSpeedSlack is how much slower than Go's output a level's
// compile or start-up may measure and still count as "no speed cost":
// medians of a few page loads on a shared machine move by that much.
const wasmOptSpeedSlack = 1.05

// wasmOptSpeedWin is the start-up ratio to Go's output below which a
// level counts as faster.
const wasmOptSpeedWin = 0.95

// wasmVariant is one build of the app measured by reportWasmOpt.
type wasmVariant struct {
	name          string // Go's output or the level
	dir           string // the web folder a bridge serves it from
	module        string // the build, packed, until it moves into dir
	raw, br       int64  // bytes: the module, and brotli's -q 11 of it
	optTime       time.Duration
	compile, work []float64 // per page load, ms: app.wasm requested → compiled; Go's main → the app's form live
}

// reportWasmOpt runs wasm-opt at each level over Go's own output (the
// app's twin with symbols, which `make wasm-sym` builds with the same
// flags, stripped of them), packs the data as `make web` does and
// compresses it as served, then loads each build and Go's output in
// fresh Chromium profiles, in turn, and writes the table and the
// decision to w. The decision is computed: a level is worth building
// with if it is smaller as served than Go's output at no speed cost, or
// starts faster at no size cost, sizes within wasmOptSizeMargin counting
// as the same. The table says which build web/app.wasm is, and whether
// that follows the decision.
func reportWasmOpt(ctx context.Context, w io.Writer) error {
	if !*wasmOpt {
		return nil
	}
	fmt.Fprintf(w, "\nwasm-opt: binaryen's optimizer at the levels of issue 16, over Go's output (`%s` stripped of its names, as `-ldflags=-s` builds the app), with the data packed as `make web` does (internal/wasmsize), brotli -q 11. ", symWasm)
	bin, err := exec.LookPath("wasm-opt")
	if err != nil {
		fmt.Fprintln(w, "Not measured: wasm-opt is not installed (`make bench` installs Debian's binaryen).")
		return nil
	}
	root, err := browsertest.RepoRoot()
	if err != nil {
		return err
	}
	sym := filepath.Join(root, symWasm)
	if st, err := os.Stat(sym); err != nil {
		fmt.Fprintf(w, "Not measured: %v (`make wasm-sym` builds it).\n", err)
		return nil
	} else if app, err := os.Stat(filepath.Join(root, "web", "app.wasm")); err == nil && st.ModTime().Before(app.ModTime()) {
		fmt.Fprintf(w, "Not measured: %s is older than web/app.wasm (`make wasm-sym`).\n", symWasm)
		return nil
	}
	tmp, err := os.MkdirTemp("", "poppy-wasm-opt-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	// The baseline is Go's own output: the twin with symbols, stripped
	// of them as -ldflags=-s does. wasm-opt runs over that, as `make
	// web` runs it (binaryen's passes may order by name, so a module
	// with names would come out otherwise); then each is packed as
	// `make web` packs.
	mod, err := os.ReadFile(sym)
	if err != nil {
		return err
	}
	if mod, err = wasmsize.StripNames(mod); err != nil {
		return err
	}
	stripped := filepath.Join(tmp, "go-unpacked.wasm")
	if err := os.WriteFile(stripped, mod, 0o644); err != nil {
		return err
	}
	goOut := &wasmVariant{name: "Go's output (no wasm-opt)", dir: filepath.Join(tmp, "go")}
	if err := writePacked(ctx, mod, goOut); err != nil {
		return err
	}
	variants := []*wasmVariant{goOut}
	for _, level := range wasmOptLevels {
		v := &wasmVariant{name: "wasm-opt " + level, dir: filepath.Join(tmp, level)}
		if err := buildWasmOpt(ctx, bin, level, stripped, v); err != nil {
			return fmt.Errorf("wasm-opt %s: %w", level, err)
		}
		measure.Logf("wasm-opt %s: %d bytes, %d with brotli, in %v", level, v.raw, v.br, v.optTime)
		variants = append(variants, v)
	}
	served, err := servedVariant(filepath.Join(root, "web", "app.wasm"), variants)
	if err != nil {
		return err
	}
	// Each build in its own web folder (the app without its compressed
	// twins, so that every build is served the same way), behind its
	// own bridge; the page loads take turns, so that a busy moment of
	// the machine falls on all of them alike.
	for _, v := range variants {
		if err := os.Mkdir(v.dir, 0o755); err != nil {
			return err
		}
		if err := browsertest.NewAppVersion(v.dir, v.name); err != nil {
			return err
		}
		if err := os.Rename(v.module, filepath.Join(v.dir, "app.wasm")); err != nil {
			return err
		}
	}
	urls := make([]string, len(variants))
	for i, v := range variants {
		br, err := browsertest.StartBridge(ctx, browsertest.BridgeConfig{
			Targets: []string{"bench=127.0.0.1:9/plain"},
			Args:    []string{"-log-level", "warn"},
			WebDir:  v.dir,
		})
		if err != nil {
			return fmt.Errorf("bridge for %s: %w", v.name, err)
		}
		defer br.Stop()
		urls[i] = br.URL
	}
	for rep := range *reps {
		for i, v := range variants {
			b, err := newBrowser(ctx)
			if err != nil {
				return err
			}
			m, err := loadPage(b.Ctx, urls[i])
			b.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			v.compile = append(v.compile, m.compile())
			v.work = append(v.work, m.AppLive-m.GoStart)
			measure.Logf("wasm-opt load %d, %s: compile %.0f ms, main → the app's form live %.0f ms", rep+1, v.name, m.compile(), m.AppLive-m.GoStart)
		}
	}
	printWasmOpt(w, variants, served)
	return nil
}

// servedVariant returns the build among vs that web/app.wasm is (the
// same function bodies, which the level decides), or nil for none of
// them: an app built with other flags than these.
func servedVariant(app string, vs []*wasmVariant) (*wasmVariant, error) {
	b, err := os.ReadFile(app)
	if err != nil {
		return nil, err
	}
	served, err := wasmsize.Parse(b)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		b, err := os.ReadFile(v.module)
		if err != nil {
			return nil, err
		}
		m, err := wasmsize.Parse(b)
		if err != nil {
			return nil, err
		}
		if slices.Equal(m.Funcs, served.Funcs) {
			return v, nil
		}
	}
	return nil, nil
}

// buildWasmOpt writes v's module beside v.dir and fills in its sizes.
func buildWasmOpt(ctx context.Context, bin, level, in string, v *wasmVariant) error {
	out := v.dir + ".wasm"
	args := append(append([]string{}, wasmOptFeatures...), level, in, "-o", out)
	start := time.Now()
	if msg, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, bytes.TrimSpace(msg))
	}
	v.optTime = time.Since(start)
	mod, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	return writePacked(ctx, mod, v)
}

// writePacked packs mod's data as `make web` does, writes it beside
// v.dir and fills in v's sizes.
func writePacked(ctx context.Context, mod []byte, v *wasmVariant) error {
	v.module = v.dir + ".wasm"
	packed, err := wasmsize.PackData(mod, 64<<10) // wasmpack's gap
	if err != nil {
		return err
	}
	if err := os.WriteFile(v.module, packed, 0o644); err != nil {
		return err
	}
	v.raw = int64(len(packed))
	v.br, err = brotliSize(ctx, v.module)
	return err
}

// brotliSize compresses as `make web` does and counts the bytes.
func brotliSize(ctx context.Context, path string) (int64, error) {
	out, err := exec.CommandContext(ctx, "brotli", "-q", "11", "-c", path).Output()
	if err != nil {
		return 0, fmt.Errorf("brotli: %w", err)
	}
	return int64(len(out)), nil
}

func printWasmOpt(w io.Writer, vs []*wasmVariant, served *wasmVariant) {
	base := vs[0]
	fmt.Fprintf(w, "Each build loaded %d times in fresh Chromium profiles, the builds taking turns in each round. Compile is app.wasm requested → compiled (streaming, download included); start-up is Go's `main` → the app's own sign-in form live (`poppy-app-signin-live`), the Go code's own work (package initialisation, the first renders). Times are medians; each ratio to Go's output is taken within each round, and its median given, since a shared machine moves every load of a round alike.\n\n", len(base.compile))
	fmt.Fprintf(w, "| Build | Raw | Brotli | Brotli vs Go's output | Compile | Start-up | wasm-opt's time |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	var better []string
	for _, v := range vs {
		c, s := measure.Median(v.compile), measure.Median(v.work)
		cr, sr := pairedRatio(v.compile, base.compile), pairedRatio(v.work, base.work)
		opt := "—"
		if v != base {
			opt = v.optTime.Round(time.Second).String()
		}
		name := v.name
		if v == served {
			name = "**" + name + ": as served**"
		}
		fmt.Fprintf(w, "| %s | %s | %d B | %+d B | %.0f ms (%.2f×) | %.0f ms (%.2f×) | %s |\n",
			name, mb(v.raw), v.br, v.br-base.br, c, cr, s, sr, opt)
		// Worth building with: smaller at no speed cost, or faster at
		// no size cost (the "wins on both" when both hold).
		smaller, notLarger := v.br <= base.br-wasmOptSizeMargin, v.br < base.br+wasmOptSizeMargin
		noSlower, faster := cr <= wasmOptSpeedSlack && sr <= wasmOptSpeedSlack, cr <= wasmOptSpeedSlack && sr <= wasmOptSpeedWin
		if v != base && (smaller && noSlower || faster && notLarger) {
			better = append(better, v.name)
		}
	}
	fmt.Fprint(w, "\nDecision: ")
	switch {
	case len(better) == 0:
		fmt.Fprintf(w, "no level is smaller than Go's output as served (by %d KB, brotli's noise) at no speed cost (within %.0f%%), or starts faster (%.2f× or less) at no size cost, so `make web` should not run wasm-opt (the Makefile's WASM_OPT empty).", wasmOptSizeMargin/1000, 100*(wasmOptSpeedSlack-1), wasmOptSpeedWin)
	default:
		fmt.Fprintf(w, "%s is smaller than Go's output as served (by %d KB, brotli's noise) at no speed cost (within %.0f%%), or starts faster (%.2f× or less) at no size cost, so `make web` should build with it (the Makefile's WASM_OPT).", strings.Join(better, " and "), wasmOptSizeMargin/1000, 100*(wasmOptSpeedSlack-1), wasmOptSpeedWin)
	}
	switch {
	case served == nil:
		fmt.Fprintln(w, " web/app.wasm is none of these builds: build it with `make web` before `make bench`.")
	case served == base && len(better) == 0, served != base && slices.Contains(better, served.name):
		fmt.Fprintf(w, " It does: web/app.wasm is %s.\n", served.name)
	default:
		fmt.Fprintf(w, " It does not: web/app.wasm is %s. Set the Makefile's WASM_OPT.\n", served.name)
	}
}

// pairedRatio is the median over rounds of xs[i] / base[i].
func pairedRatio(xs, base []float64) float64 {
	var rs []float64
	for i := range min(len(xs), len(base)) {
		if base[i] > 0 {
			rs = append(rs, xs[i]/base[i])
		}
	}
	return measure.Median(rs)
}
