//go:build race

package render

// raceEnabled reports a -race build: timing tests that hold absolute
// times skip under it (the detector slows code by 5–20×), ratio tests
// do not.
const raceEnabled = true
