//go:build unix

package dovecottest

import (
	"errors"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
)

// Socket is a unix socket the harness adds for a mail transfer agent
// (Postfix) that runs on the same machine: Config.AuthSocket and
// Config.LMTP. The socket lives in the instance's base_dir with mode 0660.
type Socket struct {
	// User and Group own the socket: the user the MTA's processes run
	// as, such as "postfix". Empty means Dovecot's own choice (the user
	// and group the service runs as). Run as root, they must exist.
	User, Group string
}

// Names of the added listeners, relative to base_dir. Short, because the
// whole path must fit a socket address (108 bytes).
const (
	authSocketName = "auth-mta"
	lmtpSocketName = "lmtp"
)

// errNoLMTP is why Start skips, or fails under CI, when Config.LMTP asks
// for Dovecot's LMTP server and its package is missing.
var errNoLMTP = errors.New("dovecottest: Dovecot's LMTP server is not installed; run `make test`, which installs it (.ci/install-deps dovecot-lmtpd)")

// lmtpPaths are where packages put Dovecot's lmtp executable.
var lmtpPaths = []string{"/usr/lib/dovecot/lmtp", "/usr/libexec/dovecot/lmtp", "/usr/local/libexec/dovecot/lmtp"}

// findLMTP reports errNoLMTP unless Dovecot's lmtp executable is there.
// Without the check, Dovecot would start and log that it cannot run the
// service only when the first delivery arrives.
func findLMTP() error {
	for _, p := range lmtpPaths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return nil
		}
	}
	return errNoLMTP
}

// checkSocket fails early, with a message naming the field, for a socket
// owner Dovecot would refuse at start with a terse log line.
func checkSocket(field string, s *Socket) error {
	if s == nil {
		return nil
	}
	if s.User != "" {
		if _, err := user.Lookup(s.User); err != nil {
			return fmt.Errorf("dovecottest: Config.%s.User: %w", field, err)
		}
	}
	if s.Group != "" {
		if _, err := user.LookupGroup(s.Group); err != nil {
			return fmt.Errorf("dovecottest: Config.%s.Group: %w", field, err)
		}
	}
	return nil
}

// mtaSockets fills the listener parameters of p from cfg and sets the
// Server's socket paths.
func (s *Server) mtaSockets(cfg *Config, p *confParams) error {
	if cfg == nil {
		return nil
	}
	if err := checkSocket("AuthSocket", cfg.AuthSocket); err != nil {
		return err
	}
	if err := checkSocket("LMTP", cfg.LMTP); err != nil {
		return err
	}
	if cfg.AuthSocket != nil {
		p.AuthSocket = &listenerParams{Name: authSocketName, User: cfg.AuthSocket.User, Group: cfg.AuthSocket.Group}
		s.AuthSocket = filepath.Join(p.BaseDir, authSocketName)
	}
	if cfg.LMTP != nil {
		p.LMTP = &listenerParams{Name: lmtpSocketName, User: cfg.LMTP.User, Group: cfg.LMTP.Group}
		s.LMTPSocket = filepath.Join(p.BaseDir, lmtpSocketName)
	}
	return nil
}
