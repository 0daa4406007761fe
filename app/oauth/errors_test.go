package oauth

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorPredicates(t *testing.T) {
	for _, tc := range []struct {
		code            string
		signIn, refused bool
	}{
		{"invalid_grant", true, false},
		{"access_denied", false, true},
		{"invalid_request", false, false},
	} {
		err := fmt.Errorf("oauth: refresh: %w", &Error{Code: tc.code})
		if errors.Is(err, ErrSignInAgain) != tc.signIn {
			t.Errorf("%s: errors.Is(ErrSignInAgain) = %v", tc.code, !tc.signIn)
		}
		if IsAccessDenied(err) != tc.refused {
			t.Errorf("%s: IsAccessDenied = %v", tc.code, !tc.refused)
		}
	}
}
