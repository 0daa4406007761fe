package haproxyconf

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// poppyVars returns the POPPY_ entries of env.
func poppyVars(env []string) []string {
	var out []string
	for _, kv := range env {
		if strings.HasPrefix(kv, "POPPY_") {
			out = append(out, kv)
		}
	}
	return out
}

func TestEnviron(t *testing.T) {
	// The caller's own variables must not reach HAProxy; the control
	// shows they are in this process's environment.
	t.Setenv("POPPY_HAPROXY_MAXCONN", "7")
	t.Setenv("POPPY_BRIDGE4", "192.0.2.9:1")
	if !slices.Contains(os.Environ(), "POPPY_BRIDGE4=192.0.2.9:1") {
		t.Fatal("control: t.Setenv did not reach os.Environ")
	}
	for _, tc := range []struct {
		name string
		s    Settings
		want []string
	}{
		{"backends only: the file's defaults for the rest", Settings{Backends: []string{"10.0.0.1:8080"}},
			[]string{"POPPY_BRIDGE1=10.0.0.1:8080"}},
		{"everything", Settings{
			Bind: "127.0.0.1:8443", Cert: "/c.pem", Backends: []string{"a:1", "b:2"},
			MaxConn: 100, MaxConnPerIP: 10, NewConnPerMin: 60, CheckInterval: 1500 * time.Millisecond,
			PeerName: "edge1", PeerAddr: "127.0.0.1:1", Peers: []Peer{{"edge2", "127.0.0.1:2"}}, AdminSocket: "/s",
		}, []string{
			"POPPY_HAPROXY_BIND=127.0.0.1:8443", "POPPY_HAPROXY_CERT=/c.pem", "POPPY_BRIDGE1=a:1", "POPPY_BRIDGE2=b:2",
			"POPPY_HAPROXY_MAXCONN=100", "POPPY_HAPROXY_MAX_CONN_PER_IP=10", "POPPY_HAPROXY_NEW_CONN_PER_MIN=60",
			"POPPY_HAPROXY_CHECK_INTER=1500ms", "POPPY_HAPROXY_PEER_NAME=edge1", "POPPY_HAPROXY_PEER_ADDR=127.0.0.1:1",
			"POPPY_HAPROXY_PEER2_NAME=edge2", "POPPY_HAPROXY_PEER2_ADDR=127.0.0.1:2", "POPPY_HAPROXY_ADMIN_SOCKET=/s",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env, err := tc.s.Environ()
			if err != nil {
				t.Fatal(err)
			}
			if got := poppyVars(env); !slices.Equal(got, tc.want) {
				t.Errorf("POPPY_ variables = %q, want %q", got, tc.want)
			}
			if !slices.Contains(env, "PATH="+os.Getenv("PATH")) {
				t.Error("the rest of the environment (PATH) was dropped")
			}
		})
	}
}

func TestEnvironRefusesWhatTheFileCannotTake(t *testing.T) {
	for _, tc := range []struct {
		name  string
		s     Settings
		field string
	}{
		{"no backend", Settings{}, "backends"},
		{"too many backends", Settings{Backends: make([]string, MaxBackends+1)}, "backends"},
		{"too many peers", Settings{Backends: []string{"a:1"}, Peers: make([]Peer, MaxPeers+1)}, "other peers"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.s.Environ()
			var se *SettingsError
			if !errors.As(err, &se) || se.Field != tc.field {
				t.Fatalf("Environ = %v, want a *SettingsError about %s", err, tc.field)
			}
			if _, err := Command("haproxy", &tc.s); !errors.As(err, &se) {
				t.Fatalf("Command = %v, want the same *SettingsError", err)
			}
		})
	}
}

// TestCommandRunsTheRepositoryFile has HAProxy check the repository's
// file with Settings, as Command runs it. A check (-c) binds nothing, so
// the fixed ports are never taken.
func TestCommandRunsTheRepositoryFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs haproxy: skipped by -short (make check); make test runs it")
	}
	bin, err := exec.LookPath("haproxy")
	if err != nil {
		harness.Unavailable(t, err)
	}
	_, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	cert := filepath.Join(t.TempDir(), "frontend.pem")
	if err := os.WriteFile(cert, append(leaf.CertPEM, leaf.KeyPEM...), 0o600); err != nil {
		t.Fatal(err)
	}
	s := &Settings{Bind: "127.0.0.1:8443", Cert: cert, Backends: []string{"127.0.0.1:1", "127.0.0.1:2"},
		PeerName: "edge1", PeerAddr: "127.0.0.1:10000", Peers: []Peer{{"edge2", "127.0.0.1:3"}}}
	cmd, err := Command(bin, s)
	if err != nil {
		t.Fatal(err)
	}
	if got := cmd.Args[len(cmd.Args)-1]; got != Path() {
		t.Fatalf("Command runs %q, want the repository's %s", got, Path())
	}
	cmd.Args = append(cmd.Args, "-c") // check the configuration and exit
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("haproxy -c on %s: %v\n%s", Path(), err, out)
	}
	// Control: without its required POPPY_BRIDGE1 the same check fails,
	// so the pass above depended on the environment.
	env := slices.DeleteFunc(slices.Clone(cmd.Env), func(kv string) bool { return strings.HasPrefix(kv, "POPPY_BRIDGE1=") })
	ctl := exec.Command(bin, "-db", "-f", Path(), "-c")
	ctl.Env = env
	if out, err := ctl.CombinedOutput(); err == nil {
		t.Fatalf("control: haproxy -c passed without POPPY_BRIDGE1:\n%s", out)
	}
}
