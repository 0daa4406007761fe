// Package transport connects the web app's POP3 engine to a mail server
// through the bridge: a WebSocket (RFC 6455) to the bridge's /ws endpoint,
// carrying the raw bytes of a TCP connection, with TLS from the app to the
// mail server on top (RFC 8314 implicit TLS, or RFC 2595 STLS).
//
// The bridge therefore relays ciphertext and never sees a password. TLS
// certificates are verified in the app against the bundled root store
// (golang.org/x/crypto/x509roots/fallback, since js/wasm has no system
// roots). A certificate that fails verification is refused with a
// *CertificateError carrying what a person needs to decide (subject,
// issuer, validity, SHA-256 fingerprint); the user may then trust exactly
// that fingerprint for that account, as Thunderbird's security exception
// does, and never silently.
//
// It builds natively too, where tests drive it against the real bridge.
package transport
