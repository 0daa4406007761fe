//go:build unix

package postfixtest

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"text/template"
	"time"

	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/pop3/pop3test/testca"
)

// Time limits of the harness. Postfix is up in well under a second; the
// generous limits are for loaded CI machines running tests in parallel.
const (
	readyTimeout   = 20 * time.Second
	stopTimeout    = 10 * time.Second
	deliverTimeout = 20 * time.Second
	startTries     = 5
)

// DefaultDomain is the mail domain of a nil Options.
const DefaultDomain = "example.test"

// Options shapes one Postfix and its Dovecot. Nil and the zero value
// mean defaults.
type Options struct {
	// Domain is the only domain the server delivers to; empty means
	// DefaultDomain. Every Dovecot user has the address user@Domain.
	Domain string

	// Dovecot configures the Dovecot that authenticates and stores the
	// mail (users, passwords, Extra); nil means dovecottest's defaults.
	// The harness sets its AuthSocket and LMTP fields, on a copy.
	Dovecot *dovecottest.Config

	// MessageSizeLimit is message_size_limit in bytes, which Postfix
	// announces in its SIZE extension (RFC 1870); zero means Postfix's
	// default, 10240000.
	MessageSizeLimit int64

	// CertNames are host names that Postfix's certificate names besides
	// localhost, 127.0.0.1 and ::1, for tests that reach it by a name
	// their own DNS gives (an autoconfig guess, say).
	CertNames []string

	// Extra is appended verbatim to main.cf; a setting given here
	// overrides the harness's, as in any main.cf the last one wins.
	Extra string
}

// Server is a running Postfix with its Dovecot. Its fields are set by
// Start and must not be changed.
type Server struct {
	// SubmissionTLSAddr is the implicit-TLS submission listener (RFC
	// 8314, the role of 465); SubmissionStartTLSAddr is the STARTTLS one
	// (RFC 6409 and 3207, the role of 587), which offers AUTH only after
	// STARTTLS. Both are "127.0.0.1:port" and ask for AUTH before any
	// recipient.
	SubmissionTLSAddr, SubmissionStartTLSAddr string

	// Domain is the mail domain; Address is User@Domain.
	Domain, Address string
	// User and Password are the Dovecot's first user, for AUTH and for
	// POP3.
	User, Password string

	// Dovecot stores the mail; read it over POP3 at Dovecot.Addr or
	// Dovecot.TLSAddr.
	Dovecot *dovecottest.Server

	// CA issued both servers' certificates, for localhost, 127.0.0.1 and
	// ::1. RootCAs trusts that CA and nothing else.
	CA      *testca.CA
	RootCAs *x509.CertPool

	// Version is Postfix's mail_version.
	Version string
	// Dir holds the instance; ConfigDir has its main.cf and master.cf,
	// for postconf -c or a look when a test fails.
	Dir, ConfigDir string

	t         testing.TB
	ports     []int // of the current start
	master    string
	queueDir  string
	logPath   string
	errPath   string
	proc      *harness.Proc // the master
	closeOnce sync.Once

	// took is how long the master took to greet, and to stop, for
	// BenchmarkStartClose.
	took struct{ start, stop time.Duration }
}

