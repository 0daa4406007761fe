//go:build unix

package dovecottest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/poppymail/poppy/internal/harness"
)

// errNotInstalled is why Start skips, or fails under CI.
var errNotInstalled = errors.New("dovecottest: dovecot is not installed; run `make test`, which installs it (.ci/install-deps dovecot-pop3d)")

// sbinPaths are where packages put dovecot. They are tried after PATH
// because /usr/sbin is often not on a non-root user's PATH.
var sbinPaths = []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot", "/opt/homebrew/sbin/dovecot"}

// findDovecot returns the path and version of the dovecot binary, and
// whether it takes the 2.4 configuration syntax. Only a missing binary
// returns errNotInstalled; any other error means a Dovecot is there that
// the harness cannot run, which must fail a test, never skip it.
func findDovecot() (path string, v version, syntax24 bool, err error) {
	path, err = exec.LookPath("dovecot")
	if err != nil {
		for _, p := range sbinPaths {
			if fi, statErr := os.Stat(p); statErr == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
				path, err = p, nil
				break
			}
		}
	}
	if err != nil {
		return "", version{}, false, errNotInstalled
	}
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return "", version{}, false, fmt.Errorf("dovecottest: %s --version: %w", path, err)
	}
	if v, err = parseVersion(string(out)); err != nil {
		return "", v, false, err
	}
	if syntax24, err = v.syntax24(path); err != nil {
		return "", v, false, err
	}
	return path, v, syntax24, nil
}

// unavailable ends a test whose Dovecot is not installed: a skip, or a
// failure under CI (harness.Unavailable).
func unavailable(t testing.TB, err error) {
	t.Helper()
	harness.Unavailable(t, err)
}

// cannotRun ends t after findDovecot failed: a Dovecot that is not
// installed skips (see unavailable); one that is installed but cannot be
// run, such as an unsupported version, fails with or without CI.
func cannotRun(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, errNotInstalled) {
		unavailable(t, err)
		return
	}
	t.Fatal(err)
}
