package limits

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// ClientIP finds the address of the client behind a request. X-Forwarded-For
// is believed only when the request comes from one of the trusted proxies,
// and then only as far back as the chain of trusted proxies reaches: the
// header is read right to left, and the first address that is not a trusted
// proxy is the client. Anything to its left was written by the client and
// proves nothing.
type ClientIP struct {
	// Trusted lists the reverse proxies (CIDR prefixes) whose
	// X-Forwarded-For is believed. Empty means none: the TCP peer is the
	// client.
	Trusted []netip.Prefix
}

// ParsePrefixes parses comma-separated CIDR prefixes or bare addresses
// (a bare address means just that address).
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, err
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, err
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

func (c *ClientIP) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range c.Trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Of returns the client address of r. It is the zero Addr only if r's
// RemoteAddr is not an address (never for requests from net/http's server).
func (c *ClientIP) Of(r *http.Request) netip.Addr {
	peer := parseHop(r.RemoteAddr)
	if !peer.IsValid() || c == nil || !c.trusted(peer) {
		return peer
	}
	hops := r.Header.Values("X-Forwarded-For")
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		parts := strings.Split(hops[i], ",")
		for j := len(parts) - 1; j >= 0; j-- {
			a := parseHop(strings.TrimSpace(parts[j]))
			if !a.IsValid() {
				// A hop we cannot read: stop believing the header at the
				// last proxy we trust.
				return client
			}
			client = a
			if !c.trusted(a) {
				return a
			}
		}
	}
	return client
}

// parseHop reads "ip", "ip:port" or "[ipv6]:port".
func parseHop(s string) netip.Addr {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone("")
	}
	if host, _, err := net.SplitHostPort(s); err == nil {
		if a, err := netip.ParseAddr(host); err == nil {
			return a.Unmap().WithZone("")
		}
	}
	return netip.Addr{}
}
