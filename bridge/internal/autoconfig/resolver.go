package autoconfig

import (
	"context"
	"net"
)

// NetResolver returns a Go resolver that asks only the DNS server at addr
// (HOST:PORT), over UDP or TCP as Go's resolver decides: the bridge's
// -resolver, so that user-entered servers (targets.Custom.Resolver)
// resolve as the lookups do. An empty addr gives nil, Go's default
// resolver.
func NetResolver(addr string) *net.Resolver {
	if addr == "" {
		return nil
	}
	return &net.Resolver{
		PreferGo: true,
		Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
}
