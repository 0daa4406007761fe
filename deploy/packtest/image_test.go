//go:build linux

package packtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// imageBudget bounds the image build and start, so that the check stays
// a small part of `make test`.
const imageBudget = 3 * time.Minute

// TestImage builds the Dockerfile with podman and runs the image as
// `docker run -p 8080:8080` would, on a free loopback port instead, and
// checks the demo through it: the page, app.wasm, a POP3 session through
// the relay, and the image's HEALTHCHECK.
//
// What this machine needs, as found on it (the issue tells the story):
//   - no image can be pulled, so the builder is a local image of this
//     machine's own tools (builderImage) with Go and its caches mounted;
//   - podman's runtimes (crun, runc) set the container's RLIMIT_NOFILE and
//     RLIMIT_NPROC to podman's defaults, above this sandbox's hard limits,
//     and setrlimit fails ("operation not permitted"); --ulimit host
//     fails the same way. Explicit limits at or below the test's own work
//     (containerLimits);
//   - podman runs HEALTHCHECKs on a timer through systemd, which this
//     machine lacks, so the test runs the check itself
//     (`podman healthcheck run`).
func TestImage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the container image (-short)")
	}
	if _, err := exec.LookPath("podman"); err != nil {
		harness.Unavailable(t, fmt.Errorf("podman is not installed (make deps-test): %w", err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), imageBudget)
	defer cancel()
	image := fmt.Sprintf("localhost/poppy-packtest:%d", os.Getpid())
	build := append([]string{"build", "--format", "docker", "--layers=false", "-t", image,
		"--build-arg", "GO_IMAGE=" + builderImage(t),
		"--build-arg", "GOPROXY=off",
		"--build-arg", "GOFLAGS=-buildvcs=false"},
		imageBuildMounts(t)...)
	start := time.Now()
	podman(t, ctx, append(build, repoRoot())...)
	t.Cleanup(func() { exec.Command("podman", "rmi", "-f", image).Run() })
	t.Logf("image built in %v", time.Since(start).Round(time.Second))

	// The image is what the Dockerfile promises.
	cfg := podman(t, ctx, "image", "inspect", "--format", "{{.Config.User}} {{.Size}} {{json .Config.Healthcheck.Test}}", image)
	var user, test string
	var size int64
	if _, err := fmt.Sscan(cfg, &user, &size, &test); err != nil {
		t.Fatalf("image inspect %q: %v", cfg, err)
	}
	if user != "65532:65532" || size > 64<<20 || !strings.Contains(test, "healthcheck") {
		t.Errorf("image: user %q, %d bytes, HEALTHCHECK %s; want 65532:65532, under 64 MiB, bridge healthcheck", user, size, test)
	}

	ports, err := harness.FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", ports[0])
	name := fmt.Sprintf("poppy-packtest-%d", os.Getpid())
	run := append([]string{"run", "-d", "--name", name}, containerLimits()...)
	podman(t, ctx, append(run,
		"-p", fmt.Sprintf("127.0.0.1:%d:8080", ports[0]),
		// The page's origin is the published port, not the bridge's own.
		"-e", "POPPY_PUBLIC_NAME="+base,
		image)...)
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := exec.Command("podman", "logs", name).CombinedOutput()
			t.Logf("container output:\n%s", out)
		}
		exec.Command("podman", "rm", "-f", "-t", "5", name).Run()
	})
	waitHealthy(t, ctx, base+"/healthz")

	resp, body := get(t, base+"/", nil)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `src="/app.js"`) {
		t.Errorf("GET /: %s, want the app's page:\n%.300s", resp.Status, body)
	}
	resp, body = get(t, base+"/web/app.wasm", http.Header{"Accept-Encoding": {"br"}})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/wasm" || resp.Header.Get("Content-Encoding") != "br" || len(body) == 0 {
		t.Errorf("GET /web/app.wasm: %s, %q, Content-Encoding %q, %d bytes", resp.Status, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Encoding"), len(body))
	}
	if n, refused := demoSession(t, base+"/", base); n < 1 {
		t.Errorf("demo session through the container's relay: refused with HTTP %d", refused)
	}
	if out, err := exec.CommandContext(ctx, "podman", "healthcheck", "run", name).CombinedOutput(); err != nil {
		t.Errorf("podman healthcheck run: %v\n%s", err, out)
	}
}

// containerLimits are --ulimit flags at or below this process's own hard
// limits (at most 4096, plenty for a test), which a runtime without
// CAP_SYS_RESOURCE can set; see TestImage.
func containerLimits() []string {
	var flags []string
	for _, l := range []struct {
		name     string
		resource int
	}{{"nofile", syscall.RLIMIT_NOFILE}, {"nproc", 6 /* RLIMIT_NPROC, which package syscall does not name */}} {
		n := uint64(4096)
		var r syscall.Rlimit
		if syscall.Getrlimit(l.resource, &r) == nil && r.Max < n {
			n = r.Max
		}
		v := strconv.FormatUint(n, 10)
		flags = append(flags, "--ulimit", l.name+"="+v+":"+v)
	}
	return flags
}

// podman runs a podman command and returns its standard output.
func podman(t *testing.T, ctx context.Context, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(ctx, "podman", args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			t.Fatalf("podman %s: over the check's budget of %v:\n%s", args[0], imageBudget, stderr.String())
		}
		t.Fatalf("podman %s: %v\n%s%s", strings.Join(args, " "), err, out, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// waitHealthy polls url until it answers 200.
func waitHealthy(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	for {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
			err = errors.New(resp.Status)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s: %v (%v)", url, err, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}
