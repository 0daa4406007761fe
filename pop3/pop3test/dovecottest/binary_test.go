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
