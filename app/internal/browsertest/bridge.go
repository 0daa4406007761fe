//go:build !js

package browsertest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

var build struct {
	sync.Once
	dir, path string
	err       error
}

// BuildBridge builds the bridge binary (`go build ./bridge` in the
// repository root) into a temporary folder, once per process, and returns
// its path. RemoveBuilds deletes the folder; a test binary calls it from
// TestMain through Main.
func BuildBridge() (string, error) {
	build.Do(func() {
		dir, err := os.MkdirTemp("", "poppy-browsertest-")
		if err != nil {
			build.err = err
			return
		}
		build.dir = dir
		build.path, build.err = harness.BuildBridge(context.Background(), dir, nil)
	})
	return build.path, build.err
}

// RemoveBuilds deletes what BuildBridge built.
func RemoveBuilds() {
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
}

// BridgeConfig says how to start a bridge.
type BridgeConfig struct {
	// Targets are -target values, NAME=HOST:PORT/SECURITY.
	Targets []string
	// Demo serves the demo mailbox (testdata/demo) as target "demo".
	Demo bool
	// Args are more flags, appended last (they win).
	Args []string
	// Log, if set, receives the bridge's output (stdout and stderr) as
	// it is written, besides the copy that Bridge.Output keeps.
	Log io.Writer
	// Listen is the -listen address. Empty means "127.0.0.1:0", a free
	// loopback port. A fixed address lets a test start a bridge again
	// where the last one was (see Bridge.Restart): the page's origin, and
	// with it the service worker and the storage, stays the same.
	Listen string
	// WebDir is the -web-dir folder, the built app to serve. Empty means
	// the repository's web/ folder.
	WebDir string
}

// Bridge is a running bridge subprocess.
type Bridge struct {
	// URL is the page to open, "http://127.0.0.1:PORT/".
	URL string
	// Addr is the address the bridge listens on, "127.0.0.1:PORT": give
	// it as BridgeConfig.Listen to start another bridge in its place.
	Addr string

	cfg    BridgeConfig
	cmd    *exec.Cmd
	out    *syncBuffer
	exited chan struct{}
	err    error // Wait's result, valid after exited is closed
	stop   sync.Once
}

