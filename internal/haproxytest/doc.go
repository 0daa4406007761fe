// Package haproxytest starts a real, private HAProxy (Debian's haproxy,
// 2.6 or later) for tests, running the repository's own configuration,
// deploy/haproxy/haproxy.cfg, unchanged: everything that differs between
// a test and a deployment (addresses, ports, the certificate, limits,
// check interval) reaches that file through its environment variables,
// which internal/haproxyconf names for this harness and for the bridge's
// benchmark alike. So the tests that use it test the file operators run.
//
// Each Start gives a test its own HAProxy on loopback ports picked free
// at start, with a fresh test CA and a certificate for localhost,
// 127.0.0.1 and ::1 (TLS termination), and a runtime API socket in the
// test's temporary directory, through which the harness waits until every
// bridge has been health-checked (HTTP/1.1, RFC 9112; WebSocket upgrades,
// RFC 6455, pass through it).
//
// Without the haproxy binary Start skips the test, or fails it when the
// environment variable CI is set (internal/harness.Unavailable): `make
// test` installs it with .ci/install-deps.
//
// It is for tests only.
package haproxytest
