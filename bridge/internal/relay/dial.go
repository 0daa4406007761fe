package relay

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// dial connects a request to its server: a user-entered one vetted by
// custom, or the operator's target. For a target whose operator opted in
// (targets.Target.ProxyProtocol), the connection starts with a PROXY
// protocol v2 header naming the browser, written before any relayed byte
// can be: the pumps start only after dial returns. Errors are those of
// targets.Dialer, a failed header included (a *targets.DialError wrapping
// a *ProxyHeaderError: to the browser the server is unreachable).
func (h *Handler) dial(ctx context.Context, req *request, target targets.Target, custom *targets.Custom, host, port string) (net.Conn, error) {
	if req.target == bridgeapi.CustomTarget {
		// Never a header here: see targets.SetProxyProtocol.
		conn, _, err := h.dialer.DialCustom(ctx, custom, host, port)
		return conn, err
	}
	conn, err := h.dialer.Dial(ctx, target)
	if err != nil || !target.ProxyProtocol {
		return conn, err
	}
	if err := sendProxyHeader(conn, req, h.dialer.DialTimeout()); err != nil {
		conn.Close()
		return nil, &targets.DialError{Target: target.Name, Err: err}
	}
	return conn, nil
}

// sendProxyHeader writes the header for req on conn within timeout.
func sendProxyHeader(conn net.Conn, req *request, timeout time.Duration) error {
	hdr, err := proxyHeader(clientAddrPort(req), localAddrs(req.r, conn)...)
	if err != nil {
		return err
	}
	// The header is far smaller than a socket buffer, so the write does
	// not wait on the server; the deadline only bounds a broken socket.
	_ = conn.SetWriteDeadline(time.Now().Add(timeout))
	if _, err := conn.Write(hdr); err != nil {
		return &ProxyHeaderError{Err: err}
	}
	_ = conn.SetWriteDeadline(time.Time{})
	return nil
}

// clientAddrPort is the browser as the header names it: the client IP
// that limits.ClientIP found (X-Forwarded-For from a trusted proxy
// included), with the TCP source port when that IP is the TCP peer
// itself. Behind a proxy the browser's port is unknown and is sent as 0.
func clientAddrPort(req *request) netip.AddrPort {
	if peer, err := netip.ParseAddrPort(req.r.RemoteAddr); err == nil && peer.Addr().Unmap().WithZone("") == req.ip {
		return netip.AddrPortFrom(req.ip, peer.Port())
	}
	return netip.AddrPortFrom(req.ip, 0)
}

// localAddrs are the candidates for the header's destination, in order of
// preference: the bridge's address that the browser's connection reached
// (what a PROXY header from a load balancer names), then the bridge's end
// of the connection to the mail server.
func localAddrs(r *http.Request, conn net.Conn) []netip.AddrPort {
	var out []netip.AddrPort
	for _, a := range []net.Addr{localAddrOf(r), conn.LocalAddr()} {
		if t, ok := a.(*net.TCPAddr); ok {
			out = append(out, t.AddrPort())
		}
	}
	return out
}

func localAddrOf(r *http.Request) net.Addr {
	a, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	return a
}
