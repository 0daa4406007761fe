//go:build !js

package browsertest

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/poppymail/poppy/internal/harness"
)

// Module is the module path of the repository the harness belongs to.
const Module = "github.com/poppymail/poppy"

// DefaultChromium is Debian's Chromium, which `make test` installs.
const DefaultChromium = "/usr/bin/chromium"

var rootOnce struct {
	sync.Once
	dir string
	err error
}

// RepoRoot returns the directory of the repository's go.mod: it walks up
// from the working directory (a test runs in its package directory), and
// falls back to `go env GOMOD`.
func RepoRoot() (string, error) {
	rootOnce.Do(func() { rootOnce.dir, rootOnce.err = findRoot() })
	return rootOnce.dir, rootOnce.err
}

func findRoot() (string, error) {
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; {
			if isRoot(dir) {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	goBin, err := harness.GoCommand()
	if err != nil {
		return "", err
	}
	out, err := exec.Command(goBin, "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("browsertest: go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull || !isRoot(filepath.Dir(mod)) {
		return "", fmt.Errorf("browsertest: not inside the %s module (go env GOMOD = %q)", Module, mod)
	}
	return filepath.Dir(mod), nil
}

// isRoot reports whether dir holds the go.mod of Module.
func isRoot(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "go.mod"))
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if fields := strings.Fields(sc.Text()); len(fields) == 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == Module
		}
	}
	return false
}

// ChromiumPath returns the browser to run: $CHROMIUM_BIN (the variable
// .ci/chromium-wrapper also reads) or DefaultChromium. It must be the
// browser itself, not a wrapper, since the harness passes its own flags.
func ChromiumPath() (string, error) {
	p := os.Getenv("CHROMIUM_BIN")
	if p == "" {
		p = DefaultChromium
	}
	fi, err := os.Stat(p)
	if err != nil {
		return "", fmt.Errorf("browsertest: Chromium not found at %s", p)
	}
	if fi.IsDir() || fi.Mode()&0o111 == 0 {
		return "", fmt.Errorf("browsertest: %s is not an executable", p)
	}
	return p, nil
}

// WebDir returns the repository's web/ folder, and an error if the app is
// not built there (web/app.wasm, wasm_exec.js, the root store and the
// compressed twins that the bridge serves).
func WebDir() (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "web")
	for _, name := range []string{"app.wasm", "app.wasm.br", "app.wasm.gz", "wasm_exec.js", "roots.pem"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			return dir, fmt.Errorf("browsertest: web/%s is missing (run `make web`)", name)
		}
	}
	return dir, nil
}

// Prerequisites returns what is missing to run the browser tests, or nil.
func Prerequisites() error {
	var errs []error
	if _, err := RepoRoot(); err != nil {
		return err
	}
	if _, err := ChromiumPath(); err != nil {
		errs = append(errs, err)
	}
	if _, err := WebDir(); err != nil {
		errs = append(errs, err)
	}
	if _, err := harness.GoCommand(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}
