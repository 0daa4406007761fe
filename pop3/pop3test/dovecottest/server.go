//go:build unix

package dovecottest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
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

	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// Time limits of the harness. Dovecot is up in well under a second; the
// generous limits are for loaded CI machines running tests in parallel.
const (
	readyTimeout = 20 * time.Second
	stopTimeout  = 10 * time.Second
	startTries   = 5
)

// Server is a running Dovecot. Its fields are set by Start and must not be
// changed.
type Server struct {
	// Addr is the plain POP3 listener ("127.0.0.1:port"); it offers STLS.
	Addr string
	// TLSAddr is the implicit-TLS listener (RFC 8314, the role of 995).
	TLSAddr string
	// HAProxyAddr is the plain POP3 listener that reads a PROXY protocol
	// header first (Config.HAProxy), or empty.
	HAProxyAddr string

	// User and Password are the first configured user in sorted order:
	// DefaultUser and DefaultPassword unless Config.Users says otherwise.
	User, Password string

	// AuthSocket and LMTPSocket are the unix sockets that Config.AuthSocket
	// and Config.LMTP asked for, or empty.
	AuthSocket, LMTPSocket string

	// CA issued the server certificate, for localhost, 127.0.0.1 and ::1
	// (and Config.CertNames).
	// RootCAs trusts that CA and nothing else.
	CA      *testca.CA
	RootCAs *x509.CertPool

	// Version is what `dovecot --version` printed. The configuration is
	// written in 2.3's or 2.4's syntax by it.
	Version  string
	syntax24 bool
	haproxy  bool // Config.HAProxy
	// Dir holds everything the instance uses; ConfigPath is its
	// dovecot.conf, for doveadm -c or a look when a test fails.
	Dir, ConfigPath string

	t        testing.TB
	instance string // instance_name: the prefix of the children's process titles
	id       identity
	users    map[string]string
	mailRoot string
	logPath  string
	errPath  string // the master's stdout and stderr, before its log process runs

	proc      *harness.Proc // the master
	closeOnce sync.Once
}

// Start starts a Dovecot for t and stops it when t ends. A nil cfg means
// defaults. Start skips t when Dovecot is not installed, or fails it if
// the environment variable CI is set (see the package documentation).
//
// Dovecot's log is attached to t's output when t fails. Parallel tests may
// each Start their own server. Start and the Server's methods call t.Fatal
// on failure, so call them from the test's goroutine.
func Start(t testing.TB, cfg *Config) *Server {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Dovecot: skipped by -short (make check); make test runs it")
	}
	bin, version, syntax24, err := findDovecot()
	if err != nil {
		cannotRun(t, err)
	}
	if cfg != nil && cfg.LMTP != nil {
		if err := findLMTP(); err != nil {
			unavailable(t, err)
		}
	}
	id, err := currentIdentity()
	if err != nil {
		t.Fatal(err)
	}
	users := cfg.users()
	if err := validate(users); err != nil {
		t.Fatal(err)
	}
	ca, leaf, err := testca.Localhost()
	if err != nil {
		t.Fatal(err)
	}
	if cfg != nil && len(cfg.CertNames) > 0 {
		if leaf, err = ca.Issue(append([]string{"localhost", "127.0.0.1", "::1"}, cfg.CertNames...)...); err != nil {
			t.Fatal(err)
		}
	}
	s := &Server{
		CA: ca, RootCAs: ca.Pool(), Version: version.Text, syntax24: syntax24,
		Dir: t.TempDir(), t: t, id: id, users: users,
	}
	s.User = userNames(users)[0]
	s.Password = users[s.User]

	p, err := s.layout(cfg, leaf)
	if err != nil {
		t.Fatal(err)
	}
	// Cleanups run last-registered first: stop Dovecot, then show its log
	// (with the shutdown in it), then remove the temporary directory.
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("dovecottest: Dovecot log (%s):\n%s", s.logPath, s.LogText())
		}
	})
	t.Cleanup(s.Close)

	for try := 1; ; try++ {
		err = s.start(bin, p)
		if err == nil {
			return s
		}
		s.stop()
		if !s.bindFailed() || try == startTries {
			t.Fatal(err) // the cleanup above shows the log
		}
		// A port was taken between freePorts and Dovecot's bind: try
		// others, with a clean log for the new attempt. (The master
		// retries the bind for about five seconds before it says so.)
		_ = os.Remove(s.logPath)
		_ = os.Remove(s.errPath)
	}
}

