package bridgeapi

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// OAuthProvider is one OAuth 2.0 provider the operator configured (the
// bridge's -oauth flag), in the "oauth" list of GET /api/targets. The
// tab discovers the rest from Issuer (OpenID Connect Discovery) and
// signs in with the Authorization Code grant and PKCE as a public
// client: there is no secret here, and none is needed.
type OAuthProvider struct {
	// Name is what the sign-in form's button carries (data-oauth="NAME").
	Name string `json:"name"`
	// Issuer is the provider's issuer URL, e.g. https://accounts.google.com.
	Issuer string `json:"issuer"`
	// ClientID is Poppy's registration with the provider.
	ClientID string `json:"client_id"`
	// Scopes to ask for; empty means the app's default ("openid email
	// offline_access").
	Scopes []string `json:"scopes,omitempty"`
	// Targets are the -target names whose servers take this provider's
	// tokens (XOAUTH2 or OAUTHBEARER): the target of the same Name, if
	// there is one.
	Targets []string `json:"targets,omitempty"`
}

// ParseOAuthProvider reads "NAME=ISSUER,CLIENT_ID[,SCOPE...]". The issuer
// must be an https URL (http only on a loopback host, for tests), since
// the person's password goes to the page it names.
func ParseOAuthProvider(spec string) (OAuthProvider, error) {
	name, rest, ok := strings.Cut(spec, "=")
	fields := strings.Split(rest, ",")
	if !ok || name == "" || len(fields) < 2 || fields[0] == "" || fields[1] == "" {
		return OAuthProvider{}, fmt.Errorf("bridgeapi: -oauth %q: want NAME=ISSUER,CLIENT_ID[,SCOPE...]", spec)
	}
	if strings.ContainsAny(name, " \"'<>&/") {
		return OAuthProvider{}, fmt.Errorf("bridgeapi: -oauth %q: the name %q may hold letters, digits, '-' and '_' only", spec, name)
	}
	p := OAuthProvider{Name: name, Issuer: strings.TrimSuffix(fields[0], "/"), ClientID: fields[1]}
	if err := checkIssuer(p.Issuer); err != nil {
		return OAuthProvider{}, fmt.Errorf("bridgeapi: -oauth %q: %w", spec, err)
	}
	for _, s := range fields[2:] {
		if s = strings.TrimSpace(s); s != "" {
			p.Scopes = append(p.Scopes, s)
		}
	}
	return p, nil
}

func checkIssuer(issuer string) error {
	u, err := url.Parse(issuer)
	if err != nil || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("the issuer is not an absolute URL without query")
	}
	h := u.Hostname()
	if u.Scheme == "https" || u.Scheme == "http" && (h == "localhost" || h == "127.0.0.1" || h == "::1") {
		return nil
	}
	return errors.New("the issuer must be https")
}
