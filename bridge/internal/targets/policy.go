package targets

import "net/netip"

// addrClass is one range of addresses a custom server may not use.
type addrClass struct {
	prefix netip.Prefix
	class  string
}

// forbiddenPrefixes are the ranges that the netip predicates used in
// Forbidden do not cover: the IANA IPv4 and IPv6 Special-Purpose Address
// Registries (RFC 6890) entry by entry, plus IPv6 prefixes that embed an
// IPv4 address (and could smuggle in a private one) and deprecated ranges.
// No public mail server lives in any of them; an entry that IANA marks
// "globally reachable" (an anycast service, AS112) is refused all the same,
// since a user has no business relaying POP3 to it.
//
// Entries are tried in order and the first match names the class, so a
// more specific prefix comes before the block that holds it.
var forbiddenPrefixes = []addrClass{
	// IPv4 Special-Purpose Address Registry.
	{netip.MustParsePrefix("0.0.0.0/8"), "this-network"},        // RFC 791 §3.2
	{netip.MustParsePrefix("100.64.0.0/10"), "cgnat"},           // RFC 6598, shared address space
	{netip.MustParsePrefix("192.0.0.0/24"), "ietf-protocol"},    // RFC 6890 (DS-Lite RFC 7335, PCP RFC 7723, TURN RFC 8155, NAT64 discovery RFC 8880)
	{netip.MustParsePrefix("192.0.2.0/24"), "documentation"},    // RFC 5737, TEST-NET-1
	{netip.MustParsePrefix("192.31.196.0/24"), "as112"},         // RFC 7535
	{netip.MustParsePrefix("192.52.193.0/24"), "amt"},           // RFC 7450
	{netip.MustParsePrefix("192.88.99.0/24"), "6to4-relay"},     // RFC 7526, deprecated 6to4 relay anycast
	{netip.MustParsePrefix("192.175.48.0/24"), "as112"},         // RFC 7534, direct delegation AS112
	{netip.MustParsePrefix("198.18.0.0/15"), "benchmarking"},    // RFC 2544
	{netip.MustParsePrefix("198.51.100.0/24"), "documentation"}, // RFC 5737, TEST-NET-2
	{netip.MustParsePrefix("203.0.113.0/24"), "documentation"},  // RFC 5737, TEST-NET-3
	{netip.MustParsePrefix("240.0.0.0/4"), "reserved"},          // RFC 1112 §4; holds 255.255.255.255 (RFC 919, limited broadcast)

	// IPv6 Special-Purpose Address Registry, and IPv6 that embeds IPv4.
	{netip.MustParsePrefix("::/96"), "ipv4-compatible"},           // RFC 4291 §2.5.5.1, deprecated
	{netip.MustParsePrefix("::ffff:0:0:0/96"), "ipv4-translated"}, // RFC 2765 §2.1 (SIIT)
	{netip.MustParsePrefix("64:ff9b::/96"), "nat64"},              // RFC 6052
	{netip.MustParsePrefix("64:ff9b:1::/48"), "nat64"},            // RFC 8215, local-use translation
	{netip.MustParsePrefix("100::/64"), "discard"},                // RFC 6666
	{netip.MustParsePrefix("100:0:0:1::/64"), "dummy"},            // RFC 9780, dummy IPv6 prefix
	{netip.MustParsePrefix("2001::/32"), "teredo"},                // RFC 4380
	{netip.MustParsePrefix("2001:1::/48"), "ietf-protocol"},       // RFC 7723 (PCP), RFC 8155 (TURN), RFC 9665 (DNS-SD SRP) anycast
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},        // RFC 5180
	{netip.MustParsePrefix("2001:3::/32"), "amt"},                 // RFC 7450
	{netip.MustParsePrefix("2001:4:112::/48"), "as112"},           // RFC 7535
	{netip.MustParsePrefix("2001:10::/28"), "orchid"},             // RFC 4843, deprecated ORCHID
	{netip.MustParsePrefix("2001:20::/28"), "orchid"},             // RFC 7343, ORCHIDv2
	{netip.MustParsePrefix("2001:30::/28"), "drone-remote-id"},    // RFC 9374, DETs
	{netip.MustParsePrefix("2001::/23"), "ietf-protocol"},         // RFC 2928, the rest of the IETF protocol block
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},     // RFC 3849
	{netip.MustParsePrefix("2002::/16"), "6to4"},                  // RFC 3056
	{netip.MustParsePrefix("2620:4f:8000::/48"), "as112"},         // RFC 7534
	{netip.MustParsePrefix("3fff::/20"), "documentation"},         // RFC 9637
	{netip.MustParsePrefix("5f00::/16"), "segment-routing"},       // RFC 9602, SRv6 SIDs
	{netip.MustParsePrefix("fec0::/10"), "site-local"},            // RFC 3879, deprecated
}

// globalUnicast6 is the only IPv6 block IANA allocates for global unicast
// (RFC 4291 §2.4, the IANA IPv6 Address Space registry). Everything outside
// it that the predicates and the table above do not name is unassigned
// (netip's IsGlobalUnicast lets most of it through).
var globalUnicast6 = netip.MustParsePrefix("2000::/3")

// Forbidden reports whether a custom server may not be at a, and the class
// of address that forbids it. It refuses loopback, private (RFC 1918 and
// IPv6 ULA fc00::/7), link-local, CGNAT (100.64.0.0/10), multicast,
// unspecified, the special-purpose ranges in forbiddenPrefixes and IPv6
// outside 2000::/3, and judges an IPv4-mapped IPv6 address
// (::ffff:10.0.0.1) by its IPv4 address.
//
// The list errs on the side of refusing: a public mail server has a plain
// global unicast address, and anything else is more likely an attempt to
// reach the bridge's own network. Operators add their own networks with
// Custom.Forbid.
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
	if a.Is6() && !globalUnicast6.Contains(a) {
		return "reserved", true
	}
	if !a.IsGlobalUnicast() {
		return "not-global-unicast", true
	}
	return "", false
}
