// Package oidc reads an OpenID provider's configuration (OpenID Connect
// Discovery 1.0, RFC 8414) and checks it, the same way for the browser
// app (app/oauth, with the browser's fetch) and for the bridge (which
// lets the page reach the provider's endpoints, its CSP connect-src).
// It makes no request itself: the caller passes its Getter, so that it
// builds for js/wasm without an HTTP client.
package oidc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
)

// ErrDiscovery is matched by every error of Discover: the issuer's
// metadata is missing, malformed, or names another issuer.
var ErrDiscovery = errors.New("oidc: the provider's OpenID configuration is unusable")

// Getter fetches url within ctx and returns the body, at most a little
// over what the caller needs, and the HTTP status.
type Getter func(ctx context.Context, url string) (body []byte, status int, err error)

// maxMetadata bounds a discovery document; real ones are a few KB.
const maxMetadata = 256 << 10

// Metadata is what Poppy needs of a provider's OpenID configuration
// (OpenID Connect Discovery 1.0 §3, RFC 8414 §2).
type Metadata struct {
	Issuer                string   `json:"issuer"`
	AuthorizationEndpoint string   `json:"authorization_endpoint"`
	TokenEndpoint         string   `json:"token_endpoint"`
	RevocationEndpoint    string   `json:"revocation_endpoint,omitempty"`
	CodeChallengeMethods  []string `json:"code_challenge_methods_supported,omitempty"`
	ScopesSupported       []string `json:"scopes_supported,omitempty"`
}

// Discover fetches issuer's OpenID configuration with get and checks
// it: the document names the same issuer (OpenID Discovery §4.3: a
// mismatch could send the person's password page elsewhere), the
// endpoints are https (http only on loopback, for tests), and S256 is
// offered if the methods are listed at all. Every error matches
// ErrDiscovery.
func Discover(ctx context.Context, get Getter, issuer string) (*Metadata, error) {
	issuer = strings.TrimSuffix(issuer, "/")
	if err := checkURL("issuer", issuer); err != nil {
		return nil, err
	}
	where := issuer + "/.well-known/openid-configuration"
	b, status, err := get(ctx, where)
	if err != nil {
		return nil, fmt.Errorf("%w: %s cannot be reached: %v", ErrDiscovery, issuer, err)
	}
	if status != 200 {
		return nil, fmt.Errorf("%w: %s answered HTTP status %d", ErrDiscovery, where, status)
	}
	if len(b) > maxMetadata {
		return nil, fmt.Errorf("%w: the document is over %d bytes", ErrDiscovery, maxMetadata)
	}
	return parseMetadata(b, issuer)
}

// parseMetadata decodes and checks a discovery document for issuer.
func parseMetadata(b []byte, issuer string) (*Metadata, error) {
	var m Metadata
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDiscovery, err)
	}
	if !IssuerMatches(strings.TrimSuffix(m.Issuer, "/"), issuer) {
		return nil, fmt.Errorf("%w: it names the issuer %q, not %q", ErrDiscovery, m.Issuer, issuer)
	}
	for _, u := range []struct{ name, url string }{
		{"authorization_endpoint", m.AuthorizationEndpoint},
		{"token_endpoint", m.TokenEndpoint},
	} {
		if err := checkURL(u.name, u.url); err != nil {
			return nil, err
		}
	}
	if m.RevocationEndpoint != "" {
		if err := checkURL("revocation_endpoint", m.RevocationEndpoint); err != nil {
			return nil, err
		}
	}
	if len(m.CodeChallengeMethods) > 0 && !slices.Contains(m.CodeChallengeMethods, "S256") {
		return nil, fmt.Errorf("%w: it does not offer PKCE with S256 (RFC 7636)", ErrDiscovery)
	}
	return &m, nil
}

// IssuerMatches compares the issuer a document names with the one
// configured. Microsoft's multi-tenant issuers (.../common/v2.0) publish
// ".../{tenantid}/v2.0": the placeholder stands for the configured
// segment.
func IssuerMatches(named, configured string) bool {
	if named == configured {
		return true
	}
	before, after, ok := strings.Cut(named, "{tenantid}")
	if !ok || !strings.HasPrefix(configured, before) || !strings.HasSuffix(configured, after) {
		return false
	}
	seg := strings.TrimSuffix(strings.TrimPrefix(configured, before), after)
	return seg != "" && !strings.Contains(seg, "/")
}

// checkURL accepts an absolute https URL, or http on a loopback host.
func checkURL(name, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("%w: %s %q is not an absolute URL", ErrDiscovery, name, raw)
	}
	switch {
	case u.Scheme == "https":
		return nil
	case u.Scheme == "http" && isLoopback(u.Hostname()):
		return nil
	}
	return fmt.Errorf("%w: %s %q is not https", ErrDiscovery, name, raw)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Origins are the origins the tab fetches from for this provider, each
// once: the issuer's (discovery), the token endpoint's and the
// revocation endpoint's, which may be other hosts (Google's token
// endpoint is not on its issuer's). The page's Content-Security-Policy
// must allow them all in connect-src.
func (m *Metadata) Origins() []string {
	var out []string
	for _, raw := range []string{m.Issuer, m.TokenEndpoint, m.RevocationEndpoint} {
		if o := Origin(raw); o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// Origin is raw's scheme://host[:port], or "" when raw is not an
// absolute URL.
func Origin(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
