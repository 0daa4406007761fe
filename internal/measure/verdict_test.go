package measure

import (
	"slices"
	"testing"
	"time"
)

func TestTargetMet(t *testing.T) {
	for _, tc := range []struct {
		name string
		t    Target
		vs   []float64
		want bool
	}{
		{"at least, above", Target{Op: AtLeast, Bound: 20}, []float64{316}, true},
		{"at least, equal", Target{Op: AtLeast, Bound: 20}, []float64{20}, true},
		{"at least, below", Target{Op: AtLeast, Bound: 20}, []float64{19.99}, false},
		{"at most, equal", Target{Op: AtMost, Bound: 3}, []float64{3}, true},
		{"at most, above", Target{Op: AtMost, Bound: 3}, []float64{3.01}, false},
		{"below, equal", Target{Op: Below, Bound: float64(2 * time.Second)}, []float64{float64(2 * time.Second)}, false},
		{"below, under", Target{Op: Below, Bound: float64(2 * time.Second)}, []float64{float64(1999 * time.Millisecond)}, true},
		{"above, equal", Target{Op: Above, Bound: 1}, []float64{1}, false},
		{"above, over", Target{Op: Above, Bound: 1}, []float64{1.5}, true},
		{"both ways, both met", Target{Op: AtLeast, Bound: 1.5}, []float64{1.6, 2}, true},
		{"both ways, one missed", Target{Op: AtLeast, Bound: 1.5}, []float64{1.6, 1.4}, false},
		{"no value", Target{Op: AtLeast, Bound: 0}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.t.Met(tc.vs...); got != tc.want {
				t.Fatalf("Met(%v) = %v, want %v", tc.vs, got, tc.want)
			}
		})
	}
}

func TestVerdicts(t *testing.T) {
	var vd Verdicts
	if got, want := vd.Summary(), "\nAll targets met.\n"; got != want {
		t.Fatalf("Summary with no verdict = %q, want %q", got, want)
	}
	speedup := Target{Text: "≥ 20×", Op: AtLeast, Bound: 20}
	if got, want := vd.Check("speed-up ≥ 20×", speedup, 316), "≥ 20× ✓"; got != want {
		t.Fatalf("met: cell %q, want %q", got, want)
	}
	if got, want := vd.Check("speed-up ≥ 20×", speedup, 12), "**≥ 20× ✗ missed**"; got != want {
		t.Fatalf("missed: cell %q, want %q", got, want)
	}
	vd.Check("floor ≤ 3×", Target{Text: "≤ 3×", Op: AtMost, Bound: 3}, 3.5)
	if got, want := vd.Missed(), []string{"speed-up ≥ 20×", "floor ≤ 3×"}; !slices.Equal(got, want) {
		t.Fatalf("Missed = %q, want %q", got, want)
	}
	if got, want := vd.Summary(), "\nTargets missed: speed-up ≥ 20×; floor ≤ 3×.\n"; got != want {
		t.Fatalf("Summary = %q, want %q", got, want)
	}
}
