//go:build unix

package postfixtest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAtLeast(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want bool
	}{
		{"3.7.11", true},
		{"3.6.0", true},
		{"3.10.1", true}, // Debian 13
		{"4.0", true},
		{"3.5.18", false},
		{"2.11.0", false},
		{"3", false},
		{"", false},
		{"x.y", false},
	} {
		if got := atLeast(tc.v, 3, 6); got != tc.want {
			t.Errorf("atLeast(%q, 3, 6) = %v, want %v", tc.v, got, tc.want)
		}
	}
	msg := (&UnsupportedVersionError{Version: "3.5.18"}).Error()
	if !strings.Contains(msg, "3.5.18") || !strings.Contains(msg, "3.6") {
		t.Errorf("UnsupportedVersionError %q: want the version found and the one needed", msg)
	}
}

// recorder records how cannotRun ends a test instead of ending it.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper()                      {}
func (r *recorder) Skip(args ...any)             { r.skipped = true }
func (r *recorder) Fatal(args ...any)            { r.failed = true }
func (r *recorder) Fatalf(f string, args ...any) { r.Fatal(fmt.Sprintf(f, args...)) }

// TestCannotRun: what is missing (Postfix, root) skips locally and fails
// under CI; a Postfix that is there and unusable fails either way.
func TestCannotRun(t *testing.T) {
	for _, tc := range []struct {
		name         string
		err          error
		ci           string
		skip, failed bool
	}{
		{"not installed", errNotInstalled, "", true, false},
		{"not installed, CI", errNotInstalled, "true", false, true},
		{"not root", errNotRoot, "", true, false},
		{"not root, CI", errNotRoot, "true", false, true},
		{"too old", &UnsupportedVersionError{Version: "3.4.0"}, "", false, true},
		{"broken", errors.New("postfixtest: postconf failed"), "", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r := &recorder{TB: t}
			cannotRun(r, tc.err)
			if r.skipped != tc.skip || r.failed != tc.failed {
				t.Errorf("skipped %v failed %v, want %v %v", r.skipped, r.failed, tc.skip, tc.failed)
			}
		})
	}
}
