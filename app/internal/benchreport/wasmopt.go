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
	"time"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/internal/wasmsize"
)

var wasmOpt = flag.Bool("wasm-opt", true, "measure binaryen's wasm-opt -Oz and -O2 against the app as served (size, compile time, start-up)")

// wasmOptLevels are the levels issue 16 asks about.
var wasmOptLevels = []string{"-Oz", "-O2"}

// wasmOptFeatures are what Go's wasm uses (bulk memory for memory.copy
// and memory.fill, sign extension, saturating conversions): binaryen
// refuses the module without them.
var wasmOptFeatures = []string{"--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals"}

// wasmOptSpeedSlack is how much slower than the app as served a level's
// compile or start-up may measure and still count as "no speed cost":
// medians of a few page loads on a shared machine move by that much.
const wasmOptSpeedSlack = 1.05

// wasmVariant is one build of the app measured by reportWasmOpt.
type wasmVariant struct {
	name          string // "as served" or the level
	dir           string // the web folder a bridge serves it from
	module        string // wasm-opt's output, packed, until it moves into dir
	raw, br       int64  // bytes: the module, and brotli's -q 11 of it
	optTime       time.Duration
	compile, work []float64 // per page load, ms: app.wasm requested → compiled; Go's main → the app's form live
}

// reportWasmOpt runs wasm-opt at each level over the app as served (its
// twin with symbols, which `make wasm-sym` builds with the same flags,
// stripped of them), packs the data as `make web` does and compresses it
// as served, then loads each build in fresh Chromium profiles, in turn,
// and writes the table and the decision to w. The decision is computed:
// a level is worth building with only if it is smaller as served and
// neither compiles nor starts slower.
func reportWasmOpt(ctx context.Context, w io.Writer) error {
	if !*wasmOpt {
		return nil
	}
	fmt.Fprintf(w, "\nwasm-opt: binaryen's optimizer at the levels of issue 16, over the app as served (`%s`, stripped), with the data packed as `make web` does (internal/wasmsize), brotli -q 11. ", symWasm)
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

	served := &wasmVariant{name: "as served (no wasm-opt)", dir: filepath.Join(tmp, "served")}
	if served.raw, served.br, err = fileSizes(filepath.Join(root, "web", "app.wasm")); err != nil {
		return err
	}
	variants := []*wasmVariant{served}
	for _, level := range wasmOptLevels {
		v := &wasmVariant{name: "wasm-opt " + level, dir: filepath.Join(tmp, level)}
		if err := buildWasmOpt(ctx, bin, level, sym, v); err != nil {
			return fmt.Errorf("wasm-opt %s: %w", level, err)
		}
		measure.Logf("wasm-opt %s: %d bytes, %d with brotli, in %v", level, v.raw, v.br, v.optTime)
		variants = append(variants, v)
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
		if v != served {
			if err := os.Rename(v.module, filepath.Join(v.dir, "app.wasm")); err != nil {
				return err
			}
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
	printWasmOpt(w, variants)
	return nil
}

// buildWasmOpt writes v's module beside v.dir and fills in its sizes.
func buildWasmOpt(ctx context.Context, bin, level, sym string, v *wasmVariant) error {
	out := v.dir + ".wasm"
	v.module = out
	args := append(append([]string{}, wasmOptFeatures...), level, "--strip-debug", "--strip-producers", sym, "-o", out)
	start := time.Now()
	if msg, err := exec.CommandContext(ctx, bin, args...).CombinedOutput(); err != nil {
		return fmt.Errorf("%v: %s", err, bytes.TrimSpace(msg))
	}
	v.optTime = time.Since(start)
	mod, err := os.ReadFile(out)
	if err != nil {
		return err
	}
	packed, err := wasmsize.PackData(mod, 64<<10) // wasmpack's gap
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, packed, 0o644); err != nil {
		return err
	}
	v.raw = int64(len(packed))
	v.br, err = brotliSize(ctx, out)
	return err
}

// fileSizes gives the module's size and its served twin's (path.br).
func fileSizes(path string) (raw, br int64, err error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, 0, err
	}
	bst, err := os.Stat(path + ".br")
	if err != nil {
		return 0, 0, fmt.Errorf("%w (`make web` writes it)", err)
	}
	return st.Size(), bst.Size(), nil
}

// brotliSize compresses as `make web` does and counts the bytes.
func brotliSize(ctx context.Context, path string) (int64, error) {
	out, err := exec.CommandContext(ctx, "brotli", "-q", "11", "-c", path).Output()
	if err != nil {
		return 0, fmt.Errorf("brotli: %w", err)
	}
	return int64(len(out)), nil
}

func printWasmOpt(w io.Writer, vs []*wasmVariant) {
	served := vs[0]
	sc, sw := measure.Median(served.compile), measure.Median(served.work)
	fmt.Fprintf(w, "Each build loaded %d times in fresh Chromium profiles, in turn; medians. Compile is app.wasm requested → compiled (streaming, download included); start-up is Go's `main` → the app's own sign-in form live (`poppy-app-signin-live`), the Go code's own work (package initialisation, the first renders).\n\n", len(served.compile))
	fmt.Fprintf(w, "| Build | Raw | Brotli | Brotli vs served | Compile | Start-up | wasm-opt's time |\n| --- | --- | --- | --- | --- | --- | --- |\n")
	var better []string
	allLarger := true
	for _, v := range vs {
		c, s := measure.Median(v.compile), measure.Median(v.work)
		opt := "—"
		if v != served {
			opt = v.optTime.Round(time.Second).String()
		}
		fmt.Fprintf(w, "| %s | %s | %d B | %+d B | %.0f ms (%.2f×) | %.0f ms (%.2f×) | %s |\n",
			v.name, mb(v.raw), v.br, v.br-served.br, c, c/sc, s, s/sw, opt)
		if v != served && v.br < served.br {
			allLarger = false
		}
		if v != served && v.br < served.br && c <= sc*wasmOptSpeedSlack && s <= sw*wasmOptSpeedSlack {
			better = append(better, v.name)
		}
	}
	if len(better) == 0 {
		fmt.Fprintf(w, "\nDecision: no level is smaller as served at no speed cost (within %.0f%%), so `make web` does not run wasm-opt (the Makefile's WASM_OPT is empty).", 100*(wasmOptSpeedSlack-1))
		if allLarger {
			fmt.Fprint(w, " Every level is larger as served, though smaller raw: brotli finds fewer repeats in binaryen's code than in the Go compiler's regular output.")
		}
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "\nDecision: %v is smaller as served at no speed cost (within %.0f%%): build with it (`make web WASM_OPT=LEVEL`, then set the Makefile's default).\n", better, 100*(wasmOptSpeedSlack-1))
}
