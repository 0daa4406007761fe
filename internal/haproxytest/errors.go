//go:build unix

package haproxytest

import "errors"

// ErrNotInstalled: no haproxy binary on PATH or in /usr/sbin.
var ErrNotInstalled = errors.New("haproxytest: haproxy is not installed (Debian: apt-get install haproxy, or .ci/install-deps haproxy)")

// ErrExited: HAProxy stopped during start-up, usually a configuration
// error, which its log (attached to the failing test) names.
var ErrExited = errors.New("haproxytest: haproxy exited during start-up")
