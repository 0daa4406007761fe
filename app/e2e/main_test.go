//go:build !js

package e2e

import (
	"os"
	"testing"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

func TestMain(m *testing.M) {
	os.Exit(browsertest.Main(m))
}
