//go:build !unix

package render

import "time"

var cpuEpoch = time.Now()

// cpuTime falls back to the wall clock where the process's CPU time is
// not available (js/wasm).
func cpuTime() time.Duration { return time.Since(cpuEpoch) }
