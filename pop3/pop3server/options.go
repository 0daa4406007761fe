package pop3server

import (
	"crypto/tls"
	"log/slog"
	"time"
)

// Options configure a Server. A nil *Options, and every zero field, means
// the safe default documented on the field.
type Options struct {
	// TLSConfig enables STLS (RFC 2595): CAPA advertises it and the
	// command upgrades the session. Nil means no STLS. It is not used for
	// implicit TLS, which is a tls.Server conn given to ServeConn.
	TLSConfig *tls.Config

	// Latency is a one-way delay put on every connection (see
	// internal/netsim.Delay): data from the client becomes readable, and
	// replies reach it, Latency later. A round trip costs 2×Latency. Zero
	// means none. The delay wraps the conn given to ServeConn, so for
	// implicit TLS it delays the plaintext rather than the TLS records.
	Latency time.Duration

	// DisablePipelining removes PIPELINING from CAPA and stops supporting
	// it: every reply is flushed at once, and a command that was already
	// buffered when the previous reply was written (the client did not wait
	// for it) is refused with -ERR without being run. A client that
	// pipelines without checking CAPA fails visibly instead of by luck.
	DisablePipelining bool
	// DisableUIDL removes UIDL from CAPA and answers the command with -ERR,
	// like an RFC 1939 server without the optional command.
	DisableUIDL bool
	// DisableTOP removes TOP from CAPA and answers the command with -ERR.
	DisableTOP bool
	// DisableCAPA answers CAPA with -ERR, like an RFC 1939 server that
	// predates RFC 2449: a client then learns nothing of what is offered.
	DisableCAPA bool
	// DisableUSER removes USER from CAPA and answers USER and PASS with
	// -ERR as unknown commands, like a server that accepts only APOP or
	// SASL. Such a refusal does not count towards MaxAuthFailures: no
	// password was judged.
	DisableUSER bool

	// LockSession gives a session exclusive access to its mailbox while it
	// is in the TRANSACTION state, as RFC 1939 §4 describes: a second login
	// fails with -ERR [IN-USE] until the first session ends. False lets
	// sessions of one user overlap, which load tests need.
	LockSession bool

	// IdleTimeout closes a session that sends no command for this long,
	// without a reply and without deleting anything (RFC 1939 §3). It also
	// bounds how long one reply may take to be written, so a client that
	// stops reading cannot pin a session. Zero means 10 minutes, the
	// minimum RFC 1939 allows for the autologout timer.
	IdleTimeout time.Duration

	// MaxAuthFailures is how many failed USER/PASS, APOP or AUTH attempts
	// a session may make; the connection is closed after the last one.
	// Zero means 3; a negative value means no limit.
	MaxAuthFailures int

	// Hostname is the host part of the APOP timestamp in the greeting.
	// Empty means "localhost": the demo mailbox must not reveal the name
	// of the machine it runs on.
	Hostname string

	// Logger receives session events (connect, login, errors) at Debug
	// level and internal faults at Error level. Nil discards them.
	Logger *slog.Logger

	// CommandLog, if set, is called with every command line a client
	// sends, in order, before the command runs (or is refused). user is the authenticated
	// user, or "" before authentication. Secrets are redacted: the argument
	// of PASS, the digest of APOP and the initial response of AUTH become
	// "***", and SASL continuation lines are not reported. It is called
	// from session goroutines, concurrently; CommandRecorder.Record is a
	// ready-made, safe implementation.
	CommandLog func(user, line string)
}

const (
	defaultIdleTimeout     = 10 * time.Minute
	defaultMaxAuthFailures = 3
	defaultHostname        = "localhost"

	// maxCommandLine is RFC 2449 §4's limit for a command line, CRLF
	// included.
	maxCommandLine = 255
	// maxSASLLine bounds a SASL continuation line. It is not a command, and
	// RFC 5034 §4 lets responses grow beyond the command limit; 4 KiB is
	// far more than PLAIN needs and still small.
	maxSASLLine = 4096
	// maxBadCommands is how many unknown or malformed commands in a row
	// end a session: a client that only sends noise is not speaking POP3.
	maxBadCommands = 20
)

// withDefaults returns a copy of o with every zero field set to its
// default, so the rest of the package never checks for zero values.
func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = defaultIdleTimeout
	}
	if c.MaxAuthFailures == 0 {
		c.MaxAuthFailures = defaultMaxAuthFailures
	}
	if c.Hostname == "" {
		c.Hostname = defaultHostname
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
