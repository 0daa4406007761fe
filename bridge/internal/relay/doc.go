// Package relay is the bridge's WebSocket-to-TCP relay (RFC 6455 over
// net/http, with github.com/coder/websocket): GET /ws?target=NAME upgrades to a
// WebSocket whose binary messages carry the raw bytes of one TCP connection
// to the operator's target NAME, both ways. The service parameter picks
// which of the target's servers that is: its POP3 server (absent, or
// service=pop3) or its message submission server (service=submission).
// An unknown service is refused with 4400, a submission session for a
// target without a submission server with 4404; neither dials anything.
//
// # What it guarantees
//
//   - No open proxy: it dials only targets from the operator's registry
//     (the POP3 server, or the submission server the operator named for
//     it), or, when enabled, user-entered servers vetted by targets.Custom
//     (on its submission ports for service=submission).
//   - Backpressure: each direction moves one bounded chunk at a time and
//     reads the next only after the previous one was written, so a slow
//     browser or a slow mail server stalls its sender instead of filling
//     memory. Incoming messages are limited to Options.MaxMessageSize and
//     are streamed, never held whole.
//   - Clean endings: when the mail server closes first, every byte it sent
//     is written to the WebSocket before the close frame. When the browser
//     goes first, the bridge half-closes the TCP connection (FIN after the
//     last relayed byte, so a final QUIT still reaches the server and
//     commits the deletions) and lingers briefly instead of resetting it.
//     Every other ending carries a bridgeapi close code and reason.
//   - Admission: the Origin header must be one of Options.Origins exactly
//     (scheme, host, port): the bridge's configured public names and the
//     operator's extra origins. The Host header counts for nothing, so DNS
//     rebinding cannot pass (a missing Origin is refused too, since every
//     browser sends one); limits.Limiter caps sessions and their rate per
//     client.
//   - No oracle: a user-entered name that resolves to a forbidden address,
//     or to none, is answered exactly as a name that does not resolve
//     ("target unreachable"), so a page cannot map internal DNS.
//   - The browser's address at the mail server, where the operator opts
//     in (targets.SetProxyProtocol): the connection to that server starts
//     with a PROXY protocol v2 header (HAProxy's proxy-protocol.txt,
//     §2.2) naming the client as limits.ClientIP found it and the
//     bridge's address, before the first relayed byte. The server's logs,
//     auth penalties and bans then see the browser, not the bridge. The
//     TLS of the tab follows untouched; user-entered servers never get a
//     header.
//
// It never looks into, logs or keeps payload bytes: TLS runs from the
// browser to the mail server, and the relay sees only ciphertext (or the
// plain POP3 of the loopback demo).
package relay
