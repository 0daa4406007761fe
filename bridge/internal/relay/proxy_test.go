//go:build !js

package relay_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/pires/go-proxyproto"

	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// seen is what a mail server received first on one connection: the
// PROXY header, if the bytes started with one, and the relayed bytes.
type seen struct {
	hdr     *proxyproto.Header
	payload string
	err     error
}

// recordFirst returns a server handler that reads an optional PROXY
// header (the library tells a v2 signature from anything else), then the
// 5 relayed bytes a test sends, and reports both.
func recordFirst(out chan<- seen) func(net.Conn) {
	return func(c net.Conn) {
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		r := bufio.NewReader(c)
		var s seen
		s.hdr, s.err = proxyproto.Read(r)
		if s.err == proxyproto.ErrNoProxyProtocol {
			s.err = nil
		}
		buf := make([]byte, 5)
		if _, err := io.ReadFull(r, buf); err != nil && s.err == nil {
			s.err = err
		}
		s.payload = string(buf)
		out <- s
	}
}

// dialFrom opens a session from the loopback source address src (Linux
// routes all of 127/8 to lo), with extra request headers, and sends
// "hello". It returns the session's local TCP address.
func dialFrom(t *testing.T, b *bridge, q, src string, hdr http.Header) *net.TCPAddr {
	t.Helper()
	var local *net.TCPAddr
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err == nil {
			local = c.LocalAddr().(*net.TCPAddr)
		}
		return c, err
	}}}
	h := http.Header{"Origin": {b.srv.URL}}
	for k, v := range hdr {
		h[k] = v
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, b.url(q), &websocket.DialOptions{HTTPHeader: h, HTTPClient: client})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.CloseNow() })
	if err := c.Write(ctx, websocket.MessageBinary, []byte("hello")); err != nil {
		t.Fatal(err)
	}
	return local
}

func wait(t *testing.T, c <-chan seen) seen {
	t.Helper()
	select {
	case s := <-c:
		if s.err != nil {
			t.Fatalf("server read: %v", s.err)
		}
		return s
	case <-time.After(15 * time.Second):
		t.Fatal("the server saw no connection")
		return seen{}
	}
}

// TestProxyProtocolHeader: an opted-in target gets a v2 header naming the
// browser's address and port and the bridge's listening address, then the
// relayed bytes unchanged; a target that is not opted in, behind the same
// bridge, gets the relayed bytes first.
func TestProxyProtocolHeader(t *testing.T) {
	got := make(chan seen, 4)
	srv := startTCP(t, recordFirst(got))
	opted := srv.target("opted")
	opted.ProxyProtocol = true
	b := startBridge(t, &relay.Options{Limiter: unlimitedLimiter()}, opted, srv.target("plain"))
	bridgeAddr := b.srv.Listener.Addr().String()

	local := dialFrom(t, b, "target=opted", "127.0.0.2", nil)
	s := wait(t, got)
	if s.hdr == nil {
		t.Fatalf("opted-in target got no PROXY header, first bytes %q", s.payload)
	}
	src, dst, ok := s.hdr.TCPAddrs()
	if !ok || s.hdr.Version != 2 || s.hdr.Command != proxyproto.PROXY || s.hdr.TransportProtocol != proxyproto.TCPv4 {
		t.Fatalf("header %+v, want v2 PROXY TCP over IPv4", s.hdr)
	}
	if src.String() != local.String() || dst.String() != bridgeAddr {
		t.Errorf("header says %v -> %v, want the browser %v -> the bridge %s", src, dst, local, bridgeAddr)
	}
	if s.payload != "hello" {
		t.Errorf("after the header: %q, want the relayed %q", s.payload, "hello")
	}

	// Positive control for "no header": the same server, reader and
	// bridge recognise a header above, and here see the bytes alone.
	dialFrom(t, b, "target=plain", "127.0.0.2", nil)
	if s := wait(t, got); s.hdr != nil || s.payload != "hello" {
		t.Errorf("target not opted in: header %+v, first bytes %q; want no header, %q", s.hdr, s.payload, "hello")
	}
}

// TestProxyProtocolForwardedClient: behind a trusted proxy the header
// names the client that X-Forwarded-For gives (as limits.ClientIP reads
// it), with port 0 since the proxy's header has none; an IPv6 client of an
// IPv4 bridge keeps its family.
func TestProxyProtocolForwardedClient(t *testing.T) {
	got := make(chan seen, 4)
	srv := startTCP(t, recordFirst(got))
	opted := srv.target("opted")
	opted.ProxyProtocol = true
	trusted, _ := limits.ParsePrefixes("127.0.0.4")
	b := startBridge(t, &relay.Options{Limiter: unlimitedLimiter(), ClientIP: &limits.ClientIP{Trusted: trusted}}, opted)

	tests := []struct {
		from, xff   string
		proto       proxyproto.AddressFamilyAndProtocol
		src, dstPfx string
	}{
		{"127.0.0.4", "198.51.100.7", proxyproto.TCPv4, "198.51.100.7:0", "127.0.0.1:"},
		{"127.0.0.4", "2001:db8::7", proxyproto.TCPv6, "[2001:db8::7]:0", "[::]:0"},
		// Not from the trusted proxy: the header is not believed.
		{"127.0.0.5", "198.51.100.7", proxyproto.TCPv4, "127.0.0.5:", "127.0.0.1:"},
	}
	for _, tt := range tests {
		dialFrom(t, b, "target=opted", tt.from, http.Header{"X-Forwarded-For": {tt.xff}})
		s := wait(t, got)
		if s.hdr == nil {
			t.Fatalf("from %s: no header", tt.from)
		}
		src, dst, _ := s.hdr.TCPAddrs()
		if s.hdr.TransportProtocol != tt.proto || !hasPrefix(src.String(), tt.src) || !hasPrefix(dst.String(), tt.dstPfx) {
			t.Errorf("from %s, X-Forwarded-For %s: %v %v -> %v, want %v %s -> %s", tt.from, tt.xff, s.hdr.TransportProtocol, src, dst, tt.proto, tt.src, tt.dstPfx)
		}
	}
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }

func unlimitedLimiter() *limits.Limiter {
	return limits.New(&limits.Options{MaxSessions: -1, MaxSessionsPerClient: -1, SessionsPerMinute: -1})
}

// TestProxyProtocolPerServer: the opt-in is per server of a target: here
// its submission server reads headers and its POP3 server does not.
func TestProxyProtocolPerServer(t *testing.T) {
	got := make(chan seen, 4)
	srv := startTCP(t, recordFirst(got))
	tg := srv.target("work")
	sub := srv.target("unused")
	tg.Submission = &targets.Endpoint{Host: sub.Host, Port: sub.Port, Security: sub.Security, ProxyProtocol: true}
	b := startBridge(t, &relay.Options{Limiter: unlimitedLimiter()}, tg)

	dialFrom(t, b, "target=work&service=submission", "127.0.0.2", nil)
	if s := wait(t, got); s.hdr == nil || s.payload != "hello" {
		t.Errorf("submission server (opted in): header %+v, then %q", s.hdr, s.payload)
	}
	dialFrom(t, b, "target=work", "127.0.0.2", nil)
	if s := wait(t, got); s.hdr != nil || s.payload != "hello" {
		t.Errorf("POP3 server (not opted in): header %+v, then %q", s.hdr, s.payload)
	}
}
