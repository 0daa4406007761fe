package targets

import "net/netip"

// addrClass is one range of addresses a custom server may not use.
type addrClass struct {
	prefix netip.Prefix
	class  string
}

// forbiddenPrefixes are the ranges that the netip predicates used in
// Forbidden do not cover. Beyond the classes the bridge must refuse (CGNAT),
// they hold special-purpose ranges from the IANA registries (RFC 6890) that
// no public mail server uses, and IPv6 prefixes that embed an IPv4 address
// (NAT64, 6to4, Teredo, IPv4-compatible) and could smuggle in a private one.
var forbiddenPrefixes = []addrClass{
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},
	{netip.MustParsePrefix("100.64.0.0/10"), "cgnat"},
	{netip.MustParsePrefix("192.0.0.0/24"), "ietf-protocol"},
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"}, // includes 255.255.255.255
	{netip.MustParsePrefix("::/96"), "ipv4-compatible"},
	{netip.MustParsePrefix("64:ff9b::/96"), "nat64"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "nat64"},
	{netip.MustParsePrefix("100::/64"), "discard"},
	{netip.MustParsePrefix("2001::/32"), "teredo"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("2002::/16"), "6to4"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
}

// Forbidden reports whether a custom server may not be at a, and the class
// of address that forbids it. It refuses loopback, private (RFC 1918 and
// IPv6 ULA fc00::/7), link-local, CGNAT (100.64.0.0/10), multicast,
// unspecified and the special-purpose ranges in forbiddenPrefixes, and
// judges an IPv4-mapped IPv6 address (::ffff:10.0.0.1) by its IPv4 address.
//
// The list errs on the side of refusing: a public mail server has a plain
// global unicast address, and anything else is more likely an attempt to
// reach the bridge's own network.
func Forbidden(a netip.Addr) (class string, forbidden bool) {
	if !a.IsValid() {
		return "invalid", true
	}
	if a.Zone() != "" {
		return "zoned", true
	}
	a = a.Unmap()
	switch {
	case a.IsUnspecified():
		return "unspecified", true
	case a.IsLoopback():
		return "loopback", true
	case a.IsPrivate():
		return "private", true
	case a.IsLinkLocalUnicast():
		return "link-local", true
	case a.IsMulticast(), a.IsLinkLocalMulticast(), a.IsInterfaceLocalMulticast():
		return "multicast", true
	}
	for _, c := range forbiddenPrefixes {
		if c.prefix.Contains(a) {
			return c.class, true
		}
	}
	if !a.IsGlobalUnicast() {
		return "not-global-unicast", true
	}
	return "", false
}
