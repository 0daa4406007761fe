package measure

import (
	"fmt"
	"strings"
)

// Op is how a figure is compared with its target's bound.
type Op int

const (
	AtLeast Op = iota // figure ≥ bound
	AtMost            // figure ≤ bound
	Above             // figure > bound
	Below             // figure < bound
)

// Target is a goal a figure of a report is held to. The tables print Text
// with the verdict, so a reader sees the goal, whether it was met, and
// (in the report's last line) every goal that was missed.
type Target struct {
	Text  string // the goal as the table states it, such as "≥ 20×"
	Op    Op
	Bound float64 // durations as float64(time.Duration), bytes as counts
}

// Met reports whether every one of vs meets the target; several values
// are for goals such as "≥ 1.5× both ways". No value meets nothing.
func (t Target) Met(vs ...float64) bool {
	if len(vs) == 0 {
		return false
	}
	for _, v := range vs {
		var ok bool
		switch t.Op {
		case AtLeast:
			ok = v >= t.Bound
		case AtMost:
			ok = v <= t.Bound
		case Above:
			ok = v > t.Bound
		case Below:
			ok = v < t.Bound
		default:
			panic(fmt.Sprintf("measure: unknown Op %d", t.Op))
		}
		if !ok {
			return false
		}
	}
	return true
}

// Mark returns the Target cell of a table for a verdict: "≥ 20× ✓" when
// met, "**≥ 20× ✗ missed**" (bold, so a miss cannot be overlooked) when
// not.
func Mark(text string, met bool) string {
	if met {
		return text + " ✓"
	}
	return "**" + text + " ✗ missed**"
}

// Verdicts collects the verdicts of one report, so that the report can
// end by naming every target it missed. The zero value is ready to use.
type Verdicts struct {
	missed []string
}

// Check compares vs with t, records a miss under the name what, and
// returns the table cell (see Mark).
func (vd *Verdicts) Check(what string, t Target, vs ...float64) string {
	met := t.Met(vs...)
	if !met {
		vd.missed = append(vd.missed, what)
	}
	return Mark(t.Text, met)
}

// Missed returns the names of the targets missed so far, in order.
func (vd *Verdicts) Missed() []string { return append([]string(nil), vd.missed...) }

// Summary is the report's closing line: "Targets missed: a; b." with a
// blank line before it, or "All targets met." when none was missed.
func (vd *Verdicts) Summary() string {
	if len(vd.missed) == 0 {
		return "\nAll targets met.\n"
	}
	return "\nTargets missed: " + strings.Join(vd.missed, "; ") + ".\n"
}