// Start starts a Postfix, and the Dovecot behind it, for t and stops both
// when t ends. A nil opts means defaults. Start skips t under -short, when
// Postfix or Dovecot's LMTP server is not installed, or when not run as
// root; with the environment variable CI set, those fail t instead (see
// the package documentation).
//
// Postfix's log is attached to t's output when t fails. Parallel tests
// may each Start their own server. Start and the Server's methods call
// t.Fatal on failure, so call them from the test's goroutine.
func Start(t testing.TB, opts *Options) *Server {
	t.Helper()
	if testing.Short() {
		t.Skip("needs Postfix: skipped by -short (make check); make test runs it")
	}
	postconf, err := findPostconf()
	if err != nil {
		cannotRun(t, err)
	}
	if os.Geteuid() != 0 {
		cannotRun(t, errNotRoot)
	}
	if opts == nil {
		opts = &Options{}
	}
	domain := opts.Domain
	if domain == "" {
		domain = DefaultDomain
	}

	var dc dovecottest.Config
	if opts.Dovecot != nil {
		dc = *opts.Dovecot
	}
	dc.AuthSocket = &dovecottest.Socket{User: "postfix", Group: "postfix"}
	dc.LMTP = &dovecottest.Socket{User: "postfix", Group: "postfix"}
	dv := dovecottest.Start(t, &dc)

	s := &Server{
		Domain: domain, User: dv.User, Password: dv.Password, Address: dv.User + "@" + domain,
		Dovecot: dv, CA: dv.CA, RootCAs: dv.RootCAs, Dir: t.TempDir(), t: t,
	}
	p, err := s.layout(opts, dc.Users)
	if err != nil {
		t.Fatal(err)
	}
	in, err := inspect(postconf, s.ConfigDir)
	if err != nil {
		cannotRun(t, err)
	}
	s.Version, s.master = in.version, filepath.Join(in.daemonDir, "master")

	// Cleanups run last-registered first: stop Postfix, then show its
	// log, then remove the directory (and stop Dovecot, registered before).
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("postfixtest: Postfix log (%s):\n%s", s.logPath, s.LogText())
		}
	})
	t.Cleanup(s.Close)

	for try := 1; ; try++ {
		t0 := time.Now()
		err = s.start(p)
		if err == nil {
			s.took.start = time.Since(t0)
			return s
		}
		s.stop()
		if !s.bindFailed() || try == startTries {
			t.Fatal(err)
		}
		// A port was taken between FreePorts and Postfix's bind: try
		// others, with a clean log for the new attempt.
		_ = os.Remove(s.logPath)
		_ = os.Remove(s.errPath)
	}
}

// layout writes the instance's files under Dir and returns the
// configuration parameters without ports.
func (s *Server) layout(opts *Options, users map[string]string) (confParams, error) {
	// Postfix's daemons run as postfix and read nothing here by path
	// after start-up but the maps; the Dovecot sockets they use live in
	// the Dovecot's own tree. Searchable (0711) is enough.
	for _, d := range []string{s.Dir, filepath.Dir(s.Dir)} {
		if err := os.Chmod(d, 0o711); err != nil {
			return confParams{}, fmt.Errorf("postfixtest: %w", err)
		}
	}
	s.ConfigDir = filepath.Join(s.Dir, "conf")
	s.queueDir = filepath.Join(s.Dir, "queue")
	s.logPath = filepath.Join(s.Dir, "postfix.log")
	s.errPath = filepath.Join(s.Dir, "master.out")
	p := confParams{
		Domain: s.Domain, Hostname: "mail." + s.Domain,
		QueueDir: s.queueDir, DataDir: filepath.Join(s.Dir, "data"), Dir: s.Dir,
		LogPath:    s.logPath,
		CertFile:   filepath.Join(s.ConfigDir, "cert.pem"),
		KeyFile:    filepath.Join(s.ConfigDir, "key.pem"),
		MailboxMap: filepath.Join(s.ConfigDir, "mailboxes"),
		AuthSocket: s.Dovecot.AuthSocket, LMTPSocket: s.Dovecot.LMTPSocket,
		MessageSizeLimit: opts.MessageSizeLimit, Extra: opts.Extra,
	}
	if err := os.Mkdir(s.ConfigDir, 0o755); err != nil {
		return p, fmt.Errorf("postfixtest: %w", err)
	}
	if err := makeQueue(p.QueueDir, p.DataDir); err != nil {
		return p, err
	}
	leaf, err := s.CA.Issue(append([]string{"localhost", "127.0.0.1", "::1"}, opts.CertNames...)...)
	if err != nil {
		return p, err
	}
	if len(users) == 0 {
		users = map[string]string{s.User: s.Password}
	}
	var boxes strings.Builder
	for u := range users {
		fmt.Fprintf(&boxes, "%s@%s OK\n", u, s.Domain)
	}
	// main.cf without ports for now, so that postconf can read it.
	main, err := render(mainTemplate, p)
	if err != nil {
		return p, err
	}
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{p.CertFile, leaf.CertPEM, 0o644},
		{p.KeyFile, leaf.KeyPEM, 0o600}, // read by smtpd as root, before it drops privileges
		{p.MailboxMap, []byte(boxes.String()), 0o644},
		{filepath.Join(s.ConfigDir, "main.cf"), main, 0o644},
	}
	for _, f := range files {
		if err := os.WriteFile(f.path, f.data, f.mode); err != nil {
			return p, fmt.Errorf("postfixtest: %w", err)
		}
	}
	return p, nil
}

