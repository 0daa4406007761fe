package render

import (
	"runtime"
	"testing"
	"time"
)

// timeBudget is what one fuzz input of n bytes may cost: base plus
// perByte for each byte, many times what the linear code needs, and 20×
// more under the race detector. A quadratic path blows it on the large
// pathological seeds: linkEnd's old bracket recount took about 0.4 s on
// 192 KB of ')', where FuzzLinkify's budget is about 100 ms and the
// linear code needs 2 ms; bluemonday's escape decoding took 1.2 s on the
// 64 KB escape seed of FuzzCSS, whose budget is about 0.55 s.
func timeBudget(n int, base, perByte time.Duration) time.Duration {
	d := base + time.Duration(n)*perByte
	if raceEnabled {
		d *= 20
	}
	return d
}

// withinBudget runs f and fails t if it used more CPU time (see cpuTime)
// than timeBudget allows for n bytes.
func withinBudget(t *testing.T, n int, base, perByte time.Duration, f func()) {
	t.Helper()
	start := cpuTime()
	f()
	if runtime.GOOS == "js" {
		// js/wasm has no CPU clock, only the wall clock of a browser
		// that shares the machine; the native runs hold the budget (and
		// TestLinearTime skips here for the same reason).
		return
	}
	if d, limit := cpuTime()-start, timeBudget(n, base, perByte); d > limit {
		t.Errorf("%d bytes took %v, over the budget of %v: is a loop no longer linear?", n, d, limit)
	}
}