// start writes a configuration with fresh ports and waits until the
// server greets on both of them.
func (s *Server) start(bin string, p confParams) error {
	n := 2
	if s.haproxy {
		n = 3
	}
	ports, err := pickPorts(n)
	if err != nil {
		return err
	}
	p.Port, p.TLSPort = ports[0], ports[1]
	if s.haproxy {
		p.HAProxyPort = ports[2]
		s.HAProxyAddr = "127.0.0.1:" + strconv.Itoa(p.HAProxyPort)
	}
	conf, err := renderConf(p)
	if err != nil {
		return err
	}
	if err := os.WriteFile(s.ConfigPath, conf, 0o644); err != nil {
		return fmt.Errorf("dovecottest: %w", err)
	}
	s.Addr = "127.0.0.1:" + strconv.Itoa(p.Port)
	s.TLSAddr = "127.0.0.1:" + strconv.Itoa(p.TLSPort)

	// -F keeps the master in the foreground, as our child, so its exit is
	// seen at once.
	cmd := exec.Command(bin, "-F", "-c", s.ConfigPath)
	cmd.SysProcAttr = harness.SysProcAttr()
	if s.proc, err = harness.StartProcLog(cmd, s.errPath); err != nil {
		return fmt.Errorf("dovecottest: %w", err)
	}
	return s.waitReady()
}

// Close stops Dovecot and waits until none of its processes is left. It
// is registered with t.Cleanup; a test may call it earlier to see the
// server go away. The files in Dir stay until the test ends.
func (s *Server) Close() {
	s.closeOnce.Do(s.stop)
}

// stop ends the current master and every process it started.
func (s *Server) stop() {
	if s.proc == nil {
		return
	}
	pgid := s.proc.Cmd.Process.Pid
	// SIGTERM to the whole group, not to the master alone: the master
	// would stop its children, then wait a second for its log process
	// before exiting. Each process shuts down cleanly either way; only
	// the master's own "Killed with signal 15" line may miss the log.
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	deadline := time.Now().Add(stopTimeout)
wait:
	for {
		select {
		case <-s.proc.Done():
			break wait
		case <-time.After(10 * time.Millisecond):
		}
		// The master notices dead children on a one-second timer; once
		// it is alone it has nothing left to do, so do not wait for it.
		if harness.OnlyLeader(pgid) {
			_ = s.proc.Signal(syscall.SIGKILL)
		}
		if time.Now().After(deadline) {
			s.t.Logf("dovecottest: master %d ignored SIGTERM for %v; killing", pgid, stopTimeout)
			break
		}
	}
	// Whatever is left of the group, the master included, goes now.
	if err := harness.KillGroup(pgid, s.proc.Done(), stopTimeout); err != nil {
		s.t.Errorf("dovecottest: %v", err)
	}
	s.proc = nil
}

// LogText returns Dovecot's log so far: the log file, then anything the
// master printed before its log process took over (a configuration
// error, a failed bind).
func (s *Server) LogText() string {
	return harness.LogText(s.logPath, s.errPath, "dovecot")
}

func (s *Server) bindFailed() bool {
	return strings.Contains(s.LogText(), "Address already in use")
}

// TLSConfig returns a client configuration that trusts only this server's
// CA, for tls.Dial to TLSAddr or for STLS on Addr.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.RootCAs, ServerName: "localhost", MinVersion: tls.VersionTLS12}
}

// errExited reports a master that stopped during start-up.
var errExited = errors.New("dovecottest: dovecot exited during start-up")

