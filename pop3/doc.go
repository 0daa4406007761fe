// Package pop3 is a POP3 client engine: streaming, pipelining and safe
// against hostile servers. It speaks over any net.Conn, so the same code
// runs natively (tests, the bridge's probe) and compiled to js/wasm in the
// browser, where the connection is TLS over a WebSocket.
//
// It implements:
//   - RFC 1939, the Post Office Protocol version 3: USER/PASS, APOP, STAT,
//     LIST, RETR, DELE, NOOP, RSET, TOP, UIDL and QUIT;
//   - RFC 2449, the extension mechanism: CAPA, response codes and
//     PIPELINING (batches go out in windows bounded by Options.PipelineWindow);
//   - RFC 3206, the SYS and AUTH response codes;
//   - RFC 2595 STLS and RFC 8314 implicit TLS (port 995);
//   - RFC 5034 SASL authentication (AUTH), with the mechanisms of
//     github.com/emersion/go-sasl: PLAIN, LOGIN, XOAUTH2 and RFC 7628
//     OAUTHBEARER, plus RFC 2195 CRAM-MD5 from this package;
//   - RFC 6856 UTF8 and LANG.
//
// # Sessions
//
// A Client is one POP3 session. Its methods may be called from several
// goroutines; commands are serialised, and a method waits for the previous
// response (including an open Retr or Top body) to finish, or for its
// context to end. Every method takes a context: cancelling it, or reaching
// its deadline, in the middle of a reply ends the session, because the
// position in the reply stream is then unknown and a desynchronised POP3
// session could act on the wrong message. After that every call returns an
// error matching ErrClosed.
//
// Deletions are only marked by Dele; the server commits them when Quit
// succeeds. Close, a dropped connection or a cancelled Quit deletes nothing
// (or, for a Quit whose reply was lost, an unknown amount: see Quit).
//
// # Login
//
// Login picks the method by what protects the password best on the
// connection, and falls back to the next one when the server refuses a
// method in a way that cannot have judged the password:
//   - over TLS: SASL PLAIN, SASL LOGIN, USER/PASS, CRAM-MD5, APOP;
//   - without TLS (only with Options.AllowInsecureAuth): CRAM-MD5, APOP,
//     SASL PLAIN, SASL LOGIN, USER/PASS.
//
// Only the methods the greeting (an APOP timestamp) and CAPA offer are
// tried; USER/PASS counts as offered by a server without CAPA. A refusal
// of the password itself ends Login, so one Login costs at most one failed
// password attempt (RFC 3206 response codes decide; see Client.Login).
//
// When the server announced PIPELINING before login (and
// Options.DisablePipelining is off) and the credentials are ASCII,
// USER/PASS moves before SASL PLAIN and LOGIN, which send the password
// just the same, and USER and PASS go out in one write: one round trip
// instead of two. A refused USER still gives its own *Error, after the
// PASS reply is read; a server that refuses USER and then accepts PASS
// ends the session with a protocol error. After login, the CAPA that
// reads the capabilities again (servers announce more once logged in)
// goes out in the same write as the first batch, so the listing (CAPA,
// UIDL, LIST) costs one round trip; its reply applies to the rest of the
// batch. Client.StatLast asks STAT and UIDL n together, to check a kept
// listing in one round trip.
//
// # Limits
//
// All limits are on by default (see Options): the length of a line, the
// size of a message body and of a listing, and the time the server may stay
// silent. Exceeding one ends in a *LimitError, never in unbounded memory.
package pop3
