//go:build unix

package oidctest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// Time limits. Hydra with its in-memory database is ready in about a
// second; the limits are for a loaded CI machine.
const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
	startTries   = 3
)

// Provider is a running Hydra and its login and consent app. Its fields
// are set by Start and must not be changed.
type Provider struct {
	// Issuer is the public URL: discovery
	// (Issuer+"/.well-known/openid-configuration"), authorization, token
	// and revocation endpoints.
	Issuer string
	// AdminURL is Hydra's admin API, which must never face a browser:
	// clients, login and consent, introspection.
	AdminURL string
	// AppURL serves the login and consent pages.
	AppURL string

	t       testing.TB
	opts    *Options
	dir     string
	logPath string
	app     *httptest.Server
	http    *http.Client

	cmd       *exec.Cmd
	done      chan struct{}
	closeOnce sync.Once
}

// Start runs a provider for t and stops it when t ends. Without a hydra
// binary it skips t, or fails it under CI. Hydra's output is attached to
// t's log when t fails. Call it from the test's goroutine.
func Start(t testing.TB, opts *Options) *Provider {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Ory Hydra: skipped by -short (make check); make test runs it")
	}
	bin, err := findHydra()
	if err != nil {
		harness.Unavailable(t, err)
	}
	p := &Provider{t: t, opts: opts, dir: t.TempDir(), http: &http.Client{Timeout: 10 * time.Second}}
	p.logPath = filepath.Join(p.dir, "hydra.log")
	p.app = httptest.NewServer(p.appHandler())
	p.AppURL = p.app.URL
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("oidctest: Hydra's output (%s):\n%s", p.logPath, harness.LogText(p.logPath, "", "hydra"))
		}
	})
	t.Cleanup(p.app.Close)
	t.Cleanup(p.Close)
	for try := 1; ; try++ {
		err = p.start(bin)
		if err == nil {
			return p
		}
		p.stop()
		if try == startTries {
			t.Fatal(err)
		}
		// Most likely a port was taken between FreePorts and Hydra's
		// bind: try others.
		t.Logf("oidctest: try %d: %v", try, err)
	}
}

func (p *Provider) start(bin string) error {
	ports, err := harness.FreePorts(2)
	if err != nil {
		return err
	}
	p.Issuer = "http://127.0.0.1:" + strconv.Itoa(ports[0])
	p.AdminURL = "http://127.0.0.1:" + strconv.Itoa(ports[1])
	conf, err := hydraConfig(ports[0], ports[1], p.AppURL, p.opts)
	if err != nil {
		return err
	}
	confPath := filepath.Join(p.dir, "hydra.yaml")
	if err := os.WriteFile(confPath, conf, 0o600); err != nil {
		return fmt.Errorf("oidctest: %w", err)
	}
	out, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("oidctest: %w", err)
	}
	defer out.Close()
	// --dev allows the plain-HTTP issuer on loopback; --sqa-opt-out keeps
	// Hydra from trying to send usage statistics.
	cmd := exec.Command(bin, "serve", "all", "--dev", "--sqa-opt-out", "-c", confPath)
	cmd.Env = append(os.Environ(), "DSN=memory")
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = harness.SysProcAttr()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("oidctest: start %s: %w", bin, err)
	}
	p.cmd = cmd
	p.done = make(chan struct{})
	go func(done chan struct{}) {
		_ = cmd.Wait()
		close(done)
	}(p.done)
	return p.waitReady()
}

// waitReady polls Hydra's readiness endpoint, which answers 200 once the
// database is migrated and both listeners serve.
func (p *Provider) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.AdminURL+"/health/ready", nil)
		if resp, err := p.http.Do(req); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p.publicReady(ctx)
			}
		}
		select {
		case <-p.done:
			return fmt.Errorf("oidctest: hydra exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("oidctest: hydra was not ready within %v", readyTimeout)
		case <-tick.C:
		}
	}
}

// publicReady checks that discovery answers on the public port too.
func (p *Provider) publicReady(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.Issuer+"/.well-known/openid-configuration", nil)
	resp, err := p.http.Do(req)
	if err != nil {
		return fmt.Errorf("oidctest: discovery: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("oidctest: discovery: %s", resp.Status)
	}
	return nil
}

// Close stops Hydra. It is registered with t.Cleanup.
func (p *Provider) Close() { p.closeOnce.Do(p.stop) }

func (p *Provider) stop() {
	if p.cmd == nil {
		return
	}
	pgid := p.cmd.Process.Pid
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
	}
	if err := harness.KillGroup(pgid, p.done, stopTimeout); err != nil {
		p.t.Errorf("oidctest: %v", err)
	}
	p.cmd = nil
}