// start writes the configuration with fresh ports, starts the master and
// waits until both listeners greet.
func (s *Server) start(p confParams) error {
	ports, err := pickPorts(2)
	if err != nil {
		return err
	}
	s.ports = ports
	p.SubmissionsPort, p.StartTLSPort = ports[0], ports[1]
	for _, f := range []struct {
		name string
		tmpl *template.Template
	}{{"main.cf", mainTemplate}, {"master.cf", masterTemplate}} {
		b, err := render(f.tmpl, p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(s.ConfigDir, f.name), b, 0o644); err != nil {
			return fmt.Errorf("postfixtest: %w", err)
		}
	}
	s.SubmissionTLSAddr = "127.0.0.1:" + strconv.Itoa(p.SubmissionsPort)
	s.SubmissionStartTLSAddr = "127.0.0.1:" + strconv.Itoa(p.StartTLSPort)

	// The master runs in the foreground as our child (no -w, which would
	// fork it away), so its exit is seen at once. -s keeps its stderr,
	// where it reports what goes wrong before postlogd runs. The master
	// makes a session of its own, whose process group is its pid.
	cmd := exec.Command(s.master, "-c", s.ConfigDir, "-s")
	cmd.SysProcAttr = harness.OwnSessionProcAttr()
	if s.proc, err = harness.StartProcLog(cmd, s.errPath); err != nil {
		return fmt.Errorf("postfixtest: %w", err)
	}
	return s.waitReady()
}

// Close stops Postfix and waits until none of its processes is left. It
// is registered with t.Cleanup; a test may call it earlier. The Dovecot
// keeps running until the test ends.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		t0 := time.Now()
		s.stop()
		s.took.stop = time.Since(t0)
	})
}

// stop ends the master and every daemon it started. SIGTERM is what
// `postfix stop` sends, to the master alone (not Proc.Stop, which signals
// the group); the master passes it on to its children.
func (s *Server) stop() {
	if s.proc == nil {
		return
	}
	pgid := s.proc.Cmd.Process.Pid
	_ = s.proc.Signal(syscall.SIGTERM)
	select {
	case <-s.proc.Done():
	case <-time.After(stopTimeout):
		s.t.Logf("postfixtest: master %d ignored SIGTERM for %v; killing", pgid, stopTimeout)
	}
	if err := harness.KillGroup(pgid, s.proc.Done(), stopTimeout); err != nil {
		s.t.Errorf("postfixtest: %v", err)
	}
	s.proc = nil
}

// errExited reports a master that stopped during start-up.
var errExited = errors.New("postfixtest: the Postfix master exited during start-up")

// LogText returns Postfix's log so far, then anything the master printed
// before postlogd ran.
func (s *Server) LogText() string {
	return harness.LogText(s.logPath, s.errPath, "master")
}

// bindFailed reports whether the last start failed because one of its
// ports was taken. The master reports a failed bind through postlogd,
// which does not run yet at that point, so the message is lost and the
// master just exits 1: after it is gone, a port that cannot be bound is
// held by someone else.
func (s *Server) bindFailed() bool {
	if strings.Contains(s.LogText(), "Address already in use") {
		return true
	}
	for _, port := range s.ports {
		ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
		if err != nil {
			return true
		}
		ln.Close()
	}
	return false
}

// TLSConfig returns a client configuration that trusts only the test CA,
// for both submission listeners and for Dovecot's POP3 ones.
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.RootCAs, ServerName: "localhost", MinVersion: tls.VersionTLS12}
}

// pickPorts is harness.FreePorts; a test replaces it to provoke a bind
// failure.
var pickPorts = harness.FreePorts
