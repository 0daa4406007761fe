// Command bridge is Poppy's self-hosted server: a WebSocket-to-TCP relay
// that lets the POP3 engine in the browser reach mail servers, without being
// an open proxy; the host of the web app; a demo mailbox; and a probe for
// operators.
//
// Usage:
//
//	go run ./bridge [flags]                 serve (see -h)
//	go run ./bridge probe [flags] HOST:PORT check a mail server from this host
//
// Every flag has an environment variable: -max-sessions-per-ip is
// POPPY_MAX_SESSIONS_PER_IP. A flag on the command line wins over the
// variable. Repeatable flags (-target, -submission, -origin,
// -trusted-proxy) take a comma- or space-separated list from the variable:
// POPPY_TARGET="work=mail.example.com:995/tls"
// POPPY_SUBMISSION="work=mail.example.com:465/tls".
//
// A target can send when -submission names its submission server:
// -target work=mail.example.com:995/tls -submission
// work=mail.example.com:465/tls (or :587/starttls).
//
// With no -target, the demo mailbox is served as the target "demo"
// (-demo=false turns that off).
package main
