// Package pop3server is an in-memory POP3 server. It serves fast unit tests
// and benchmarks of the POP3 client, and the bridge's built-in demo
// mailbox, so it is both faithful to the protocol and safe to expose to
// hostile clients.
//
// It implements:
//   - RFC 1939, POP3: the AUTHORIZATION, TRANSACTION and UPDATE states;
//     USER/PASS, APOP, STAT, LIST, UIDL, RETR, TOP, DELE, NOOP, RSET, QUIT;
//   - RFC 2449, the extension mechanism: CAPA, response codes ([IN-USE],
//     [AUTH]) and PIPELINING;
//   - RFC 3206, the AUTH response code (AUTH-RESP-CODE);
//   - RFC 2595, STLS, when Options.TLSConfig is set (implicit TLS, RFC 8314,
//     is a tls.Server conn handed to ServeConn);
//   - RFC 5034, SASL authentication (AUTH), with the RFC 4616 PLAIN
//     mechanism, with or without an initial response.
//
// # Sessions and the mailbox
//
// A session sees a snapshot of its mailbox taken when it enters the
// TRANSACTION state: message numbers stay valid for the whole session, and
// mail delivered meanwhile appears only in later sessions. DELE only marks
// a message; the marks are applied to the shared mailbox when the client
// sends QUIT in the TRANSACTION state. A connection that drops, times out
// or is closed by Server.Close deletes nothing, which is the behaviour the
// client's "gone only after QUIT" promise is tested against.
//
// # Limits
//
// A command line is limited to 255 octets including CRLF (RFC 2449 §4); a
// longer line is answered with -ERR and skipped. A session is closed after
// Options.MaxAuthFailures failed logins, after a run of unknown or
// malformed commands, or after Options.IdleTimeout without a command
// (RFC 1939 §3: silently, deleting nothing). No input a client sends can
// make the server panic, allocate without bound or block another session.
//
// # Pipelining
//
// Replies go through a buffered writer that is flushed only when no further
// input is already buffered, so a pipelined batch (RFC 2449 §6.6) is
// answered in order, in as few writes as possible. Options.Latency puts a
// simulated one-way delay on each connection, which makes the difference
// between pipelined and lock-step clients measurable on loopback.
package pop3server