// layout creates the instance's files and directories under Dir and
// returns the configuration parameters that point at them.
func (s *Server) layout(cfg *Config, leaf *testca.Leaf) (confParams, error) {
	if s.id.root {
		if err := openPath(s.Dir); err != nil {
			return confParams{}, err
		}
	}
	s.ConfigPath = filepath.Join(s.Dir, "dovecot.conf")
	s.logPath = filepath.Join(s.Dir, "dovecot.log")
	s.errPath = filepath.Join(s.Dir, "dovecot.out")
	s.mailRoot = filepath.Join(s.Dir, "mail")
	p := confParams{
		Instance:      "dovecottest-" + filepath.Base(filepath.Dir(s.Dir)) + "-" + filepath.Base(s.Dir),
		StateDir:      filepath.Join(s.Dir, "state"),
		LogPath:       s.logPath,
		MailRoot:      s.mailRoot,
		PasswdFile:    filepath.Join(s.Dir, "passwd"),
		CertFile:      filepath.Join(s.Dir, "cert.pem"),
		KeyFile:       filepath.Join(s.Dir, "key.pem"),
		Root:          s.id.root,
		InternalUser:  s.id.internalUser,
		InternalGroup: s.id.internalGroup,
		LoginUser:     s.id.loginUser,
		MailUID:       s.id.mailUID,
		MailGID:       s.id.mailGID,
		UIDLFormat:    defaultUIDLFormat(s.syntax24),
		Syntax24:      s.syntax24,
	}
	if cfg != nil {
		p.LockSession = cfg.LockSession
		s.haproxy = cfg.HAProxy
		p.Extra = cfg.Extra
		if cfg.UIDLFormat != "" {
			p.UIDLFormat = cfg.UIDLFormat
		}
	}
	s.instance = p.Instance
	base, err := s.baseDir()
	if err != nil {
		return confParams{}, err
	}
	p.BaseDir = base
	if err := s.mtaSockets(cfg, &p); err != nil {
		return confParams{}, err
	}
	if err := s.oauth2Conf(cfg, &p); err != nil {
		return confParams{}, err
	}

	for _, d := range []string{p.StateDir, s.mailRoot} {
		if err := os.Mkdir(d, 0o711); err != nil {
			return confParams{}, fmt.Errorf("dovecottest: %w", err)
		}
	}
	for _, u := range userNames(s.users) {
		if err := s.makeMaildir(u); err != nil {
			return confParams{}, err
		}
	}
	var passwd strings.Builder
	for _, u := range userNames(s.users) {
		fmt.Fprintf(&passwd, "%s:{PLAIN}%s::::::\n", u, s.users[u])
	}
	// The auth process reads the passwd-file as the internal user.
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{p.PasswdFile, []byte(passwd.String()), 0o644},
		{p.CertFile, leaf.CertPEM, 0o644},
		{p.KeyFile, leaf.KeyPEM, 0o600},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, f.mode); err != nil {
			return confParams{}, fmt.Errorf("dovecottest: %w", err)
		}
	}
	return p, nil
}

// maxBaseDir bounds the base_dir path: Dovecot creates unix sockets there
// (login/pop3, auth-master, stats-writer...) and a socket path has at most
// 107 bytes. t.TempDir() under a long TMPDIR and a long test name can
// exceed that.
const maxBaseDir = 64

// baseDir returns Dovecot's base_dir: Dir/run when that is short enough
// for socket paths, else a short directory of its own removed with the
// test.
func (s *Server) baseDir() (string, error) {
	dir := filepath.Join(s.Dir, "run")
	if len(dir) <= maxBaseDir {
		if err := os.Mkdir(dir, 0o755); err != nil {
			return "", fmt.Errorf("dovecottest: %w", err)
		}
		return dir, nil
	}
	parent := os.TempDir()
	if len(parent) > maxBaseDir-16 {
		parent = "/tmp"
	}
	dir, err := os.MkdirTemp(parent, "dvt")
	if err != nil {
		return "", fmt.Errorf("dovecottest: base_dir: %w", err)
	}
	s.t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", fmt.Errorf("dovecottest: %w", err)
	}
	return dir, nil
}

// openPath makes dir and its parent (both made by t.TempDir, mode 0700)
// searchable by others, and checks that every ancestor is: as root,
// Dovecot reaches this tree as the dovecot, dovenull and nobody users.
func openPath(dir string) error {
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if err := os.Chmod(d, 0o711); err != nil {
			return fmt.Errorf("dovecottest: %w", err)
		}
	}
	for d := filepath.Dir(filepath.Dir(dir)); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("dovecottest: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			return fmt.Errorf("dovecottest: %s is not searchable by other users, so Dovecot's unprivileged processes cannot reach %s; set TMPDIR to a directory such as /tmp", d, dir)
		}
		if d == filepath.Dir(d) {
			return nil
		}
	}
}
