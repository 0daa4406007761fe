// Package dovecottest starts a real, private Dovecot POP3 server for
// interop tests of the POP3 engine (RFC 1939, RFC 2449 CAPA, RFC 2595 STLS,
// RFC 8314 implicit TLS, RFC 5034 SASL), optionally with LMTP (RFC 2033)
// for delivery from a real MTA.
//
// Each Start gives a test its own Dovecot: configuration, sockets, state,
// log, users and maildirs live under t.TempDir(), and the server listens
// on 127.0.0.1 only, on ports picked free at start. Nothing is shared with
// a system Dovecot or with other tests, so tests may run in parallel.
//
// # Installing Dovecot
//
// The harness needs the dovecot binary (Debian: dovecot-pop3d). `make test`
// installs it with .ci/install-deps. Without it Start skips the test, but
// when the environment variable CI is set it fails instead: a CI run that
// silently skipped every interop test would look green and prove nothing.
//
// It writes the configuration in the syntax of the installed version, as
// `dovecot --version` names it: Dovecot 2.3 (Debian 12) or 2.4 (Debian
// 13), which renamed many settings. Any other version fails the test with
// an *UnsupportedVersionError naming it, with or without CI: a Dovecot
// that is installed but cannot be run must never look like a skip.
//
// # Privileges
//
// Run as root (CI, containers), Dovecot runs as it does in production:
// login processes as dovenull, auth as dovecot, and mailbox access as the
// unprivileged user nobody: Dovecot guards mail access against low uids
// (first_valid_uid), and mail read as root would hide permission bugs.
// The harness hands the maildirs to nobody and makes the temporary
// directories searchable (0711) so that those users can reach them.
// Run as any other user, Dovecot runs rootless: every process as that
// user, with chroots turned off.
//
// # Delivery from an MTA
//
// Config.AuthSocket and Config.LMTP add, for a Postfix on the same
// machine (submission/submissiontest/postfixtest), a unix socket for
// Dovecot's SASL (smtpd_sasl_type = dovecot) and Dovecot's LMTP server
// (RFC 2033, Debian's dovecot-lmtpd), both mode 0660 and owned by the
// MTA's user. Nil, as for every caller before them, adds nothing.
//
// # Behind a proxy
//
// Config.HAProxy adds a POP3 listener that reads a PROXY protocol header
// (HAProxy's proxy-protocol.txt) from loopback before anything else, so a
// test can show what Dovecot makes of the client a proxy names: its log's
// rip, its auth penalty. LocalHeader is the header of a proxy speaking
// for itself.
//
// # Byte-exactness
//
// Dovecot keeps maildir files with LF line endings and serves them with
// CRLF. Deliver stores a message in that form, so what a client receives
// is computable: Wire(msg) is exactly the message body that RETR returns
// (after the client removes dot-stuffing and the terminating ".\r\n"), and
// len(Wire(msg)) is the size that LIST and STAT report.
package dovecottest
