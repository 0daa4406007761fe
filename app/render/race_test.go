//go:build race

package render

// raceEnabled reports a -race build: the timing tests skip under it (the
// detector slows code by 5–20× and needs the garbage collector on), and
// make test runs them again without it; the fuzz budgets grow 20×.
const raceEnabled = true
