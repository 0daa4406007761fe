//go:build unix

package deploytest

import (
	"os"
	"testing"
)

// TestMain removes the bridge binary that the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}
