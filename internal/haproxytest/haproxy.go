//go:build unix

package haproxytest

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/haproxyconf"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// MaxBackends is how many bridges the configuration has server lines for,
// and MaxPeers how many other instances it has peer lines for.
const (
	MaxBackends = haproxyconf.MaxBackends
	MaxPeers    = haproxyconf.MaxPeers
)

// Time limits. HAProxy is up in milliseconds; the generous limits are for
// loaded CI machines.
const (
	readyTimeout = 20 * time.Second
	stopTimeout  = 10 * time.Second
	startTries   = 5
)

// Options configure a test HAProxy. Only Backends is required.
type Options struct {
	// Backends are the bridges' HOST:PORT, 1 to MaxBackends of them, in
	// the order of the server lines bridge1, bridge2, ...
	Backends []string
	// Port is the frontend's loopback port; 0 picks a free one. A test
	// that must name HAProxy's URL to the bridges before it starts (their
	// -public-name) picks it with harness.FreePorts.
	Port int
	// MaxConnPerIP and NewConnPerMin are the per-client limits of the
	// edge; 0 means 100000, far above what a test from one loopback
	// address opens, so only a test that asks for a limit meets one.
	MaxConnPerIP, NewConnPerMin int
	// CheckInterval is how often each backend's /healthz is asked; 0
	// means 100 ms, so that a stopping bridge is out of the rotation in
	// about two intervals.
	CheckInterval time.Duration
	// Config is the configuration file; "" means the repository's
	// deploy/haproxy/haproxy.cfg.
	Config string

	// PeerName and PeerPort are this instance's name and loopback port in
	// the peers section that shares the per-client table; "" means
	// "haproxytest", 0 a free port. Peers are the other instances, at most
	// MaxPeers; each must name this one among its own Peers.
	PeerName string
	PeerPort int
	Peers    []Peer
}

// Peer is another HAProxy sharing the per-client table.
type Peer = haproxyconf.Peer

// HAProxy is a running HAProxy. Its fields are set by Start.
type HAProxy struct {
	// Addr is the TLS frontend, "127.0.0.1:port".
	Addr string
	// CA issued the frontend's certificate (localhost, 127.0.0.1, ::1);
	// RootCAs trusts it and nothing else.
	CA      *testca.CA
	RootCAs *x509.CertPool
	// Dir holds the certificate, the runtime socket and the log.
	Dir string

	t        testing.TB
	bin      string
	cfgPath  string
	settings haproxyconf.Settings // all but Bind and PeerAddr, set per try
	socket   string
	logPath  string
	servers  []string // bridge1...

	proc      *harness.Proc
	closeOnce sync.Once
}

// Start starts HAProxy for t in front of opts.Backends and stops it when t
// ends. It returns once the frontend completes a TLS handshake and every
// backend has been health-checked at least once (up or down, as it is).
// It skips t when haproxy is not installed, failing it under CI.
func Start(t testing.TB, opts *Options) *HAProxy {
	t.Helper()
	if testing.Short() {
		t.Skip("needs HAProxy: skipped by -short (make check); make test runs it")
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	// Refuse what the configuration cannot take before looking for the
	// binary, so that a wrong test fails even where haproxy is missing.
	if _, err := o.settings("", "").Environ(); err != nil {
		t.Fatal(err)
	}
	bin := require(t)
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	h := &HAProxy{CA: ca, RootCAs: ca.Pool(), Dir: t.TempDir(), t: t, bin: bin}
	h.cfgPath = o.Config
	if h.cfgPath == "" {
		h.cfgPath = haproxyconf.Path()
	}
	// HAProxy's crt takes the chain and the key in one file.
	cert := filepath.Join(h.Dir, "frontend.pem")
	if err := os.WriteFile(cert, append(append([]byte{}, leaf.CertPEM...), leaf.KeyPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	h.socket = filepath.Join(h.Dir, "admin.sock")
	h.logPath = filepath.Join(h.Dir, "haproxy.log")
	h.settings = *o.settings(cert, h.socket)
	for i := range o.Backends {
		h.servers = append(h.servers, "bridge"+strconv.Itoa(i+1))
	}

	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("haproxytest: HAProxy log (%s):\n%s", h.logPath, h.LogText())
		}
	})
	t.Cleanup(h.Close)
	for try := 1; ; try++ {
		err = h.start(o.Port, o.PeerPort)
		if err == nil {
			return h
		}
		h.stop()
		if !h.bindFailed() || try == startTries {
			t.Fatal(err)
		}
		// A port was taken between FreePorts and HAProxy's bind.
		_ = os.Remove(h.logPath)
	}
}