// StartBridge builds the bridge if needed and starts it, by default on a
// free loopback port with -web-dir set to the repository's web/ folder
// (see BridgeConfig.Listen and WebDir). It returns once the bridge
// printed its listening line and /healthz answered.
//
// On a fixed port it tries again for a few seconds while the port is in
// use, which covers a bridge that has only just stopped there.
func StartBridge(ctx context.Context, cfg BridgeConfig) (*Bridge, error) {
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	retryUntil := time.Now().Add(5 * time.Second)
	for {
		b, err := startBridge(ctx, cfg)
		var inUse *addrInUseError
		if err == nil || !errors.As(err, &inUse) || time.Now().After(retryUntil) {
			return b, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// addrInUseError is a bridge that exited because its -listen address was
// taken.
type addrInUseError struct {
	addr string
	err  error
}

func (e *addrInUseError) Error() string {
	return fmt.Sprintf("browsertest: the bridge could not listen on %s, which is in use: %v", e.addr, e.err)
}

func (e *addrInUseError) Unwrap() error { return e.err }

func startBridge(ctx context.Context, cfg BridgeConfig) (*Bridge, error) {
	bin, err := BuildBridge()
	if err != nil {
		return nil, err
	}
	root, err := RepoRoot()
	if err != nil {
		return nil, err
	}
	listen := cfg.Listen
	if listen == "" {
		listen = "127.0.0.1:0" // the bridge prints the port it got
	}
	web := cfg.WebDir
	if web == "" {
		web = filepath.Join(root, "web")
	}
	args := []string{
		"-listen", listen,
		"-web-dir", web,
		"-shutdown-timeout", "2s",
	}
	if cfg.Demo {
		args = append(args, "-demo", "-demo-dir", filepath.Join(root, "testdata", "demo"))
	} else {
		args = append(args, "-demo=false")
	}
	for _, t := range cfg.Targets {
		args = append(args, "-target", t)
	}
	args = append(args, cfg.Args...)

	cmd := exec.Command(bin, args...)
	cmd.Dir = root
	// Every flag has a POPPY_* variable; the caller's environment must not
	// change the bridge under test.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "POPPY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	dieWithParent(cmd)
	b := &Bridge{cfg: cfg, cmd: cmd, out: &syncBuffer{}, exited: make(chan struct{})}
	var sink io.Writer = b.out
	if cfg.Log != nil {
		sink = io.MultiWriter(b.out, cfg.Log)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	cmd.Stderr = sink
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("browsertest: start bridge: %w", err)
	}
	urls := make(chan string, 1)
	copied := make(chan struct{})
	go func() {
		defer close(copied)
		const prefix = "Poppy bridge listening on "
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(sink, line)
			if u, ok := strings.CutPrefix(line, prefix); ok {
				select {
				case urls <- strings.TrimSpace(u):
				default:
				}
			}
		}
		io.Copy(sink, stdout)
	}()
	go func() {
		<-copied // Wait closes the pipe: read it to the end first
		b.err = cmd.Wait()
		close(b.exited)
	}()

	select {
	case b.URL = <-urls:
	case <-b.exited:
		out := b.out.String()
		err := fmt.Errorf("browsertest: the bridge exited before listening (%v):\n%s", b.err, out)
		if strings.Contains(out, "address already in use") {
			return nil, &addrInUseError{addr: listen, err: err}
		}
		return nil, err
	case <-ctx.Done():
		b.Stop()
		return nil, fmt.Errorf("browsertest: the bridge did not start listening: %w\n%s", ctx.Err(), b.out.String())
	}
	u, err := url.Parse(b.URL)
	if err != nil || u.Host == "" {
		b.Stop()
		return nil, fmt.Errorf("browsertest: the bridge printed an unusable URL %q", b.URL)
	}
	b.Addr = u.Host
	if err := b.waitHealthy(ctx); err != nil {
		b.Stop()
		return nil, err
	}
	return b, nil
}

// Config returns the configuration b was started with, Listen set to
// b.Addr: StartBridge(ctx, b.Config()) starts its like in its place once
// b stopped.
func (b *Bridge) Config() BridgeConfig {
	c := b.cfg
	c.Listen = b.Addr
	return c
}

// Restart stops b and starts a bridge with the same configuration on the
// same address, so the page keeps its origin.
func (b *Bridge) Restart(ctx context.Context) (*Bridge, error) {
	if err := b.Stop(); err != nil {
		return nil, err
	}
	return StartBridge(ctx, b.Config())
}

func (b *Bridge) waitHealthy(ctx context.Context) error {
	u := strings.TrimSuffix(b.URL, "/") + "/healthz"
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = errors.New(resp.Status)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("browsertest: %s: %v (%w)\n%s", u, err, ctx.Err(), b.out.String())
		case <-b.exited:
			return fmt.Errorf("browsertest: the bridge exited (%v):\n%s", b.err, b.out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Output returns what the bridge printed so far.
func (b *Bridge) Output() string { return b.out.String() }

// Stopped reports whether the bridge process has ended.
func (b *Bridge) Stopped() bool {
	select {
	case <-b.exited:
		return true
	default:
		return false
	}
}

// Stop ends the bridge with SIGTERM (its graceful shutdown), waits for it,
// and kills it if it is still running after 10 s. It returns the exit
// error, if the bridge failed other than by the signal.
func (b *Bridge) Stop() error {
	b.stop.Do(func() {
		_ = b.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-b.exited:
		case <-time.After(10 * time.Second):
			_ = b.cmd.Process.Kill()
			<-b.exited
		}
	})
	var ee *exec.ExitError
	if errors.As(b.err, &ee) && !ee.Exited() {
		return nil // ended by a signal
	}
	return b.err
}

// syncBuffer is a bytes.Buffer safe for concurrent writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
