//go:build !(js && wasm)

package ui

import "testing"

// A sync's progress is said at its start, at each quarter and at its end,
// not at each of the progress bar's steps.
func TestAnnounceProgress(t *testing.T) {
	for _, tc := range []struct {
		name        string
		was         [2]int
		done, total int
		want        string // "" when nothing is said
	}{
		{"start", [2]int{}, 1, 1000, "Loading 1,000 messages…"},
		{"same quarter", [2]int{1, 1000}, 200, 1000, ""},
		{"next quarter", [2]int{200, 1000}, 260, 1000, "Loading messages: 260 of 1,000."},
		{"end", [2]int{900, 1000}, 1000, 1000, "Loaded 1,000 messages."},
		{"after the end", [2]int{1000, 1000}, 1000, 1000, ""},
		{"a new sync", [2]int{1000, 1000}, 1, 300, "Loading 300 messages…"},
		{"a small sync", [2]int{}, 1, 3, ""},
		{"no total", [2]int{}, 0, 0, ""},
	} {
		announced = ""
		announceProgress(tc.was, tc.done, tc.total)
		if announced != tc.want {
			t.Errorf("%s: announced %q, want %q", tc.name, announced, tc.want)
		}
	}
}
