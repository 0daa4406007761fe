package oidc

import (
	"errors"
	"slices"
	"testing"
)

func TestParseMetadata(t *testing.T) {
	const issuer = "https://accounts.example"
	for _, tc := range []struct {
		name, doc, issuer string
		ok                bool
	}{
		{"complete", `{"issuer":"https://accounts.example","authorization_endpoint":"https://accounts.example/auth","token_endpoint":"https://oauth.example/token","code_challenge_methods_supported":["plain","S256"]}`, issuer, true},
		{"methods not listed", `{"issuer":"https://accounts.example","authorization_endpoint":"https://accounts.example/auth","token_endpoint":"https://accounts.example/token"}`, issuer, true},
		{"trailing slash", `{"issuer":"https://accounts.example/","authorization_endpoint":"https://accounts.example/auth","token_endpoint":"https://accounts.example/token"}`, issuer, true},
		{"another issuer", `{"issuer":"https://evil.example","authorization_endpoint":"https://evil.example/auth","token_endpoint":"https://evil.example/token"}`, issuer, false},
		{"plain only", `{"issuer":"https://accounts.example","authorization_endpoint":"https://accounts.example/auth","token_endpoint":"https://accounts.example/token","code_challenge_methods_supported":["plain"]}`, issuer, false},
		{"http token endpoint", `{"issuer":"https://accounts.example","authorization_endpoint":"https://accounts.example/auth","token_endpoint":"http://accounts.example/token"}`, issuer, false},
		{"loopback http", `{"issuer":"http://127.0.0.1:4444","authorization_endpoint":"http://127.0.0.1:4444/oauth2/auth","token_endpoint":"http://127.0.0.1:4444/oauth2/token"}`, "http://127.0.0.1:4444", true},
		{"no token endpoint", `{"issuer":"https://accounts.example","authorization_endpoint":"https://accounts.example/auth"}`, issuer, false},
		{"not JSON", `<html>`, issuer, false},
		{"Microsoft common", `{"issuer":"https://login.example/{tenantid}/v2.0","authorization_endpoint":"https://login.example/common/oauth2/v2.0/authorize","token_endpoint":"https://login.example/common/oauth2/v2.0/token"}`, "https://login.example/common/v2.0", true},
		{"tenant placeholder spanning a slash", `{"issuer":"https://login.example/{tenantid}/v2.0","authorization_endpoint":"https://login.example/a/authorize","token_endpoint":"https://login.example/a/token"}`, "https://login.example/a/b/v2.0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := parseMetadata([]byte(tc.doc), tc.issuer)
			if tc.ok != (err == nil) {
				t.Fatalf("parseMetadata = %+v, %v; want ok=%v", m, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrDiscovery) {
				t.Errorf("error %v does not match ErrDiscovery", err)
			}
		})
	}
}

func FuzzParseMetadata(f *testing.F) {
	f.Add([]byte(`{"issuer":"https://a.example","authorization_endpoint":"https://a.example/auth","token_endpoint":"https://a.example/token"}`), "https://a.example")
	f.Add([]byte(`{"issuer":"https://l.example/{tenantid}/v2.0"}`), "https://l.example/common/v2.0")
	f.Fuzz(func(t *testing.T, doc []byte, issuer string) {
		m, err := parseMetadata(doc, issuer)
		if err == nil && (m.TokenEndpoint == "" || m.AuthorizationEndpoint == "") {
			t.Fatalf("accepted metadata without endpoints: %+v", m)
		}
		if err != nil && !errors.Is(err, ErrDiscovery) {
			t.Fatalf("error %v does not match ErrDiscovery", err)
		}
	})
}

// TestOrigins: the origins a page fetches from for a provider, each
// once, with the token and revocation endpoints on other hosts too.
func TestOrigins(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Metadata
		want []string
	}{
		{"Google's layout", Metadata{Issuer: "https://accounts.google.com", TokenEndpoint: "https://oauth2.googleapis.com/token", RevocationEndpoint: "https://oauth2.googleapis.com/revoke"},
			[]string{"https://accounts.google.com", "https://oauth2.googleapis.com"}},
		{"all on the issuer, with a port", Metadata{Issuer: "http://127.0.0.1:4444/", TokenEndpoint: "http://127.0.0.1:4444/oauth2/token"},
			[]string{"http://127.0.0.1:4444"}},
		{"Microsoft's placeholder issuer", Metadata{Issuer: "https://login.example/{tenantid}/v2.0", TokenEndpoint: "https://login.example/common/oauth2/v2.0/token"},
			[]string{"https://login.example"}},
		{"no revocation endpoint", Metadata{Issuer: "https://a.example", TokenEndpoint: "https://b.example/t"},
			[]string{"https://a.example", "https://b.example"}},
	} {
		if got := tc.m.Origins(); !slices.Equal(got, tc.want) {
			t.Errorf("%s: Origins = %q, want %q", tc.name, got, tc.want)
		}
	}
}
