//go:build unix

package packtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/poppymail/poppy/internal/harness"
)

// exposureThreshold is the highest `systemd-analyze security` exposure
// (tenths, 0 to 100) the unit may have; it is at 1.2 ("OK").
const exposureThreshold = "15"

// TestSystemdUnit checks deploy/systemd/poppy-bridge.service with
// systemd's own tools: `verify` finds no unknown or malformed setting
// (it exits 0 on those, so any output fails the test; a copy with a bad
// key shows that it would), and `security` rates the sandbox at or below
// exposureThreshold. The unit's ExecStart is pointed at the bridge this
// test built, since verify checks that the program exists.
func TestSystemdUnit(t *testing.T) {
	if testing.Short() {
		t.Skip("runs systemd-analyze (-short)")
	}
	if _, err := exec.LookPath("systemd-analyze"); err != nil {
		harness.Unavailable(t, err)
	}
	b, err := os.ReadFile(filepath.Join(repoRoot(), "deploy", "systemd", "poppy-bridge.service"))
	if err != nil {
		t.Fatal(err)
	}
	const exec0 = "ExecStart=/usr/local/bin/poppy-bridge\n"
	if !strings.Contains(string(b), exec0) {
		t.Fatalf("the unit no longer says %q", exec0)
	}
	unit := strings.Replace(string(b), exec0, "ExecStart="+bridgeBin+"\n", 1)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("poppy-bridge.service", unit)
	bad := write("poppy-bad.service", strings.Replace(unit, "ProtectSystem=strict", "ProtectSystem=stricter", 1))

	if out, err := exec.Command("systemd-analyze", "verify", bad).CombinedOutput(); err == nil && len(out) == 0 {
		t.Fatal("systemd-analyze verify says nothing about ProtectSystem=stricter: it cannot check the unit")
	}
	if out, err := exec.Command("systemd-analyze", "verify", good).CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
	if out, err := exec.Command("systemd-analyze", "security", "--offline=true", "--threshold="+exposureThreshold, good).CombinedOutput(); err != nil {
		t.Errorf("systemd-analyze security: exposure above %s (%v):\n%s", exposureThreshold, err, out)
	}
}
