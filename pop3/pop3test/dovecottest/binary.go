//go:build unix

package dovecottest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// errNotInstalled is why Start skips, or fails under CI.
var errNotInstalled = errors.New("dovecottest: dovecot is not installed; run `make test`, which installs it (.ci/install-deps dovecot-pop3d)")

// sbinPaths are where packages put dovecot. They are tried after PATH
// because /usr/sbin is often not on a non-root user's PATH.
var sbinPaths = []string{"/usr/sbin/dovecot", "/usr/local/sbin/dovecot", "/opt/homebrew/sbin/dovecot"}

// findDovecot returns the path and version of the dovecot binary.
func findDovecot() (path, version string, err error) {
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
		return "", "", errNotInstalled
	}
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return "", "", fmt.Errorf("dovecottest: %s --version: %w", path, err)
	}
	version = strings.TrimSpace(string(out))
	// The generated configuration uses 2.3 setting names; 2.4 renamed
	// many of them (disable_plaintext_auth, ssl_cert, mail_location...).
	if !strings.HasPrefix(version, "2.3.") {
		return "", "", fmt.Errorf("dovecottest: %s is Dovecot %s; the harness writes a Dovecot 2.3 configuration", path, version)
	}
	return path, version, nil
}

// unavailable ends a test that cannot have its Dovecot. Under CI it fails:
// CI installs Dovecot, so a missing one is a broken setup, and a run that
// skipped every interop test would pass while proving nothing.
func unavailable(t testing.TB, err error) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatal(err)
	} else {
		t.Skip(err)
	}
}