// settings are what the configuration reads, with the harness's
// defaults, except the two ports.
func (o *Options) settings(cert, socket string) *haproxyconf.Settings {
	orDefault := func(v, def int) int {
		if v <= 0 {
			return def
		}
		return v
	}
	inter := o.CheckInterval
	if inter <= 0 {
		inter = 100 * time.Millisecond
	}
	name := o.PeerName
	if name == "" {
		name = "haproxytest"
	}
	return &haproxyconf.Settings{
		Cert:          cert,
		Backends:      o.Backends,
		MaxConn:       4096,
		MaxConnPerIP:  orDefault(o.MaxConnPerIP, 100000),
		NewConnPerMin: orDefault(o.NewConnPerMin, 100000),
		CheckInterval: inter,
		PeerName:      name,
		Peers:         o.Peers,
		AdminSocket:   socket,
	}
}

// Require skips t when haproxy is not installed, or fails it under CI
// (harness.Unavailable), as Start would: a test with a long setup before
// Start calls it first.
func Require(t testing.TB) {
	t.Helper()
	require(t)
}

func require(t testing.TB) string {
	t.Helper()
	bin, err := findHAProxy()
	if err != nil {
		harness.Unavailable(t, err)
	}
	return bin
}

func findHAProxy() (string, error) {
	if p, err := exec.LookPath("haproxy"); err == nil {
		return p, nil
	}
	if _, err := os.Stat("/usr/sbin/haproxy"); err == nil {
		return "/usr/sbin/haproxy", nil
	}
	return "", ErrNotInstalled
}

// start runs HAProxy on fresh ports (the frontend's unless given) and
// waits until it is ready.
func (h *HAProxy) start(port, peerPort int) error {
	ports, err := harness.FreePorts(2)
	if err != nil {
		return err
	}
	if port == 0 {
		port = ports[0]
	}
	if peerPort == 0 {
		peerPort = ports[1]
	}
	h.Addr = "127.0.0.1:" + strconv.Itoa(port)
	s := h.settings
	s.Bind = h.Addr
	s.PeerAddr = "127.0.0.1:" + strconv.Itoa(peerPort)
	env, err := s.Environ()
	if err != nil {
		return err
	}

	// As haproxyconf.Command, but on Options.Config when one is given:
	// -db: foreground, one process, our child; its log goes to stdout
	// (the configuration's "log stdout").
	cmd := exec.Command(h.bin, "-db", "-f", h.cfgPath)
	cmd.Env = env
	if h.proc, err = harness.StartProcLog(cmd, h.logPath); err != nil {
		return fmt.Errorf("haproxytest: %w", err)
	}
	return h.waitReady()
}

// URL is the frontend's base URL, with a trailing slash: what a browser
// opens. Its certificate is for localhost and 127.0.0.1.
func (h *HAProxy) URL() string { return "https://" + h.Addr + "/" }

// TLSConfig returns a client configuration that trusts only the test CA.
func (h *HAProxy) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: h.RootCAs, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// Close stops HAProxy at once (SIGTERM: open connections are cut) and
// waits for it. It is registered with t.Cleanup.
func (h *HAProxy) Close() { h.closeOnce.Do(h.stop) }

func (h *HAProxy) stop() {
	if h.proc == nil {
		return
	}
	ignored, err := h.proc.Stop(syscall.SIGTERM, stopTimeout)
	if ignored {
		h.t.Logf("haproxytest: haproxy ignored SIGTERM for %v; killed", stopTimeout)
	}
	if err != nil {
		h.t.Errorf("haproxytest: %v", err)
	}
	h.proc = nil
}

// LogText returns what HAProxy logged so far: start-up messages, one line
// per request and per health check change.
func (h *HAProxy) LogText() string { return harness.LogText(h.logPath, "", "haproxy") }

func (h *HAProxy) bindFailed() bool {
	return strings.Contains(h.LogText(), "cannot bind socket")
}
