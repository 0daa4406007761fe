package ui

import "testing"

func TestArrowsMirrorRightToLeft(t *testing.T) {
	for _, tc := range []struct{ key, dir, want string }{
		{"ArrowLeft", "ltr", "ArrowLeft"},
		{"ArrowRight", "ltr", "ArrowRight"},
		{"ArrowLeft", "rtl", "ArrowRight"},
		{"ArrowRight", "rtl", "ArrowLeft"},
		{"ArrowDown", "rtl", "ArrowDown"},
		{"j", "rtl", "j"},
	} {
		if got := logicalArrow(tc.key, tc.dir); got != tc.want {
			t.Errorf("logicalArrow(%q, %q) = %q, want %q", tc.key, tc.dir, got, tc.want)
		}
	}
	for _, tc := range []struct{ label, dir, want string }{
		{"→", "ltr", "→"}, {"→", "rtl", "←"}, {"←", "rtl", "→"}, {"j or ↓", "rtl", "j or ↓"},
	} {
		if got := shownArrow(tc.label, tc.dir); got != tc.want {
			t.Errorf("shownArrow(%q, %q) = %q, want %q", tc.label, tc.dir, got, tc.want)
		}
	}
}
