// Package haproxyconf runs the repository's HAProxy configuration,
// deploy/haproxy/haproxy.cfg, unchanged: it turns Settings into the
// environment variables the file reads ("${POPPY_...}") and builds the
// command that runs Debian's haproxy on it in the foreground. The tests'
// harness (internal/haproxytest) and the bridge's benchmark report
// (bridge/internal/benchreport, a program, which has no testing.TB) run
// HAProxy through it, so both run the file operators deploy.
//
// HAProxy proxies HTTP/1.1 (RFC 9112) and passes WebSocket upgrades
// (RFC 6455) through as tunnels; see the file's comments.
package haproxyconf
