package measure

import (
	"errors"
	"slices"
	"testing"
)

func TestRotate(t *testing.T) {
	for _, tc := range []struct {
		round int
		want  []string
	}{
		{0, []string{"a", "b", "c"}},
		{1, []string{"b", "c", "a"}},
		{5, []string{"c", "a", "b"}},
	} {
		var got []string
		step := func(s string) func() error { return func() error { got = append(got, s); return nil } }
		if err := Rotate(tc.round, step("a"), step("b"), step("c")); err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("round %d: ran %v (%v), want %v", tc.round, got, err, tc.want)
		}
	}
	boom := errors.New("boom")
	ran := 0
	err := Rotate(0, func() error { ran++; return boom }, func() error { ran++; return nil })
	if !errors.Is(err, boom) || ran != 1 {
		t.Errorf("after a failing first step: %v, %d steps ran; want boom, 1", err, ran)
	}
}
