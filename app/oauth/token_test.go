package oauth

import (
	"errors"
	"testing"
	"time"
)

func TestParseToken(t *testing.T) {
	now := time.Unix(1_000_000, 0)
	for _, tc := range []struct {
		name, body string
		status     int
		access     string
		expiry     time.Time
		err        error // nil: success
	}{
		{"complete", `{"access_token":"a","token_type":"bearer","expires_in":3600,"refresh_token":"r","id_token":"x.y.z"}`, 200, "a", now.Add(time.Hour), nil},
		{"expires_in as a string", `{"access_token":"a","expires_in":"60"}`, 200, "a", now.Add(time.Minute), nil},
		{"no expiry", `{"access_token":"a"}`, 200, "a", time.Time{}, nil},
		{"invalid_grant", `{"error":"invalid_grant","error_description":"revoked"}`, 400, "", time.Time{}, ErrSignInAgain},
		{"error with a 200", `{"error":"invalid_grant"}`, 200, "", time.Time{}, ErrSignInAgain},
		{"other error code", `{"error":"invalid_client"}`, 401, "", time.Time{}, &Error{}},
		{"server error page", `<html>502</html>`, 502, "", time.Time{}, ErrTokenAnswer},
		{"no access token", `{"token_type":"bearer"}`, 200, "", time.Time{}, ErrTokenAnswer},
		{"not JSON", `access_token=a`, 200, "", time.Time{}, ErrTokenAnswer},
		{"bad expires_in", `{"access_token":"a","expires_in":"soon"}`, 200, "", time.Time{}, ErrTokenAnswer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := parseToken([]byte(tc.body), tc.status, now)
			if tc.err == nil {
				if err != nil || tok.AccessToken != tc.access || !tok.Expiry.Equal(tc.expiry) {
					t.Fatalf("parseToken = %+v, %v; want %q expiring %v", tok, err, tc.access, tc.expiry)
				}
				return
			}
			var oe *Error
			if _, wantOAuth := tc.err.(*Error); wantOAuth {
				if !errors.As(err, &oe) || errors.Is(err, ErrSignInAgain) {
					t.Fatalf("parseToken error %v, want an *Error that is not ErrSignInAgain", err)
				}
				return
			}
			if !errors.Is(err, tc.err) {
				t.Fatalf("parseToken error %v, want %v", err, tc.err)
			}
		})
	}
}

// FuzzParseToken: any answer of a token endpoint gives tokens or an
// error, never a panic, and never a success without an access token.
func FuzzParseToken(f *testing.F) {
	f.Add([]byte(`{"access_token":"a","expires_in":3600,"refresh_token":"r"}`), 200)
	f.Add([]byte(`{"error":"invalid_grant"}`), 400)
	f.Add([]byte(`{"access_token":"a","expires_in":"9"}`), 200)
	f.Fuzz(func(t *testing.T, body []byte, status int) {
		tok, err := parseToken(body, status, time.Unix(0, 0))
		if err == nil && tok.AccessToken == "" {
			t.Fatalf("success without an access token: %+v", tok)
		}
	})
}
