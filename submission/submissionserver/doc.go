// Package submissionserver is an in-memory message submission server
// (RFC 6409) for tests, benchmarks and the bridge's demo mailbox. It sits
// beside the submission engine as pop3/pop3server sits beside pop3, and is
// built on the server side of github.com/emersion/go-smtp.
//
// What it speaks:
//
//   - SMTP (RFC 5321) with ENHANCEDSTATUSCODES (RFC 2034, codes of RFC 3463);
//   - AUTH (RFC 4954) with PLAIN (RFC 4616) and LOGIN
//     (draft-murchison-sasl-login), checked against the users of AddUser;
//     mail is accepted only from an authenticated session (RFC 6409 §4.3);
//   - SIZE (RFC 1870), refused at MAIL when declared and at DATA when not;
//   - STARTTLS (RFC 3207) when Options.TLSConfig is set, and implicit TLS
//     (RFC 8314) through ServeTLS and StartLocalTLS;
//   - PIPELINING (RFC 2920), 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) and
//     CHUNKING (RFC 3030), as go-smtp offers them.
//
// Nothing is relayed anywhere: an accepted message goes to Options.Deliver,
// or, when that is nil, is kept in memory for Messages. Recipients are
// judged one by one at RCPT time by Options.Recipient, which is where SMTP
// can refuse one recipient of several: after the final dot there is only
// one reply for the whole message (RFC 5321 §4.1.1.4).
//
// For tests of a client's failure paths, a callback may return ErrHangUp
// to drop the connection without a reply (after the final dot: "the
// message may have been sent"), and Options.Latency puts a one-way delay
// on every connection.
//
// Credentials never go over plain text unless Options.AllowInsecureAuth is
// set, which only a loopback demo should do.
package submissionserver
