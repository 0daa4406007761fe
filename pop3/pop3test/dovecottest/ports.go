//go:build unix

package dovecottest

import "github.com/poppymail/poppy/internal/harness"

// pickPorts is harness.FreePorts; a test replaces it to provoke a bind
// failure.
var pickPorts = freePorts

var freePorts = harness.FreePorts
