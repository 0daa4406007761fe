package webfs

import (
	"errors"
	"io/fs"
	"testing"
)

// Each DOMException the File System standard raises maps to the
// condition a caller acts on, and to nothing for the others.
func TestCondition(t *testing.T) {
	for _, tc := range []struct {
		name string
		want error
	}{
		{"NotFoundError", fs.ErrNotExist},
		{"NotAllowedError", fs.ErrPermission},
		{"SecurityError", ErrPermission},
		{"QuotaExceededError", ErrQuota},
		{"InvalidModificationError", fs.ErrExist},
		{"TypeMismatchError", nil},
		{"AbortError", nil},
		{"NoModificationAllowedError", nil},
	} {
		err := newError("write", "tmp/1.M2.h", tc.name, "msg")
		if tc.want == nil {
			if err.Unwrap() != nil {
				t.Errorf("%s: Unwrap = %v, want nil", tc.name, err.Unwrap())
			}
			continue
		}
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v does not match %v", tc.name, err, tc.want)
		}
	}
	if errors.Is(newError("write", "", "QuotaExceededError", ""), fs.ErrPermission) {
		t.Error("a full disk matches fs.ErrPermission")
	}
	if got := newError("write", "tmp/x", "QuotaExceededError", "full").Error(); got != "webfs: write tmp/x: QuotaExceededError: full ("+ErrQuota.Error()+")" {
		t.Errorf("Error() = %q", got)
	}
}
