//go:build unix

package dovecottest

import (
	"fmt"
	"strings"
	"testing"
)

// tbRecorder records how unavailable ends a test instead of ending it.
type tbRecorder struct {
	testing.TB
	how, msg string
}

func (r *tbRecorder) Helper() {}
func (r *tbRecorder) Fatal(args ...any) {
	r.how, r.msg = "fatal", strings.TrimSpace(fmt.Sprintln(args...))
}
func (r *tbRecorder) Skip(args ...any) {
	r.how, r.msg = "skip", strings.TrimSpace(fmt.Sprintln(args...))
}

func TestUnavailableSkipsUnlessCI(t *testing.T) {
	for _, tc := range []struct{ ci, want string }{{"", "skip"}, {"true", "fatal"}, {"1", "fatal"}} {
		t.Run("CI="+tc.ci, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			r := &tbRecorder{TB: t}
			unavailable(r, errNotInstalled)
			if r.how != tc.want {
				t.Errorf("ended with %q, want %q", r.how, tc.want)
			}
			if !strings.Contains(r.msg, "make test") {
				t.Errorf("message %q does not say to run make test", r.msg)
			}
		})
	}
}

// TestUnsupportedVersionFailsEvenWithoutCI: an installed Dovecot of a
// version the harness cannot configure fails the test, where a missing
// one (the control, through the same function) skips.
func TestUnsupportedVersionFailsEvenWithoutCI(t *testing.T) {
	t.Setenv("CI", "")
	r := &tbRecorder{TB: t}
	cannotRun(r, errNotInstalled)
	if r.how != "skip" {
		t.Fatalf("not installed, CI unset: ended with %q, want skip", r.how)
	}
	r = &tbRecorder{TB: t}
	cannotRun(r, &UnsupportedVersionError{Path: "/usr/sbin/dovecot", Version: "2.5.0 (abc)"})
	if r.how != "fatal" || !strings.Contains(r.msg, "2.5.0") {
		t.Fatalf("unsupported version, CI unset: ended with %q %q, want a failure naming the version", r.how, r.msg)
	}
}
