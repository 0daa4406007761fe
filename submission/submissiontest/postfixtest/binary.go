//go:build unix

package postfixtest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/poppymail/poppy/internal/harness"
)

// errNotInstalled is why Start skips, or fails under CI.
var errNotInstalled = errors.New("postfixtest: postfix is not installed; run `make test`, which installs it (.ci/install-deps postfix dovecot-lmtpd)")

// errNotRoot is why Start skips as another user, or fails under CI.
var errNotRoot = errors.New("postfixtest: Postfix's master runs only as root; run the tests as root (as `make test` in CI does)")

// sbinPaths are where packages put postconf, tried after PATH because
// /usr/sbin is often not on a non-root user's PATH.
var sbinPaths = []string{"/usr/sbin/postconf", "/usr/local/sbin/postconf"}

// findPostconf returns the path of postconf, Postfix's configuration
// tool, which tells the version and where the master lives.
func findPostconf() (string, error) {
	if p, err := exec.LookPath("postconf"); err == nil {
		return p, nil
	}
	for _, p := range sbinPaths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", errNotInstalled
}

// UnsupportedVersionError reports a Postfix older than the settings the
// harness writes (compatibility_level 3.6, smtpd_tls_chain_files and
// maillog_file need 3.6). Start fails with it, with or without CI:
// Postfix is there, so a skip would hide that the tests did not run.
type UnsupportedVersionError struct {
	Version string // mail_version
}

func (e *UnsupportedVersionError) Error() string {
	return fmt.Sprintf("postfixtest: Postfix %s is too old: the harness writes configurations for Postfix 3.6 or later; install a newer postfix", e.Version)
}

// installation is what postconf says about the installed Postfix.
type installation struct {
	version   string
	daemonDir string // where master and the daemons live
}

// inspect asks postconf, reading confDir's main.cf, for the version and
// the daemon directory, and checks that the master is there.
func inspect(postconf, confDir string) (installation, error) {
	// Stdout only: postconf warns on stderr about the master.cf that is
	// written later, with the ports.
	cmd := exec.Command(postconf, "-c", confDir, "-h", "mail_version", "daemon_directory")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return installation{}, fmt.Errorf("postfixtest: %s -c %s: %w: %s", postconf, confDir, err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		return installation{}, fmt.Errorf("postfixtest: postconf printed %q, want the version and the daemon directory", out)
	}
	in := installation{version: strings.TrimSpace(lines[0]), daemonDir: strings.TrimSpace(lines[1])}
	if !atLeast(in.version, 3, 6) {
		return installation{}, &UnsupportedVersionError{Version: in.version}
	}
	if _, err := os.Stat(filepath.Join(in.daemonDir, "master")); err != nil {
		return installation{}, fmt.Errorf("postfixtest: Postfix's master is missing (reinstall postfix): %w", err)
	}
	return in, nil
}

// atLeast reports whether the version v ("3.7.11") is major.minor or
// later.
func atLeast(v string, major, minor int) bool {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return false
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(parts[1])
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || (ma == major && mi >= minor)
}

// cannotRun ends t after a check failed: what is not installed, or a
// user who is not root, skips (fails under CI, see harness.Unavailable);
// anything else is a Postfix that is there and does not work, which
// fails with or without CI.
func cannotRun(t testing.TB, err error) {
	t.Helper()
	if errors.Is(err, errNotInstalled) || errors.Is(err, errNotRoot) {
		harness.Unavailable(t, err)
		return
	}
	t.Fatal(err)
}
