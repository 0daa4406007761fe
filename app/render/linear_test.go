package render

import (
	"flag"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

var linearBase = flag.Int("render.linearbase", 0, "smaller message size of TestLinearTime, in bytes (the larger is 4×); 0 means 1 MiB")

// skipTiming skips the timing tests in js/wasm, where the test has no
// CPU clock of its own and shares the browser's main thread: the code is
// the same as natively, where they run.
func skipTiming(t *testing.T) {
	t.Helper()
	if runtime.GOOS == "js" {
		t.Skip("timing is measured natively: js/wasm has no process CPU clock")
	}
	if testing.Short() {
		// make check runs every package at once; make test runs these
		// alone, outside -race too (see the Makefile's test-native).
		t.Skip("worst-case timings: skipped by -short (make check); make test runs them")
	}
}

// renderEntryPoints runs what the UI runs on a message: the inbox row
// (Headers), the message with remote content blocked, and again after
// "Load remote content".
func renderEntryPoints(raw []byte) {
	Headers(raw, nil)
	Render(raw, nil)
	Render(raw, &Options{AllowRemote: true})
}

// minTime is the least CPU time (see cpuTime) of runs calls of f: the
// least disturbed by other work on a shared machine.
func minTime(runs int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	// Each run starts from a clean heap whose memory went back to the
	// system, so every run takes its memory fresh (the page faults then
	// cost the same per byte in every run, instead of depending on what
	// the runs before left), and runs without the garbage collector,
	// whose cycles fall differently for each size and were most of the
	// noise in the ratios (a run allocates a few hundred MB at most).
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for range runs {
		debug.FreeOSMemory()
		debug.SetGCPercent(-1)
		start := cpuTime()
		f()
		best = min(best, cpuTime()-start)
		debug.SetGCPercent(100)
	}
	return best
}

// TestLinearTime holds issue 9's goal: rendering takes time linear in
// the message's size. For each worst-case family it renders a message
// of 1 MiB and one of 4 MiB through every entry point, and fails when
// the time per byte grows by more than 1.5× from the smaller to the
// larger. A quadratic path grows by about 4×; a linear one stays near
// 1×. Both sizes are measured in the same run, interleaved, and each is
// the fastest of several tries, so the ratio survives a busy machine;
// a family over the bound is measured again before it fails.
//
// It skips under -race. There the garbage collector must stay on (the
// detector's shadow memory is too large to run without it), and make
// test's race run shares two cores with every other package, Chromium
// included: in one CI run the 512 KiB message took 6.3× the time of the
// 128 KiB one in all four attempts, where the same test alone measures
// 1.0×. make test measures it again on its own, without -race (-p 1; see
// the Makefile's test-native), and that run holds the goal.
func TestLinearTime(t *testing.T) {
	skipTiming(t)
	if raceEnabled {
		t.Skip("time per byte is measured by make test's run without -race, one package at a time")
	}
	small := *linearBase
	if small == 0 {
		small = 1 << 20
	}
	for _, wc := range worstCases {
		t.Run(wc.name, func(t *testing.T) {
			a, b := wc.gen(small), wc.gen(4*small)
			var ta, tb time.Duration = 1<<63 - 1, 1<<63 - 1
			var ratio float64
			for attempt := range 4 {
				for range 2 {
					ta = min(ta, minTime(1, func() { renderEntryPoints(a) }))
					tb = min(tb, minTime(1, func() { renderEntryPoints(b) }))
				}
				ratio = (float64(tb) / float64(len(b))) / (float64(ta) / float64(len(a)))
				if ratio <= 1.5 {
					break
				}
				t.Logf("attempt %d: ratio %.2f, measuring again", attempt+1, ratio)
			}
			t.Logf("%s: %d B: %v, %d B: %v, time per byte ×%.2f", wc.name, len(a), ta, len(b), tb, ratio)
			if ratio > 1.5 {
				t.Errorf("time per byte grows ×%.2f from %d to %d bytes (%v, then %v): not linear", ratio, len(a), len(b), ta, tb)
			}
		})
	}
}

// wallTime is the least wall-clock time of runs calls of f, made as the
// app makes them: on the heap the runs before left, with the garbage
// collector on. A person waits for the wall clock; the process's CPU time
// would also count the collector's background workers on the other core,
// whose share moved the same render between 0.6 and 1.05 s here.
func wallTime(runs int, f func()) time.Duration {
	best := time.Duration(1<<63 - 1)
	for range runs {
		start := time.Now()
		f()
		best = min(best, time.Since(start))
	}
	return best
}

// TestWorstCaseUnderOneSecond holds the other half of the goal: no
// message within the limits (DefaultMaxBodySize of text or HTML) takes
// more than a second to render natively, on the wall clock that a person
// waits on (see wallTime). The fastest of five tries counts. Absolute times mean nothing under the race detector, so only
// there it skips.
func TestWorstCaseUnderOneSecond(t *testing.T) {
	skipTiming(t)
	if raceEnabled {
		t.Skip("absolute timing is meaningless under -race; TestLinearTime still runs")
	}
	for _, wc := range worstCases {
		t.Run(wc.name, func(t *testing.T) {
			raw := wc.gen(DefaultMaxBodySize)
			for _, opts := range []*Options{nil, {AllowRemote: true}} {
				d := wallTime(5, func() { Render(raw, opts) })
				t.Logf("%s: %d B: %v", wc.name, len(raw), d)
				if d > time.Second {
					t.Errorf("rendering %d bytes took %v, want under 1 s", len(raw), d)
				}
			}
			if d := wallTime(5, func() { Headers(raw, nil) }); d > time.Second {
				t.Errorf("reading the header of %d bytes took %v, want under 1 s", len(raw), d)
			}
		})
	}
}
