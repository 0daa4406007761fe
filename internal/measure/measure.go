// Package measure holds what Poppy's benchmark report programs share
// (pop3/, bridge/ and app/ each have one under internal/benchreport): the
// median of repeated runs, which is what every table quotes because
// absolute times drift on a shared machine; the targets the figures are
// held to and the ✓/✗ verdicts the tables print (Target, Verdicts); a
// copy with a fixed read size, so a baseline reads as the code it is
// compared with (Copy); and the progress log.
package measure

import (
	"fmt"
	"os"
	"slices"
	"time"
)

// Median returns the median of xs (the mean of the middle two for an
// even count). xs is not modified.
func Median[T int64 | float64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// Logf prints a progress line to standard error, keeping standard output
// for the Markdown table docs/benchmarks.md quotes.
func Logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "benchreport: "+format+"\n", args...)
}
