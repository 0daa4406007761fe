//go:build !js

package oauth

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"
)

// tokenServer is a token endpoint that hands out "t1", "t2", ... for a
// refresh token, or refuses with invalid_grant once revoked is set.
func tokenServer(t *testing.T, revoked *bool, refreshes *int) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.PostFormValue("grant_type") != "refresh_token" || r.PostFormValue("client_id") != "c" {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_request"})
			return
		}
		if *revoked {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_grant", "error_description": "revoked"})
			return
		}
		*refreshes++
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "t" + string(rune('0'+*refreshes)), "token_type": "bearer", "expires_in": 3600})
	}))
	t.Cleanup(srv.Close)
	return NewWithMetadata(&Config{Issuer: srv.URL, ClientID: "c", RedirectURI: "http://127.0.0.1/cb"},
		&Metadata{Issuer: srv.URL, AuthorizationEndpoint: srv.URL + "/auth", TokenEndpoint: srv.URL + "/token"})
}

var errRefused = errors.New("server: token refused")

func TestSessionDo(t *testing.T) {
	ctx := context.Background()
	revoked, refreshes := false, 0
	c := tokenServer(t, &revoked, &refreshes)
	s := c.Resume("r1")
	rejected := func(err error) bool { return errors.Is(err, errRefused) }

	// The server refuses the first token (expired mid-session): one
	// refresh, one retry with the new token.
	var used []string
	err := s.Do(ctx, rejected, func(tok string) error {
		used = append(used, tok)
		if tok == "t1" {
			return errRefused
		}
		return nil
	})
	if err != nil || len(used) != 2 || used[0] != "t1" || used[1] != "t2" {
		t.Fatalf("Do = %v with tokens %v, want success with t1 then t2", err, used)
	}
	// Another error is not retried.
	other := errors.New("network down")
	used = nil
	if err := s.Do(ctx, rejected, func(tok string) error { used = append(used, tok); return other }); err != other || len(used) != 1 {
		t.Errorf("Do = %v after %d calls, want the error after 1", err, len(used))
	}
	// A second refusal is returned, not retried again.
	used = nil
	if err := s.Do(ctx, rejected, func(tok string) error { used = append(used, tok); return errRefused }); err != errRefused || len(used) != 2 {
		t.Errorf("Do = %v after %d calls, want the refusal after 2", err, len(used))
	}
	// Revoked: the refresh is refused as ErrSignInAgain.
	revoked = true
	used = nil
	err = s.Do(ctx, rejected, func(tok string) error { used = append(used, tok); return errRefused })
	if !errors.Is(err, ErrSignInAgain) || len(used) != 1 {
		t.Errorf("Do after revocation = %v after %d calls, want ErrSignInAgain after 1", err, len(used))
	}
	if _, err := c.Resume("").AccessToken(ctx); !errors.Is(err, ErrSignInAgain) {
		t.Errorf("a session without a refresh token: %v, want ErrSignInAgain", err)
	}
}

// TestSessionRefreshesBeforeExpiry: a token that expires within the
// margin is refreshed before it is handed out (each POP3 session asks
// for one), and one that lives longer is handed out again as it is.
func TestSessionRefreshesBeforeExpiry(t *testing.T) {
	ctx := context.Background()
	revoked, refreshes := false, 0
	c := tokenServer(t, &revoked, &refreshes) // tokens live an hour
	for _, tc := range []struct {
		name   string
		margin time.Duration
		want   []string
	}{
		{"default margin", 0, []string{"t1", "t1", "t1"}},
		{"margin beyond the lifetime", 2 * time.Hour, []string{"t2", "t3", "t4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := NewWithMetadata(&Config{Issuer: c.meta.Issuer, ClientID: "c", RedirectURI: "http://127.0.0.1/cb", ExpiryMargin: tc.margin}, c.Metadata())
			s := cc.Resume("r1")
			var got []string
			for range tc.want {
				tok, err := s.AccessToken(ctx)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, tok)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("tokens handed out %q, want %q", got, tc.want)
			}
		})
	}
}
