package relay

import (
	"fmt"
	"net/url"
	"strings"
)

// NormalizeOrigin checks an operator-given origin and returns the form that
// requests are compared with: lower case scheme://host[:port], without a
// default port. It refuses paths, wildcards and anything but http(s), so a
// typo cannot silently allow more than intended.
func NormalizeOrigin(s string) (string, error) {
	n, ok := normalizeOrigin(s)
	if !ok {
		return "", fmt.Errorf("relay: origin %q: want scheme://host[:port], e.g. https://mail.example.com", s)
	}
	return n, nil
}

func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host := strings.ToLower(u.Host)
	if strings.ContainsAny(host, "*?[") {
		return "", false
	}
	host = stripDefaultPort(scheme, host)
	return scheme + "://" + host, true
}

func stripDefaultPort(scheme, host string) string {
	switch {
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		return strings.TrimSuffix(host, ":80")
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		return strings.TrimSuffix(host, ":443")
	}
	return host
}

// originAllowed reports whether a WebSocket request may proceed. A browser
// always sends Origin with a WebSocket handshake, so a request without one
// (or with the opaque "null") did not come from a page we serve, and is
// refused: accepting it would let any non-browser client skip the check
// entirely, and the websocket library's own check lets it through.
//
// The bridge's own origin is recognised by its host alone, since behind a
// TLS-terminating proxy the bridge cannot tell http from https.
func originAllowed(origin, requestHost string, allowed []string) bool {
	if origin == "" || origin == "null" {
		return false
	}
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	scheme, host, _ := strings.Cut(n, "://")
	if requestHost != "" && strings.EqualFold(host, stripDefaultPort(scheme, strings.ToLower(requestHost))) {
		return true
	}
	for _, a := range allowed {
		if n == a {
			return true
		}
	}
	return false
}
