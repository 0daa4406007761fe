package relay

import (
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// ErrBadOrigin: an operator-given origin is not scheme://host[:port].
var ErrBadOrigin = errors.New("relay: invalid origin")

// NormalizeOrigin checks an operator-given origin and returns the form that
// requests are compared with: lower case scheme://host[:port], without a
// default port. It refuses paths, wildcards and anything but http(s), so a
// typo cannot silently allow more than intended.
func NormalizeOrigin(s string) (string, error) {
	n, ok := normalizeOrigin(s)
	if !ok {
		return "", fmt.Errorf("%w %q: want scheme://host[:port] (http or https, no path or wildcard), e.g. https://mail.example.com", ErrBadOrigin, s)
	}
	return n, nil
}

func normalizeOrigin(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Hostname() == "" || u.User != nil || (u.Path != "" && u.Path != "/") || strings.ContainsAny(s, "?#") {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host := strings.ToLower(u.Host)
	if !validOriginHost(host, strings.ToLower(u.Hostname()), u.Port()) {
		return "", false
	}
	host = stripDefaultPort(scheme, host)
	return scheme + "://" + host, true
}

// validOriginHost accepts what a browser puts in an Origin: an IP literal
// (IPv6 in brackets, without a zone) or an ASCII host name (IDNs arrive as
// punycode), and a port in 1-65535. Anything else, a wildcard included,
// is an operator's typo or a forged header.
func validOriginHost(host, hostname, port string) bool {
	if port != "" {
		if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
			return false
		}
	}
	if a, err := netip.ParseAddr(hostname); err == nil {
		bracketed := strings.HasPrefix(host, "[")
		return a.Zone() == "" && a.Is6() == bracketed
	}
	if strings.ContainsAny(host, "[]") {
		return false
	}
	return hostname != "" && strings.Trim(hostname, "abcdefghijklmnopqrstuvwxyz0123456789-._") == ""
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

// OriginError is the refusal of a page's origin, for the operator's log.
type OriginError struct {
	Origin string // the Origin header as sent, "" if there was none
}

func (e *OriginError) Error() string {
	if e.Origin == "" {
		return "relay: no Origin header (every browser sends one): not a page"
	}
	return fmt.Sprintf("relay: origin %q is not allowed; if users open the app there, add it with -public-name (the bridge's own name) or -origin", e.Origin)
}

// originAllowed reports whether a WebSocket request may proceed: its Origin
// must be one of allowed, exactly (scheme, host and port). A browser always
// sends Origin with a WebSocket handshake, so a request without one (or
// with the opaque "null") did not come from a page we serve, and is
// refused: accepting it would let any non-browser client skip the check
// entirely, and the websocket library's own check lets it through.
//
// The request's Host header plays no part: under DNS rebinding, a page of
// rebind.example whose name now points at the bridge sends Host and Origin
// both naming rebind.example, so a "same host" rule would let it in. Only
// names the operator configured (or the loopback names of a loopback
// listener) are the bridge's own.
func originAllowed(origin string, allowed []string) bool {
	if origin == "" || origin == "null" {
		return false
	}
	n, ok := normalizeOrigin(origin)
	if !ok {
		return false
	}
	return slices.Contains(allowed, n)
}

// AllowsOrigin reports whether a page of origin may open a session now:
// the same rule as the handshake's, for the server's other resources that
// such a page may read cross-origin (server.withCORS).
func (h *Handler) AllowsOrigin(origin string) bool {
	return originAllowed(origin, *h.origins.Load())
}
