//go:build unix

package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// haproxyProc is Debian's HAProxy in a process of its own, in front of the
// replicas: round robin, health checks on /healthz, the WebSocket upgrade
// passed through as a tunnel and X-Forwarded-For added (the replicas trust
// it), without TLS, so that the figure is HAProxy's hop and not a
// handshake.
type haproxyProc struct {
	cmd     *exec.Cmd
	addr    string
	dir     string
	version string
	stderr  *tailBuffer
}

// haproxyConfig is the configuration the bench runs HAProxy with.
func haproxyConfig(listen string, backends []string, maxconn int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `global
	maxconn %d

defaults
	mode http
	option forwardfor
	timeout connect 5s
	timeout client 60s
	timeout server 60s
	timeout tunnel 1h

frontend poppy
	bind %s
	maxconn %d
	default_backend bridges

backend bridges
	balance roundrobin
	option httpchk GET /healthz
	http-check expect status 200
`, maxconn, listen, maxconn)
	for i, a := range backends {
		fmt.Fprintf(&b, "\tserver bridge%d %s check inter 2s maxconn %d\n", i+1, a, maxconn)
	}
	return b.String()
}

// startHAProxy runs HAProxy in front of backends, allowing maxconn
// connections (HAProxy raises its own open-file limit to match when it
// runs as root; otherwise it needs `ulimit -n` of about 2 × maxconn).
func startHAProxy(backends []string, maxconn int) (*haproxyProc, error) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		return nil, fmt.Errorf("haproxy is not installed; run `.ci/install-deps haproxy` (Debian package haproxy): %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "poppy-bench-haproxy-")
	if err != nil {
		return nil, err
	}
	h := &haproxyProc{addr: "127.0.0.1:" + strconv.Itoa(port), dir: dir, stderr: &tailBuffer{max: 4096}, version: debianVersion("haproxy")}
	cfg := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(cfg, []byte(haproxyConfig(h.addr, backends, maxconn)), 0o644); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// -db: stay in the foreground; -W is not needed (no reloads).
	h.cmd = exec.Command(bin, "-db", "-f", cfg)
	h.cmd.Stdout = h.stderr
	h.cmd.Stderr = h.stderr
	h.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := h.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// Ready when a bridge answers /healthz through it.
	client := &http.Client{Timeout: time.Second}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := client.Get("http://" + h.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h, nil
			}
		}
		if time.Now().After(deadline) {
			h.Close()
			return nil, fmt.Errorf("haproxy on %s did not pass /healthz to a bridge in 15 s: %s", h.addr, h.stderr)
		}
	}
}

func (h *haproxyProc) pid() int { return h.cmd.Process.Pid }

// Close ends HAProxy (SIGTERM stops it at once; SIGUSR1 would wait for
// the tunnels) and removes its configuration.
func (h *haproxyProc) Close() {
	if h.cmd.Process != nil {
		syscall.Kill(-h.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { h.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-h.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
	os.RemoveAll(h.dir)
}
