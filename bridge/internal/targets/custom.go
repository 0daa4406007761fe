package targets

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"slices"
	"strconv"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// DefaultCustomPorts are the ports a user-entered server may use when the
// operator lists none: POP3 (110, for STLS) and POP3S (995).
var DefaultCustomPorts = []int{110, 995}

// Resolver looks up the addresses of a host; *net.Resolver is one. Tests
// inject their own, so that hostnames resolving to forbidden addresses can
// be tried without a DNS server.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Custom is the policy for user-entered servers. A nil *Custom means they are
// disabled.
type Custom struct {
	// Ports a custom server may use; nil or empty means DefaultCustomPorts.
	Ports []int
	// Resolver resolves custom host names; nil means net.DefaultResolver.
	// It is always asked for an absolute name (with a trailing dot), so
	// the bridge's search domains never turn "mail" into an internal name.
	Resolver Resolver
	// Forbid adds the operator's own ranges to those Forbidden refuses:
	// their networks, their NAT64 prefix. An IPv4 prefix also covers the
	// IPv4-mapped IPv6 form of its addresses.
	Forbid []netip.Prefix
	// Allow lets a custom server be in ranges that Forbidden refuses: an
	// operator's internal mail network, or loopback for tests whose DNS
	// maps names to 127.0.0.1. Forbid still wins over Allow. Empty (the
	// default) allows nothing beyond public unicast.
	Allow []netip.Prefix
	// SubmissionPorts a user-entered submission server may use; nil or
	// empty means DefaultCustomSubmissionPorts. See ForService.
	SubmissionPorts []int
	// NoSubmission refuses user-entered submission servers: users may
	// then read mail from their own server but not send through one.
	NoSubmission bool

	// forbidden replaces Forbidden in package tests, so the dial path can
	// be exercised against a loopback listener.
	forbidden func(netip.Addr) (string, bool)
}

// AllowedPorts returns the effective list of ports, sorted.
func (c *Custom) AllowedPorts() []int {
	if len(c.Ports) == 0 {
		return slices.Clone(DefaultCustomPorts)
	}
	p := slices.Clone(c.Ports)
	slices.Sort(p)
	return slices.Compact(p)
}

// Vet checks a user-entered server and returns the addresses the bridge may
// dial for it. Every address the host resolves to must be allowed: a name
// with one forbidden address is refused as a whole, because a public mail
// server has no reason to publish a private address and an attacker who
// mixes them hopes the bridge picks the wrong one.
//
// A name is looked up as absolute (a trailing dot is added), so no search
// domain of the bridge's resolver applies to it.
//
// Errors: ErrCustomDisabled (c is nil), ErrBadHost, ErrSingleLabel,
// ErrBadPort, ErrPortNotAllowed, ErrNoAddress, *ForbiddenError (Resolved
// set when the address came from the lookup), or the resolver's error
// wrapped in a *DialError (the name does not resolve: unreachable).
func (c *Custom) Vet(ctx context.Context, host, port string) (Target, []netip.AddrPort, error) {
	t, err := c.Check(host, port)
	if err != nil {
		return t, nil, err
	}
	host = t.Host
	p := t.Port

	var addrs []netip.Addr
	if a, err := netip.ParseAddr(host); err == nil {
		addrs = []netip.Addr{a}
	} else {
		r := c.Resolver
		if r == nil {
			r = net.DefaultResolver
		}
		addrs, err = r.LookupNetIP(ctx, "ip", absolute(host))
		if err != nil {
			return t, nil, &DialError{Target: t.Name, Err: err, Timeout: isTimeout(ctx, err)}
		}
	}
	if len(addrs) == 0 {
		return t, nil, fmt.Errorf("%w: %s", ErrNoAddress, host)
	}
	out := make([]netip.AddrPort, 0, len(addrs))
	for _, a := range addrs {
		if class, bad := c.check(a); bad {
			return t, nil, &ForbiddenError{Host: host, Addr: a, Class: class, Resolved: isName(host)}
		}
		out = append(out, netip.AddrPortFrom(a.Unmap(), uint16(p)))
	}
	return t, out, nil
}

// ClassOperator is the class of an address in one of Custom.Forbid's
// ranges.
const ClassOperator = "operator"

func (c *Custom) check(a netip.Addr) (string, bool) {
	if c.forbidden != nil {
		return c.forbidden(a)
	}
	u := a.Unmap()
	if class, bad := Forbidden(a); bad && !c.allowed(a, u) {
		return class, bad
	}
	for _, p := range c.Forbid {
		if p.Contains(a) || p.Contains(u) {
			return ClassOperator, true
		}
	}
	return "", false
}

// allowed reports whether a (u unmapped) is in one of c.Allow's ranges.
// A zoned address is never allowed: its zone names an interface of the
// bridge's own host.
func (c *Custom) allowed(a, u netip.Addr) bool {
	if a.Zone() != "" {
		return false
	}
	for _, p := range c.Allow {
		if p.Contains(a) || p.Contains(u) {
			return true
		}
	}
	return false
}

// absolute returns host as a fully qualified name, with its trailing dot.
func absolute(host string) string {
	return strings.TrimSuffix(host, ".") + "."
}

// isName reports whether host is a DNS name rather than an IP literal.
func isName(host string) bool {
	_, err := netip.ParseAddr(host)
	return err != nil
}

// Check does the part of Vet that needs no lookup: syntax, port, and the
// address policy when host is an IP literal. The relay calls it before
// spending a rate-limit token on the lookup.
func (c *Custom) Check(host, port string) (Target, error) {
	if c == nil {
		return Target{}, ErrCustomDisabled
	}
	p, err := ParsePort(port)
	if err != nil {
		return Target{}, err
	}
	if !slices.Contains(c.AllowedPorts(), p) {
		return Target{}, fmt.Errorf("%w: %d", ErrPortNotAllowed, p)
	}
	// A bracketed IPv6 literal is what a user copies from a URL.
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if err := validHost(host); err != nil {
		return Target{}, err
	}
	// A single label ("mail", "localhost.") is resolved against the
	// bridge's own search domains or hosts file, never on the Internet.
	if isName(host) && !strings.Contains(strings.TrimSuffix(host, "."), ".") {
		return Target{}, fmt.Errorf("%w: %q", ErrSingleLabel, host)
	}
	t := Target{Name: bridgeapi.CustomTarget, Host: host, Port: p}
	if a, err := netip.ParseAddr(host); err == nil {
		if class, bad := c.check(a); bad {
			return t, &ForbiddenError{Host: host, Addr: a, Class: class}
		}
	}
	return t, nil
}

// String describes the policy for logs.
func (c *Custom) String() string {
	if c == nil {
		return "disabled"
	}
	s := "ports " + joinPorts(c.AllowedPorts())
	if sub := c.AllowedSubmissionPorts(); sub != nil {
		return s + ", submission ports " + joinPorts(sub)
	}
	return s + ", no submission"
}

func joinPorts(ps []int) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strconv.Itoa(p)
	}
	return strings.Join(out, ",")
}
