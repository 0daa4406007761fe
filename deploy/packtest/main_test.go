//go:build unix

package packtest

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/poppymail/poppy/internal/harness"
)

// bridgeBin is the bridge built as the Dockerfile's build stage builds
// it (dockerBuildFlags), so that what these tests run outside a
// container is the image's binary.
var bridgeBin string

// dockerBuildFlags are the Dockerfile's `go build` flags; TestDockerfile
// checks that the Dockerfile still says so.
const dockerBuildFlags = `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bridge ./bridge`

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "poppy-packtest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := func() int {
		defer os.RemoveAll(dir)
		if !testing.Short() {
			bin, err := harness.BuildBridge(context.Background(), dir, &harness.BuildOptions{
				Flags: []string{"-trimpath", "-ldflags=-s -w"},
				Env:   []string{"CGO_ENABLED=0"},
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, "packtest:", err)
				return 1
			}
			bridgeBin = bin
		}
		return m.Run()
	}()
	os.Exit(code)
}

// repoRoot is the repository's root, two folders up from this file.
func repoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// TestDockerfile holds the Dockerfile to the build that these tests run
// outside a container.
func TestDockerfile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(repoRoot(), "Dockerfile"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"make -o deps-web web",
		dockerBuildFlags,
		"FROM scratch",
		"USER 65532:65532",
		"POPPY_LISTEN=0.0.0.0:8080",
		`HEALTHCHECK`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("the Dockerfile no longer says %q, which deploy/packtest relies on", want)
		}
	}
}
