//go:build unix

package main

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/haproxyconf"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// haproxyProc is Debian's HAProxy in a process of its own in front of the
// replicas, running the repository's deploy/haproxy/haproxy.cfg unchanged
// (through internal/haproxyconf, as the tests' internal/haproxytest does):
// TLS termination, round robin with health checks on /healthz, the
// per-client stick table, X-Forwarded-For, WebSocket tunnels.
type haproxyProc struct {
	cmd     *exec.Cmd
	addr    string
	version string
	log     *tailBuffer
}

// benchTLS is the test CA and the certificate for 127.0.0.1 that HAProxy
// and the direct bridge present, in files, and a client that trusts it.
type benchTLS struct {
	dir                string
	cert, key, haproxy string // PEM files: certificate, key, both (HAProxy's crt)
	client             *http.Client
}

func newBenchTLS() (*benchTLS, error) {
	ca, leaf, err := testca.Localhost()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "poppy-bench-tls-")
	if err != nil {
		return nil, err
	}
	t := &benchTLS{dir: dir, cert: filepath.Join(dir, "cert.pem"), key: filepath.Join(dir, "key.pem"), haproxy: filepath.Join(dir, "haproxy.pem")}
	for f, b := range map[string][]byte{t.cert: leaf.CertPEM, t.key: leaf.KeyPEM, t.haproxy: append(append([]byte{}, leaf.CertPEM...), leaf.KeyPEM...)} {
		if err := os.WriteFile(f, b, 0o600); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	t.client = &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: ca.Pool(), ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12},
	}}
	return t, nil
}

func (t *benchTLS) Close() { os.RemoveAll(t.dir) }

// startHAProxies starts n instances in front of backends, each holding
// maxconn connections and naming the others as its peers (the
// configuration's several-instances setup). The per-client limits are
// raised out of the way: every bench client comes from 127.0.0.1.
func startHAProxies(n int, backends []string, maxconn int, tl *benchTLS) ([]*haproxyProc, error) {
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		return nil, fmt.Errorf("haproxy is not installed; run `.ci/install-deps haproxy` (Debian package haproxy): %w", err)
	}
	ports := make([]int, 2*n) // frontend and peer port of each
	for i := range ports {
		if ports[i], err = freePort(); err != nil {
			return nil, err
		}
	}
	peer := func(i int) haproxyconf.Peer {
		return haproxyconf.Peer{Name: "edge" + strconv.Itoa(i+1), Addr: "127.0.0.1:" + strconv.Itoa(ports[2*i+1])}
	}
	var hs []*haproxyProc
	for i := range n {
		s := &haproxyconf.Settings{
			Bind: "127.0.0.1:" + strconv.Itoa(ports[2*i]), Cert: tl.haproxy, Backends: backends,
			MaxConn: maxconn, MaxConnPerIP: 1_000_000, NewConnPerMin: 1_000_000,
			PeerName: peer(i).Name, PeerAddr: peer(i).Addr,
		}
		for j := range n {
			if j != i {
				s.Peers = append(s.Peers, peer(j))
			}
		}
		h, err := startHAProxy(bin, s, tl)
		if err != nil {
			for _, h := range hs {
				h.Close()
			}
			return nil, err
		}
		hs = append(hs, h)
	}
	return hs, nil
}

func startHAProxy(bin string, s *haproxyconf.Settings, tl *benchTLS) (*haproxyProc, error) {
	cmd, err := haproxyconf.Command(bin, s)
	if err != nil {
		return nil, err
	}
	h := &haproxyProc{cmd: cmd, addr: s.Bind, version: debianVersion("haproxy"), log: &tailBuffer{max: 4096}}
	cmd.Stdout, cmd.Stderr = h.log, h.log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	// Ready when a bridge answers /healthz through it.
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		resp, err := tl.client.Get("https://" + h.addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return h, nil
			}
		}
		if time.Now().After(deadline) {
			h.Close()
			return nil, fmt.Errorf("haproxy on %s did not pass /healthz to a bridge in 15 s (%v): %s", h.addr, err, h.log)
		}
	}
}

func (h *haproxyProc) pid() int { return h.cmd.Process.Pid }

// url is the WebSocket URL of target through this instance.
func (h *haproxyProc) url(target string) string { return "wss://" + h.addr + "/ws?target=" + target }

// Close ends HAProxy (SIGTERM stops it at once, cutting its tunnels).
func (h *haproxyProc) Close() {
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
