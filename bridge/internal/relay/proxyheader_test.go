package relay

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/pires/go-proxyproto"
)

// TestProxyHeaderBytes checks one header byte by byte against the layout
// of HAProxy's proxy-protocol.txt §2.2, independently of the library that
// writes it.
func TestProxyHeaderBytes(t *testing.T) {
	got, err := proxyHeader(netip.MustParseAddrPort("192.0.2.7:56324"), netip.MustParseAddrPort("198.51.100.1:8443"))
	if err != nil {
		t.Fatal(err)
	}
	want := []byte{
		0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, // signature
		0x21,       // version 2, command PROXY
		0x11,       // AF_INET, STREAM: TCP over IPv4
		0x00, 0x0C, // 12 address bytes follow
		192, 0, 2, 7, // source address: the browser
		198, 51, 100, 1, // destination address: the bridge
		0xDC, 0x04, // source port 56324
		0x20, 0xFB, // destination port 8443
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("header\n got % x\nwant % x", got, want)
	}
}

// TestProxyHeaderFamilies reads each header back with the library's parser
// and checks the family and both addresses, above all when the browser
// and the bridge have different families.
func TestProxyHeaderFamilies(t *testing.T) {
	ap := netip.MustParseAddrPort
	tests := []struct {
		name     string
		src      netip.AddrPort
		dsts     []netip.AddrPort
		proto    proxyproto.AddressFamilyAndProtocol
		wantSrc  string
		wantDest string
	}{
		{"ipv4", ap("127.0.0.2:40000"), []netip.AddrPort{ap("127.0.0.1:8080")}, proxyproto.TCPv4, "127.0.0.2:40000", "127.0.0.1:8080"},
		{"ipv6", ap("[2001:db8::7]:40000"), []netip.AddrPort{ap("[2001:db8::1]:443")}, proxyproto.TCPv6, "[2001:db8::7]:40000", "[2001:db8::1]:443"},
		// A dual-stack listener reports IPv4 browsers as mapped IPv6.
		{"mapped client", ap("[::ffff:192.0.2.7]:40000"), []netip.AddrPort{ap("[::ffff:198.51.100.1]:443")}, proxyproto.TCPv4, "192.0.2.7:40000", "198.51.100.1:443"},
		// An IPv4 browser (say from X-Forwarded-For) at an IPv6
		// listener: the bridge's IPv4 end towards the server is used.
		{"ipv4 client, ipv6 listener", ap("192.0.2.7:0"), []netip.AddrPort{ap("[2001:db8::1]:443"), ap("10.0.0.5:51000")}, proxyproto.TCPv4, "192.0.2.7:0", "10.0.0.5:51000"},
		// No bridge address of the browser's family: the browser's
		// family still wins, with an unspecified destination.
		{"ipv6 client, ipv4 bridge", ap("[2001:db8::7]:0"), []netip.AddrPort{ap("10.0.0.1:8080"), ap("10.0.0.5:51000")}, proxyproto.TCPv6, "[2001:db8::7]:0", "[::]:0"},
		{"ipv4 client, ipv6 bridge", ap("192.0.2.7:0"), []netip.AddrPort{ap("[2001:db8::1]:443")}, proxyproto.TCPv4, "192.0.2.7:0", "0.0.0.0:0"},
		{"no bridge address", ap("192.0.2.7:1"), nil, proxyproto.TCPv4, "192.0.2.7:1", "0.0.0.0:0"},
		// A zone has no place on the wire.
		{"zoned listener", ap("[fe80::7]:40000"), []netip.AddrPort{netip.AddrPortFrom(netip.MustParseAddr("fe80::1%eth0"), 443)}, proxyproto.TCPv6, "[fe80::7]:40000", "[fe80::1]:443"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := proxyHeader(tt.src, tt.dsts...)
			if err != nil {
				t.Fatal(err)
			}
			// Relayed bytes follow the header; the parser must stop
			// exactly at its end.
			r := bufio.NewReader(bytes.NewReader(append(b, "+OK"...)))
			h, err := proxyproto.Read(r)
			if err != nil {
				t.Fatalf("library parser refused % x: %v", b, err)
			}
			if h.Version != 2 || h.Command != proxyproto.PROXY || h.TransportProtocol != tt.proto {
				t.Errorf("version %d, command %v, protocol %v; want 2, PROXY, %v", h.Version, h.Command, h.TransportProtocol, tt.proto)
			}
			src, dst, ok := h.TCPAddrs()
			if !ok || src.String() != tt.wantSrc || dst.String() != tt.wantDest {
				t.Errorf("addresses %v -> %v, want %s -> %s", src, dst, tt.wantSrc, tt.wantDest)
			}
			if rest, _ := r.ReadString(0); rest != "+OK" {
				t.Errorf("after the header: %q, want the relayed bytes", rest)
			}
		})
	}
}

func TestProxyHeaderNeedsClient(t *testing.T) {
	for _, src := range []netip.AddrPort{{}, netip.MustParseAddrPort("0.0.0.0:1"), netip.MustParseAddrPort("[::]:1")} {
		_, err := proxyHeader(src, netip.MustParseAddrPort("127.0.0.1:8080"))
		var pe *ProxyHeaderError
		if !errors.Is(err, ErrNoClientAddress) || !errors.As(err, &pe) {
			t.Errorf("proxyHeader(%v) = %v, want ErrNoClientAddress", src, err)
		}
	}
}

// TestLocalAddrsSkipsNonTCP: a connection that is no TCP socket (a test
// pipe) adds no candidate rather than a wrong one.
func TestLocalAddrsSkipsNonTCP(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if got := localAddrs(httptest.NewRequest("GET", "/ws", nil), a); len(got) != 0 {
		t.Errorf("localAddrs = %v, want none", got)
	}
}
