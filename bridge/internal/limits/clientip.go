package limits

import (
	"fmt"
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

// PrefixError reports an entry of a prefix list that is neither a CIDR
// prefix nor an address.
type PrefixError struct {
	Input string // the entry as given
	Err   error  // from net/netip
}

func (e *PrefixError) Error() string {
	return fmt.Sprintf("limits: %q is not an address or a CIDR prefix (e.g. 10.0.0.0/8, 2001:db8::/32, 192.0.2.1): %v", e.Input, e.Err)
}

func (e *PrefixError) Unwrap() error { return e.Err }

// ParsePrefixes parses comma-separated CIDR prefixes or bare addresses
// (a bare address means just that address). Host bits are cleared, and an
// IPv4-mapped IPv6 prefix (::ffff:10.0.0.0/104) is returned as its IPv4
// form (10.0.0.0/8), since callers match unmapped addresses. Errors are
// *PrefixError.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		p, err := parsePrefix(f)
		if err != nil {
			return nil, &PrefixError{Input: f, Err: err}
		}
		out = append(out, p)
	}
	return out, nil
}

func parsePrefix(f string) (netip.Prefix, error) {
	if !strings.Contains(f, "/") {
		a, err := netip.ParseAddr(f)
		if err != nil {
			return netip.Prefix{}, err
		}
		if a.Zone() != "" {
			return netip.Prefix{}, fmt.Errorf("zone %q: an address with a zone matches no peer", a.Zone())
		}
		return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), nil
	}
	p, err := netip.ParsePrefix(f)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return netip.Prefix{}, fmt.Errorf("an IPv4-mapped prefix needs at least 96 bits")
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), nil
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
