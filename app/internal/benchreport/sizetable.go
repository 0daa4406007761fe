//go:build !js

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/wasmsize"
)

// symWasm is app.wasm's twin with its name section, which `make bench`
// builds (`make wasm-sym`) with the same flags as the app as served.
const symWasm = ".bin/app.sym.wasm"

// sizeTableRows is how many packages the table lists.
const sizeTableRows = 25

// printSizeTable writes where app.wasm's code goes, by Go package: the
// table to read before cutting (docs/architecture.md, Conventions).
// Without a fresh twin it says how to get one rather than failing the
// report.
func printSizeTable(b *strings.Builder) {
	root, err := browsertest.RepoRoot()
	if err != nil {
		fmt.Fprintf(b, "\nSize by package: %v\n", err)
		return
	}
	rows, m, err := sizeByPackage(root)
	if err != nil {
		fmt.Fprintf(b, "\nSize by package: not measured (%v); `make bench` builds %s with `make wasm-sym`.\n", err, symWasm)
		return
	}
	code := m.CodeSize()
	fmt.Fprintf(b, "\nSize by package: the function bodies of app.wasm (raw, before brotli) summed by Go package, from `%s` (the same build with its symbols, `make wasm-sym`). "+
		"Code is %s of the module, data %s (the runtime's tables, types and strings, which carry no names; `make web` merges its segments), the %d largest of %d packages:\n\n",
		symWasm, mb(int64(code)), mb(int64(m.DataSize)), min(sizeTableRows, len(rows)), len(rows))
	fmt.Fprintf(b, "| Package | Functions | Code | Share of code |\n| --- | --- | --- | --- |\n")
	for _, r := range rows[:min(sizeTableRows, len(rows))] {
		fmt.Fprintf(b, "| `%s` | %d | %d KB | %.1f%% |\n", r.Package, r.Funcs, r.Size/1000, 100*float64(r.Size)/float64(code))
	}
}

// sizeByPackage reads the twin and lists the packages of the app's
// build. The twin must be newer than web/app.wasm, or it may describe
// another program.
func sizeByPackage(root string) ([]wasmsize.PackageSize, *wasmsize.Module, error) {
	sym := filepath.Join(root, symWasm)
	st, err := os.Stat(sym)
	if err != nil {
		return nil, nil, err
	}
	if app, err := os.Stat(filepath.Join(root, "web", "app.wasm")); err == nil && st.ModTime().Before(app.ModTime()) {
		return nil, nil, fmt.Errorf("%s is older than web/app.wasm", symWasm)
	}
	mod, err := os.ReadFile(sym)
	if err != nil {
		return nil, nil, err
	}
	m, err := wasmsize.Parse(mod)
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command("go", "list", "-deps", "./app")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list -deps ./app: %w", err)
	}
	return wasmsize.ByPackage(m.Funcs, strings.Fields(string(out))), m, nil
}
