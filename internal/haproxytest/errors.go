//go:build unix

package haproxytest

import (
	"errors"
	"fmt"
)

// ErrNotInstalled: no haproxy binary on PATH or in /usr/sbin.
var ErrNotInstalled = errors.New("haproxytest: haproxy is not installed (Debian: apt-get install haproxy, or .ci/install-deps haproxy)")

// ErrExited: HAProxy stopped during start-up, usually a configuration
// error, which its log (attached to the failing test) names.
var ErrExited = errors.New("haproxytest: haproxy exited during start-up")

// BackendsError reports an Options.Backends the configuration cannot
// take: none, or more than it has server lines for.
type BackendsError struct{ N int }

func (e *BackendsError) Error() string {
	return fmt.Sprintf("haproxytest: %d backends; deploy/haproxy/haproxy.cfg takes 1 to %d (POPPY_BRIDGE1..%d)", e.N, MaxBackends, MaxBackends)
}
