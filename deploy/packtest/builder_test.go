//go:build linux

package packtest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// builderTools are what the Dockerfile's build stage runs besides Go:
// make and the commands of the Makefile's web target.
var builderTools = []string{"sh", "make", "brotli", "gzip", "cmp", "cp", "mv", "rm", "touch", "mkdir", "wc", "cat", "env"}

// builderImage returns a local image to build the Dockerfile with
// (GO_IMAGE), made with `podman import` from this machine's own tools,
// since no image registry is reachable here to pull the Go image from.
// It holds builderTools and their libraries; Go itself, the module cache
// and the build cache are mounted at build time (imageBuildMounts).
func builderImage(t *testing.T) string {
	t.Helper()
	// The tag names the tools too: an image made for another list is
	// another image, not one that lacks a tool the build now runs.
	tools := sha256.Sum256([]byte(strings.Join(builderTools, " ")))
	name := fmt.Sprintf("localhost/poppy-packtest-builder:%s-%x", strings.TrimPrefix(runtime.Version(), "go"), tools[:4])
	if exec.Command("podman", "image", "exists", name).Run() == nil {
		return name
	}
	root := t.TempDir()
	for _, d := range []string{"tmp", "root", "usr/bin", "usr/local/go"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.Chmod(filepath.Join(root, "tmp"), 0o1777)
	// Debian's merged /usr: /bin is /usr/bin.
	if err := os.Symlink("usr/bin", filepath.Join(root, "bin")); err != nil {
		t.Fatal(err)
	}
	for _, tool := range builderTools {
		p, err := exec.LookPath(tool)
		if err != nil {
			t.Fatalf("the builder image needs %s from this machine: %v", tool, err)
		}
		files := append([]string{p}, sharedLibs(t, p)...)
		for _, f := range files {
			dst := filepath.Join(root, f)
			if strings.HasPrefix(f, "/bin/") || strings.HasPrefix(f, "/sbin/") {
				dst = filepath.Join(root, "usr", f)
			}
			copyFile(t, f, dst)
		}
		if !strings.HasPrefix(p, "/usr/bin/") && !strings.HasPrefix(p, "/bin/") {
			copyFile(t, p, filepath.Join(root, "usr/bin", tool))
		}
	}
	tar := filepath.Join(t.TempDir(), "builder.tar")
	if out, err := exec.Command("tar", "-C", root, "-cf", tar, ".").CombinedOutput(); err != nil {
		t.Fatalf("tar: %v\n%s", err, out)
	}
	cmd := exec.Command("podman", "import",
		"--change", "ENV PATH=/usr/local/go/bin:/usr/bin:/bin", "--change", "ENV HOME=/root", tar, name)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("podman import: %v\n%s", err, out)
	}
	return name
}

// imageBuildMounts lend the build stage this machine's Go toolchain and
// caches: Go at the path the builder's PATH names, the module cache
// read-only (with GOPROXY=off, no module is fetched), and the build cache,
// which `make test` filled with the same builds moments before.
func imageBuildMounts(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOROOT", "GOMODCACHE", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	v := strings.Fields(string(out))
	if len(v) != 3 {
		t.Fatalf("go env: %q", out)
	}
	return []string{
		"-v", v[0] + ":/usr/local/go:ro",
		"-v", v[1] + ":/root/go/pkg/mod:ro",
		"-v", v[2] + ":/root/.cache/go-build",
	}
}

var lddPath = regexp.MustCompile(`(/\S+)`)

// sharedLibs lists the libraries (and the loader) that bin needs.
func sharedLibs(t *testing.T, bin string) []string {
	out, err := exec.Command("ldd", bin).Output()
	if err != nil {
		return nil // a static binary: ldd exits 1
	}
	var libs []string
	for _, line := range strings.Split(string(out), "\n") {
		if m := lddPath.FindString(line); m != "" && !strings.Contains(line, "not found") {
			libs = append(libs, m)
		}
	}
	return libs
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o755); err != nil {
		t.Fatal(fmt.Errorf("builder image: %w", err))
	}
}
