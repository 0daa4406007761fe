//go:build unix

package dovecottest

import (
	"fmt"
	"sort"
	"strings"
)

// Default credentials of the one user a nil Config creates.
const (
	DefaultUser     = "alice"
	DefaultPassword = "wonderland"
)

// Config shapes one Dovecot instance. The zero value and nil both mean
// defaults: one user (DefaultUser, DefaultPassword), no session lock, the
// stock UIDL format.
type Config struct {
	// Users maps user names to plaintext passwords. Empty means
	// {DefaultUser: DefaultPassword}. Names become directory names and
	// passwd-file fields, so they may not contain '/', ':' or control
	// characters, and passwords may not contain ':' or control characters.
	Users map[string]string

	// LockSession sets pop3_lock_session: a second session for a user who
	// is already logged in is refused with -ERR [IN-USE] (RFC 2449).
	// Dovecot 2.3 first waits 10 seconds for the lock, a timeout fixed in
	// its source, so the refusal comes only after that; if the first
	// session ends within those 10 seconds, the second one gets in.
	LockSession bool

	// UIDLFormat is pop3_uidl_format, written verbatim, so in the syntax
	// of the installed Dovecot (Server.Version). Empty means Dovecot's
	// default, "%08Xu%08Xv" in 2.3 and "%{uid | hex(8)}%{uidvalidity |
	// hex(8)}" in 2.4: IMAP UID and UIDVALIDITY, stable for the life of
	// the maildir, which is what a UIDL-keyed cache expects.
	UIDLFormat string

	// AuthSocket, when set, exposes Dovecot's authentication service on
	// a unix socket for an MTA on this machine (Postfix's
	// smtpd_sasl_type = dovecot): it authenticates the same users, with
	// the same mechanisms, as POP3 does. Its path is Server.AuthSocket.
	// Nil means no such socket, as before.
	AuthSocket *Socket

	// LMTP, when set, runs Dovecot's LMTP server (RFC 2033) on a unix
	// socket, through which an MTA delivers into the users' maildirs: a
	// recipient "user@any.domain" is the user "user" (the domain is
	// dropped and the name lowercased). Its path is Server.LMTPSocket.
	// It needs Debian's dovecot-lmtpd: without it Start skips, or fails
	// under CI. Nil means no LMTP, as before.
	LMTP *Socket

	// HAProxy adds a third POP3 listener, Server.HAProxyAddr, that reads
	// a PROXY protocol header (HAProxy's proxy-protocol.txt, v1 or v2)
	// before anything else (haproxy = yes), from loopback only
	// (haproxy_trusted_networks): Dovecot then logs, penalizes and limits
	// the client the header names. A connection without a header is
	// refused there. Addr and TLSAddr are unchanged. False adds nothing.
	HAProxy bool

	// Extra is appended verbatim to the generated dovecot.conf, so it too
	// must be in the installed version's syntax. A setting given here
	// overrides the harness's value, as in any Dovecot configuration the
	// last assignment wins.
	Extra string

	// CertNames are more names the server certificate covers, besides
	// localhost, 127.0.0.1 and ::1: for tests whose DNS maps names of
	// their own to the loopback server (the autoconfig lookups).
	CertNames []string

	// OAuth2, when set, adds the oauth2 passdb and the mechanisms XOAUTH2
	// and OAUTHBEARER, which check a bearer token with the provider (see
	// OAuth2). Password logins keep working. Nil adds nothing.
	OAuth2 *OAuth2
}

func (c *Config) users() map[string]string {
	if c == nil || len(c.Users) == 0 {
		return map[string]string{DefaultUser: DefaultPassword}
	}
	return c.Users
}

// userNames returns the configured users in a stable order, so the
// generated files and the choice of Server.User do not depend on map
// iteration.
func userNames(users map[string]string) []string {
	names := make([]string, 0, len(users))
	for n := range users {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// validate rejects names and passwords that would corrupt the passwd-file
// or escape the mail directory.
func validate(users map[string]string) error {
	for name, pass := range users {
		if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/:") || hasControl(name) {
			return fmt.Errorf("dovecottest: invalid user name %q", name)
		}
		if strings.Contains(pass, ":") || hasControl(pass) {
			return fmt.Errorf("dovecottest: invalid password for user %q: no ':' or control characters", name)
		}
	}
	return nil
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}
