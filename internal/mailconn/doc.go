// Package mailconn opens a POP3 or SMTP submission session to a mail
// server on a connection the caller already has, the same way for the
// browser app (over the bridge's WebSocket, app/transport) and for the
// bridge's own probe (over TCP, bridge/internal/probe): the target's
// security setting (RFC 8314 implicit TLS, RFC 2595 STLS or RFC 3207
// STARTTLS, or plain), TLS 1.2 or later with the verification done by
// hand so that a failure can be reported with the certificate, and what
// counts as the local machine. Both engines go through one security
// switch, so the settings mean the same for sending as for reading.
//
// It depends on nothing but the standard library, pop3, submission and
// bridgeapi, and builds for native and js/wasm: importing it drags in
// neither the browser app nor the bridge.
package mailconn
