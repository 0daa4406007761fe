package relay

import (
	"errors"
	"fmt"
	"net"
	"net/netip"

	"github.com/pires/go-proxyproto"
)

// ErrNoClientAddress: the header was to name a browser whose address the
// bridge does not know. net/http always gives one; the check keeps a
// bridge from ever vouching for a zero address.
var ErrNoClientAddress = errors.New("relay: no client address for the PROXY protocol header")

// ProxyHeaderError reports a PROXY protocol header that could not be
// built or sent to a mail server.
type ProxyHeaderError struct{ Err error }

func (e *ProxyHeaderError) Error() string {
	return fmt.Sprintf("relay: PROXY protocol header: %v", e.Err)
}

func (e *ProxyHeaderError) Unwrap() error { return e.Err }

// proxyHeader returns the PROXY protocol v2 header (HAProxy's
// proxy-protocol.txt, §2.2) of a TCP connection from src, the browser, to
// the first of dsts in src's address family.
//
// Both addresses of a v2 header share one family. The browser's address is
// the one the mail server acts on (logs, auth penalty, bans), so its family
// wins and it is sent exactly as the bridge's own limits see it: an
// IPv4-mapped IPv6 address counts as IPv4, and an IPv4 client is never
// rewritten as ::ffff:a.b.c.d, which a server would log and ban as another
// address. When the bridge has no address of that family (an IPv6 browser
// behind an IPv4-only proxy, say), the destination is the unspecified
// address of the family with port 0: the spec gives the destination no
// role beyond information, and a LOCAL or UNSPEC header would throw the
// browser's address away.
//
// The encoding is github.com/pires/go-proxyproto's; the choice of
// addresses is ours.
func proxyHeader(src netip.AddrPort, dsts ...netip.AddrPort) ([]byte, error) {
	src = netip.AddrPortFrom(src.Addr().Unmap().WithZone(""), src.Port())
	if !src.Addr().IsValid() || src.Addr().IsUnspecified() {
		return nil, &ProxyHeaderError{Err: ErrNoClientAddress}
	}
	is4 := src.Addr().Is4()
	dst := netip.AddrPortFrom(netip.IPv6Unspecified(), 0)
	if is4 {
		dst = netip.AddrPortFrom(netip.IPv4Unspecified(), 0)
	}
	for _, d := range dsts {
		a := d.Addr().Unmap().WithZone("")
		if a.IsValid() && a.Is4() == is4 {
			dst = netip.AddrPortFrom(a, d.Port())
			break
		}
	}
	h := &proxyproto.Header{
		Version:           2,
		Command:           proxyproto.PROXY,
		TransportProtocol: proxyproto.TCPv6,
		SourceAddr:        net.TCPAddrFromAddrPort(src),
		DestinationAddr:   net.TCPAddrFromAddrPort(dst),
	}
	if is4 {
		h.TransportProtocol = proxyproto.TCPv4
	}
	b, err := h.Format()
	if err != nil {
		return nil, &ProxyHeaderError{Err: err}
	}
	return b, nil
}
