// Package postfixtest starts a real, private Postfix for interop tests of
// mail submission (RFC 6409 message submission, RFC 8314 implicit TLS,
// RFC 3207 STARTTLS, RFC 4954 AUTH), delivering into a real Dovecot
// (pop3/pop3test/dovecottest) over LMTP (RFC 2033), so that a test can
// send a message and read it back over POP3 (RFC 1939).
//
// Each Start gives a test its own Postfix and its own Dovecot.
// Postfix's configuration directory (main.cf, master.cf), queue
// directory, data directory and log live under t.TempDir(), and it
// listens on 127.0.0.1 only, on ports picked free at start: one port with
// implicit TLS (the role of 465) and one with STARTTLS (the role of 587),
// both with a certificate from the same test CA as the Dovecot's. Nothing
// listens on port 25 and nothing is ever relayed: mail to the test domain
// goes to Dovecot, mail to any other domain is refused.
//
// Authentication is Dovecot's (smtpd_sasl_type = dovecot, through the
// auth socket dovecottest.Config.AuthSocket adds), so the users and
// passwords are the Dovecot's. Delivery is Dovecot's LMTP
// (dovecottest.Config.LMTP), so what a POP3 client reads is what
// Dovecot's own delivery stored: the message as submitted, under the
// trace headers that Postfix (Received) and Dovecot (Return-Path,
// Delivered-To, Received) add on top.
//
// # Installing Postfix
//
// The harness needs Postfix 3.6 or later (Debian: postfix) and Dovecot's
// LMTP server (Debian: dovecot-lmtpd). `make test` installs them with
// .ci/install-deps, which leaves the system's own Postfix unconfigured
// and stopped. Without them Start skips the test, but when the
// environment variable CI is set it fails instead, as dovecottest does.
//
// # Privileges
//
// Postfix's master runs only as root, so Start needs root; run as another
// user, it skips (fails under CI). Postfix's daemons then run as the
// postfix user, as in production, and the queue directory is laid out
// with the owners and modes that `postfix check` requires
// (TestLayoutPassesPostfixCheck holds that). The harness runs the master
// directly, without the postfix(1) wrapper, whose integrity checks take
// seconds on a loaded machine and would run at every start.
//
// # Timing
//
// BenchmarkStartClose measures what a test pays: a whole Start (Dovecot
// included) and Close, and the master's start and stop alone. Most of a
// start is process start-up (Dovecot's and Postfix's daemons), so it
// grows with the machine's load; the stop is a small fraction of it.
//
// Delivery is asynchronous: the 250 after DATA means Postfix queued the
// message, so a test waits for it with Server.WaitForMessages.
package postfixtest
