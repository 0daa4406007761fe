package ui

import "runtime/debug"

// signInGCPercent is the garbage collector's GOGC while a sign-in's sync
// and the inbox's first render run. They allocate about 10 MB of
// short-lived garbage (a header's bytes, its parse, a row's strings)
// over a live heap of a few MB, which at the default of 100 costs four or
// five collections on the tab's only thread; the setting goes back once
// the inbox is painted (set back earlier, the heap over its new goal
// would start a collection before the paint). Measured with make bench's sign-in breakdown
// (app/internal/benchreport): 400 takes about a seventh off the
// browser's CPU time for a sign-in to 1,000 messages.
const signInGCPercent = 400

// relaxGC sets GOGC to signInGCPercent; the function it returns sets it
// back; calling it twice does no harm.
func relaxGC() (restore func()) {
	prev := debug.SetGCPercent(signInGCPercent)
	if prev == signInGCPercent {
		// An earlier sign-in's setting, not back yet: go back to Go's
		// default (no GOGC in a browser), not to that.
		prev = 100
	}
	return func() { debug.SetGCPercent(prev) }
}
