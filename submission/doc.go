// Package submission is an SMTP message submission client engine: the
// half of a POP3 user's mail system that sends. It speaks over any
// net.Conn, so the same code runs natively (tests, benchmarks) and
// compiled to js/wasm in the browser, where the connection is TLS over
// the bridge's WebSocket.
//
// It implements:
//   - RFC 5321, the Simple Mail Transfer Protocol (EHLO, MAIL, RCPT, DATA,
//     RSET, QUIT), and RFC 6409, message submission;
//   - RFC 8314 implicit TLS (port 465) and RFC 3207 STARTTLS (port 587);
//   - RFC 4954 AUTH with the mechanisms of github.com/emersion/go-sasl
//     (PLAIN, LOGIN, XOAUTH2, RFC 7628 OAUTHBEARER), initial response
//     included in the AUTH line so that it costs one round trip;
//   - RFC 1870 SIZE: a message larger than the server's limit is refused
//     before a byte of it is sent;
//   - RFC 6152 8BITMIME and RFC 6531 SMTPUTF8, declared when offered;
//   - RFC 2920 PIPELINING: MAIL, every RCPT and DATA go out in one write;
//   - RFC 3463 enhanced status codes, kept in every *Error.
//
// # Never lost, never sent twice
//
// Outcome is the one classification a caller (the outbox) uses. The line
// it draws is the final dot of DATA: an error before the dot is written
// means the server cannot have accepted the message (NotSentRetry or
// NotSentPermanent); once the dot may have left, a lost connection, a
// timeout, a cancelled context or a garbled reply means the message MAY
// have been sent (ErrOutcomeUnknown, MaybeSent), and the caller must not
// resend it without asking the person.
//
// # Why not go-smtp's client
//
// github.com/emersion/go-smtp's Client sends every command and waits for
// its reply on an unexported textproto.Conn, so MAIL, RCPT and DATA
// cannot be pipelined through it; it has no upload progress and does not
// separate "the final dot was not written" from "its reply was lost";
// and package smtp holds the server too, which the wasm would carry. This
// package therefore writes its own wire layer (a few hundred lines) and
// keeps go-smtp for what it is best at here: the server the tests and
// benchmarks talk to, and the native baseline the benchmark compares with.
package submission
