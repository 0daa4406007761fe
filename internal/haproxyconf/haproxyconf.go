package haproxyconf

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// MaxBackends is how many bridges the configuration has server lines for
// (POPPY_BRIDGE1..6), and MaxPeers how many other HAProxy instances it
// names (POPPY_HAPROXY_PEER2, PEER3).
const (
	MaxBackends = 6
	MaxPeers    = 2
)

// Settings are the values the configuration reads. A zero field leaves
// the file's own default (written beside each variable in the file).
type Settings struct {
	Bind     string   // where browsers connect, HOST:PORT
	Cert     string   // PEM with the chain and the key, for TLS on Bind
	Backends []string // the bridges' HOST:PORT, 1 to MaxBackends

	MaxConn       int           // connections this instance holds at most
	MaxConnPerIP  int           // concurrent connections per client address
	NewConnPerMin int           // new connections per client address and minute
	CheckInterval time.Duration // how often each bridge's /healthz is asked

	PeerName, PeerAddr string // this instance among its peers
	Peers              []Peer // the other instances, at most MaxPeers
	AdminSocket        string // a UNIX socket for the runtime API
}

// Peer is another HAProxy instance sharing the per-client table.
type Peer struct{ Name, Addr string }

// SettingsError reports Settings the configuration cannot take.
type SettingsError struct {
	Field string
	N     int // how many were given
	Max   int
}

func (e *SettingsError) Error() string {
	return fmt.Sprintf("haproxyconf: %d %s; deploy/haproxy/haproxy.cfg takes 1 to %d (add lines to it for more)", e.N, e.Field, e.Max)
}

// Environ returns the environment to run HAProxy with: the variables of
// s, and this process's environment without any POPPY_HAPROXY_ or
// POPPY_BRIDGE variable of its own. Errors are *SettingsError.
func (s *Settings) Environ() ([]string, error) {
	if n := len(s.Backends); n == 0 || n > MaxBackends {
		return nil, &SettingsError{Field: "backends", N: n, Max: MaxBackends}
	}
	if n := len(s.Peers); n > MaxPeers {
		return nil, &SettingsError{Field: "other peers", N: n, Max: MaxPeers}
	}
	var env []string
	set := func(name, v string) {
		if v != "" {
			env = append(env, name+"="+v)
		}
	}
	num := func(name string, v int) {
		if v > 0 {
			set(name, strconv.Itoa(v))
		}
	}
	set("POPPY_HAPROXY_BIND", s.Bind)
	set("POPPY_HAPROXY_CERT", s.Cert)
	for i, b := range s.Backends {
		set(fmt.Sprintf("POPPY_BRIDGE%d", i+1), b)
	}
	num("POPPY_HAPROXY_MAXCONN", s.MaxConn)
	num("POPPY_HAPROXY_MAX_CONN_PER_IP", s.MaxConnPerIP)
	num("POPPY_HAPROXY_NEW_CONN_PER_MIN", s.NewConnPerMin)
	if s.CheckInterval > 0 {
		set("POPPY_HAPROXY_CHECK_INTER", strconv.FormatInt(max(s.CheckInterval.Milliseconds(), 1), 10)+"ms")
	}
	set("POPPY_HAPROXY_PEER_NAME", s.PeerName)
	set("POPPY_HAPROXY_PEER_ADDR", s.PeerAddr)
	for i, p := range s.Peers {
		set(fmt.Sprintf("POPPY_HAPROXY_PEER%d_NAME", i+2), p.Name)
		set(fmt.Sprintf("POPPY_HAPROXY_PEER%d_ADDR", i+2), p.Addr)
	}
	set("POPPY_HAPROXY_ADMIN_SOCKET", s.AdminSocket)
	// Nothing of the caller's own environment may configure HAProxy.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "POPPY_HAPROXY_") && !strings.HasPrefix(kv, "POPPY_BRIDGE") {
			env = append(env, kv)
		}
	}
	return env, nil
}

// Path is deploy/haproxy/haproxy.cfg of the repository this package is
// built from.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "deploy", "haproxy", "haproxy.cfg")
}

// Command returns haproxy (the binary bin) running Path() with s in the
// foreground (-db: one process, its log on stdout). The caller sets its
// output and process attributes and starts it.
func Command(bin string, s *Settings) (*exec.Cmd, error) {
	env, err := s.Environ()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-db", "-f", Path())
	cmd.Env = env
	return cmd, nil
}
