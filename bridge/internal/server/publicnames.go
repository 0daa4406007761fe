package server

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/bridge/internal/relay"
)

// ErrPublicName: a public name is malformed, or names http for a bridge
// that serves https.
var ErrPublicName = errors.New("server: invalid public name")

// PublicOrigin checks a public name (see Options.PublicNames) and returns
// the origin a page served there sends. Errors wrap ErrPublicName.
func PublicOrigin(name string, servesTLS bool) (string, error) {
	return publicOrigin(name, servesTLS)
}

// publicOrigin turns a public name into the origin a page served there
// sends. A name is [scheme://]host[:port]. Without a scheme it takes the
// bridge's own: https when it serves TLS itself, http otherwise (behind a
// TLS-terminating proxy, give https:// explicitly). Without a port it takes
// the scheme's default, as in a URL. A bridge that serves TLS has no http
// name: a page on http there is not the bridge's.
func publicOrigin(name string, servesTLS bool) (string, error) {
	s := strings.TrimSpace(name)
	if !strings.Contains(s, "://") {
		scheme := "http"
		if servesTLS {
			scheme = "https"
		}
		s = scheme + "://" + s
	}
	o, err := relay.NormalizeOrigin(s)
	if err != nil {
		return "", fmt.Errorf("%w %q: want [https://]host[:port], e.g. mail.example.com or https://mail.example.com:8443", ErrPublicName, name)
	}
	if servesTLS && strings.HasPrefix(o, "http://") {
		return "", fmt.Errorf("%w %q: the bridge serves https (-tls-cert), so its pages are never http", ErrPublicName, name)
	}
	return o, nil
}

// listenerOrigins are the default public origins of a bridge listening on
// addr: the address itself and, on a loopback or unspecified address, the
// loopback names a browser on the same machine uses (localhost, 127.0.0.1,
// [::1]), all with the listener's port. None of them can be rebound: an IP
// literal is no DNS name, and localhost is resolved by the browser itself
// (RFC 6761 §6.3), never by DNS.
func listenerOrigins(addr net.Addr, servesTLS bool) []string {
	ap, err := netip.ParseAddrPort(addr.String())
	if err != nil {
		return nil
	}
	scheme := "http"
	if servesTLS {
		scheme = "https"
	}
	port := strconv.Itoa(int(ap.Port()))
	origin := func(host string) string { return scheme + "://" + net.JoinHostPort(host, port) }
	a := ap.Addr().Unmap().WithZone("")
	var out []string
	if !a.IsUnspecified() {
		out = append(out, origin(a.String()))
	}
	if a.IsLoopback() || a.IsUnspecified() {
		out = append(out, origin("localhost"), origin("127.0.0.1"), origin("::1"))
	}
	return out
}

// isLocal reports whether a listener is reachable only from this machine,
// where the default origins are all a browser can use.
func isLocal(addr net.Addr) bool {
	ap, err := netip.ParseAddrPort(addr.String())
	return err == nil && ap.Addr().IsLoopback()
}
