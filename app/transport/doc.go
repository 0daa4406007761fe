// Package transport connects the web app's POP3 engine to a mail server
// through the bridge: a WebSocket (RFC 6455) to the bridge's /ws endpoint,
// carrying the raw bytes of a TCP connection, with TLS from the app to the
// mail server on top (RFC 8314 implicit TLS, or RFC 2595 STLS).
//
// The bridge therefore relays ciphertext and never sees a password. TLS
// certificates are verified in the app against the root store of
// golang.org/x/crypto/x509roots/fallback (js/wasm has no system roots),
// which the bridge serves as a file beside app.wasm and the app checks
// against the SHA-256 it was built with (roots.go). A certificate that fails verification is refused with a
// *CertificateError carrying what a person needs to decide (subject,
// issuer, validity, SHA-256 fingerprint); the user may then trust exactly
// that fingerprint for that account, as Thunderbird's security exception
// does, and never silently.
//
// Classify is the one place that says what a failure means: which of the
// bridge's close codes (bridgeapi) and which TLS errors are temporary, and
// so worth a retry or a deletion queued for later, and which are not
// (a target the bridge refuses, an untrusted certificate). TLS errors are
// known by their types, never by their text. What to tell a person about
// each is the UI's business (app/ui).
//
// It builds natively too, where tests drive it against the real bridge.
package transport
