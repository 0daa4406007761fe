package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// issuer serves an OpenID configuration for its own URL whose token and
// revocation endpoints are the given URLs (its own when empty).
func issuer(t *testing.T, token, revocation string) string {
	t.Helper()
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			http.NotFound(w, r)
			return
		}
		tok := token
		if tok == "" {
			tok = srv.URL + "/oauth2/token"
		}
		_ = json.NewEncoder(w).Encode(map[string]string{
			"issuer": srv.URL, "authorization_endpoint": srv.URL + "/oauth2/auth",
			"token_endpoint": tok, "revocation_endpoint": revocation,
		})
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestOAuthConnect: the page may fetch from each provider's issuer and
// from the token and revocation endpoints its OpenID configuration
// names, on other hosts too (Google's layout); a provider whose
// configuration cannot be read keeps its issuer only, with a warning,
// and a silent one costs the start no more than the timeout.
func TestOAuthConnect(t *testing.T) {
	tokens := issuer(t, "", "") // another origin, standing for oauth2.googleapis.com
	split := issuer(t, tokens+"/token", "https://revoke.example/revoke")
	same := issuer(t, "", "")
	missing := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(missing.Close)
	hung := make(chan struct{})
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-hung:
		}
	}))
	t.Cleanup(silent.Close) // after close(hung): Close waits for the handler
	t.Cleanup(func() { close(hung) })

	for _, tc := range []struct {
		name    string
		issuers []string
		want    []string
		warns   int
	}{
		{"none", nil, nil, 0},
		{"token endpoint on another host", []string{split}, []string{split, tokens, "https://revoke.example"}, 0},
		{"all on the issuer", []string{same}, []string{same}, 0},
		{"two providers, one origin each, no repeats", []string{same, same + "/"}, []string{same}, 0},
		{"no configuration", []string{missing.URL, same}, []string{missing.URL, same}, 1},
		{"no answer", []string{silent.URL}, []string{silent.URL}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ps []bridgeapi.OAuthProvider
			for i, iss := range tc.issuers {
				ps = append(ps, bridgeapi.OAuthProvider{Name: string(rune('a' + i)), Issuer: iss, ClientID: "c"})
			}
			var logs bytes.Buffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			start := time.Now()
			got := oauthConnect(context.Background(), ps, 2*time.Second, log)
			if !slices.Equal(got, tc.want) {
				t.Errorf("oauthConnect = %q, want %q", got, tc.want)
			}
			if n := strings.Count(logs.String(), "level=WARN"); n != tc.warns {
				t.Errorf("%d warnings, want %d:\n%s", n, tc.warns, logs.String())
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("oauthConnect took %v with a 2s timeout", d)
			}
		})
	}
}
