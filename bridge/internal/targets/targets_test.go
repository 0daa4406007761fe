package targets

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
)

func TestParse(t *testing.T) {
	tests := []struct {
		spec string
		want Target
		err  bool
	}{
		{spec: "work=mail.example.com:995/tls", want: Target{Name: "work", Host: "mail.example.com", Port: 995, Security: bridgeapi.SecurityTLS}},
		{spec: "home=10.0.0.2:110/STARTTLS", want: Target{Name: "home", Host: "10.0.0.2", Port: 110, Security: bridgeapi.SecurityStartTLS}},
		{spec: "v6=[2001:db8::1]:995/tls", want: Target{Name: "v6", Host: "2001:db8::1", Port: 995, Security: bridgeapi.SecurityTLS}},
		{spec: "local_1=127.0.0.1:1110/plain", want: Target{Name: "local_1", Host: "127.0.0.1", Port: 1110, Security: bridgeapi.SecurityPlain}},
		{spec: "work", err: true},
		{spec: "work=mail.example.com:995", err: true},
		{spec: "work=mail.example.com:995/ssl", err: true},
		{spec: "work=mail.example.com/tls", err: true},
		{spec: "work=mail.example.com:0/tls", err: true},
		{spec: "work=mail.example.com:70000/tls", err: true},
		{spec: "work=mail.example.com:+995/tls", err: true},
		{spec: "work=:995/tls", err: true},
		{spec: "work=mail example.com:995/tls", err: true},
		{spec: "mail.example.com=mail.example.com:995/tls", err: true},
		{spec: "Work=mail.example.com:995/tls", err: true},
		{spec: "=mail.example.com:995/tls", err: true},
		{spec: "-x=mail.example.com:995/tls", err: true},
		{spec: "w=[fe80::1%eth0]:995/tls", err: true},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			got, err := Parse(tt.spec)
			if tt.err {
				if err == nil {
					t.Fatalf("Parse(%q) = %+v, want error", tt.spec, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Fatalf("Parse(%q) = %+v, want %+v", tt.spec, got, tt.want)
			}
			if back, err := Parse(got.String()); err != nil || back != got {
				t.Fatalf("round trip %q: %+v, %v", got.String(), back, err)
			}
		})
	}
}

func TestRegistry(t *testing.T) {
	var r Registry
	for _, s := range []string{"b=b.example:995/tls", "a=a.example:110/starttls"} {
		tg, err := Parse(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := r.Add(tg); err != nil {
			t.Fatal(err)
		}
	}
	if err := r.Add(Target{Name: "a", Host: "x.example", Port: 1, Security: "tls"}); err == nil {
		t.Error("duplicate name accepted")
	}
	if err := r.Add(Target{Name: bridgeapi.CustomTarget, Host: "x.example", Port: 1, Security: "tls"}); err == nil {
		t.Error("reserved name accepted")
	}
	if l := r.List(); len(l) != 2 || l[0].Name != "b" || l[1].Name != "a" {
		t.Errorf("List = %+v, want order b, a", l)
	}
	// Address-like names, and near misses of real names, are unknown.
	for _, name := range []string{"", "A", "a ", "b.example", "b.example:995", "127.0.0.1", "[::1]:110", "custom", "a\x00"} {
		if _, err := r.Lookup(name); !errors.Is(err, ErrUnknownTarget) {
			t.Errorf("Lookup(%q) = %v, want ErrUnknownTarget", name, err)
		}
	}
	if tg, err := r.Lookup("a"); err != nil || tg.Host != "a.example" {
		t.Errorf("Lookup(a) = %+v, %v", tg, err)
	}
}

func TestForbidden(t *testing.T) {
	tests := []struct {
		addr  string
		class string // "" means allowed
	}{
		{"127.0.0.1", "loopback"},
		{"127.255.0.9", "loopback"},
		{"::1", "loopback"},
		{"10.1.2.3", "private"},
		{"172.16.0.1", "private"},
		{"172.31.255.255", "private"},
		{"192.168.1.1", "private"},
		{"fc00::1", "private"},
		{"fd12:3456::1", "private"},
		{"169.254.169.254", "link-local"},
		{"fe80::1", "link-local"},
		{"100.64.0.1", "cgnat"},
		{"100.127.255.254", "cgnat"},
		{"224.0.0.1", "multicast"},
		{"239.1.2.3", "multicast"},
		{"ff02::1", "multicast"},
		{"ff05::2", "multicast"},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "this-network"},
		{"::ffff:10.0.0.1", "private"},
		{"::ffff:127.0.0.1", "loopback"},
		{"::ffff:169.254.1.1", "link-local"},
		{"::ffff:100.64.0.1", "cgnat"},
		{"64:ff9b::a00:1", "nat64"},
		{"2002:a00:1::1", "6to4"},
		{"2001:0:a00:1::1", "teredo"},
		{"::a00:1", "ipv4-compatible"},
		{"192.0.2.1", "documentation"},
		{"2001:db8::1", "documentation"},
		{"255.255.255.255", "reserved"},
		{"240.0.0.1", "reserved"},
		{"198.18.0.1", "benchmarking"},
		{"fec0::1", "site-local"},
		// IPv4 special-purpose registry entries beyond the predicates.
		{"192.0.0.9", "ietf-protocol"},
		{"192.0.0.170", "ietf-protocol"},
		{"192.31.196.1", "as112"},
		{"192.52.193.1", "amt"},
		{"192.88.99.1", "6to4-relay"},
		{"192.175.48.6", "as112"},
		{"198.19.255.255", "benchmarking"},
		{"198.51.100.7", "documentation"},
		{"203.0.113.9", "documentation"},
		// IPv6 ranges that netip's IsGlobalUnicast lets through.
		{"::ffff:0:a00:1", "ipv4-translated"},
		{"::ffff:0:808:808", "ipv4-translated"},
		{"64:ff9b:1::a00:1", "nat64"},
		{"100::1", "discard"},
		{"100:0:0:1::1", "dummy"},
		{"2001:1::1", "ietf-protocol"},
		{"2001:1::3", "ietf-protocol"},
		{"2001:2::1", "benchmarking"},
		{"2001:2:0:ffff::1", "benchmarking"},
		{"2001:3::1", "amt"},
		{"2001:4:112::1", "as112"},
		{"2001:10::1", "orchid"},
		{"2001:1f:ffff::1", "orchid"},
		{"2001:20::1", "orchid"},
		{"2001:2f:ffff::1", "orchid"},
		{"2001:30::1", "drone-remote-id"},
		{"2001:100::1", "ietf-protocol"},
		{"2001:1ff::1", "ietf-protocol"},
		{"2620:4f:8000::1", "as112"},
		{"3fff::1", "documentation"},
		{"3fff:fff:ffff::1", "documentation"},
		{"5f00::1", "segment-routing"},
		{"5f00:ffff::1", "segment-routing"},
		// Outside 2000::/3, IANA allocated nothing for global unicast.
		{"4000::1", "reserved"},
		{"e000::1", "reserved"},
		{"100:1::1", "reserved"},
		// Near misses that are public.
		{"8.8.8.8", ""},
		{"192.0.1.1", ""},
		{"192.88.98.1", ""},
		{"198.20.0.1", ""},
		{"2001:200::1", ""},
		{"2001:db9::1", ""},
		{"2003::1", ""},
		{"2620:4f:8001::1", ""},
		{"3fff:1000::1", ""},
		{"3ffe::1", ""},
		{"5f01::1", "reserved"},
		{"100.63.255.255", ""},
		{"100.128.0.0", ""},
		{"172.32.0.1", ""},
		{"::ffff:8.8.8.8", ""},
		{"2a00:1450:4001:80b::200e", ""},
	}
	for _, tt := range tests {
		class, bad := Forbidden(netip.MustParseAddr(tt.addr))
		if (tt.class != "") != bad || class != tt.class {
			t.Errorf("Forbidden(%s) = %q, %v; want %q", tt.addr, class, bad, tt.class)
		}
	}
	if _, bad := Forbidden(netip.Addr{}); !bad {
		t.Error("zero Addr allowed")
	}
}

// fakeResolver answers from a map; a missing name fails like NXDOMAIN. It
// answers only absolute names (with the trailing dot), as a resolver with
// search domains would answer "mail.example.com" differently from
// "mail.example.com.".
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	name, abs := strings.CutSuffix(host, ".")
	if !abs {
		return nil, fmt.Errorf("fakeResolver: %q is a relative name", host)
	}
	list, ok := f[name]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, s := range list {
		out = append(out, netip.MustParseAddr(s))
	}
	return out, nil
}

func TestCustomVet(t *testing.T) {
	c := &Custom{Resolver: fakeResolver{
		"mail.example.com":  {"93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"},
		"rebind.example":    {"93.184.216.34", "127.0.0.1"},
		"internal.example":  {"10.0.0.5"},
		"metadata.example":  {"169.254.169.254"},
		"cgnat.example":     {"100.100.100.100"},
		"mapped.example":    {"::ffff:192.168.0.1"},
		"ula.example":       {"fd00::25"},
		"mcast.example":     {"224.0.0.251"},
		"zero.example":      {"0.0.0.0"},
		"empty.example":     {},
		"loopback6.example": {"::1"},
	}}
	tests := []struct {
		host, port string
		check      func(error) bool
	}{
		{"mail.example.com", "995", nil},
		{"mail.example.com", "110", nil},
		{"93.184.216.34", "995", nil},
		{"[2606:2800:220:1:248:1893:25c8:1946]", "995", nil},
		{"mail.example.com", "25", isErr(ErrPortNotAllowed)},
		{"mail.example.com", "0", isErr(ErrBadPort)},
		{"mail.example.com", "x", isErr(ErrBadPort)},
		{"mail.example.com", "", isErr(ErrBadPort)},
		{"rebind.example", "995", isForbidden("loopback")},
		{"internal.example", "995", isForbidden("private")},
		{"metadata.example", "995", isForbidden("link-local")},
		{"cgnat.example", "995", isForbidden("cgnat")},
		{"mapped.example", "995", isForbidden("private")},
		{"ula.example", "995", isForbidden("private")},
		{"mcast.example", "995", isForbidden("multicast")},
		{"zero.example", "995", isForbidden("unspecified")},
		{"loopback6.example", "995", isForbidden("loopback")},
		{"127.0.0.1", "995", isForbidden("loopback")},
		{"[::1]", "110", isForbidden("loopback")},
		{"::ffff:10.0.0.1", "110", isForbidden("private")},
		{"nxdomain.example", "995", func(err error) bool { var de *DialError; return errors.As(err, &de) }},
		{"mail.example.com.", "995", nil},
		{"localhost.", "995", isErr(ErrSingleLabel)},
		{"localhost", "995", isErr(ErrSingleLabel)},
		{"mail", "995", isErr(ErrSingleLabel)},
		{"Intranet", "110", isErr(ErrSingleLabel)},
		{"empty.example", "995", isErr(ErrNoAddress)},
		{"2130706433", "995", isErr(ErrBadHost)},
		{"127.1", "995", isErr(ErrBadHost)},
		{"http://mail.example.com", "995", isErr(ErrBadHost)},
		{"mail.example.com/x", "995", isErr(ErrBadHost)},
		{"", "995", isErr(ErrBadHost)},
		{"fe80::1%eth0", "995", isErr(ErrBadHost)},
	}
	for _, tt := range tests {
		_, addrs, err := c.Vet(context.Background(), tt.host, tt.port)
		if tt.check == nil {
			if err != nil || len(addrs) == 0 {
				t.Errorf("Vet(%q, %q) = %v, %v; want allowed", tt.host, tt.port, addrs, err)
			}
			continue
		}
		if !tt.check(err) {
			t.Errorf("Vet(%q, %q) = %v, %v; wrong refusal", tt.host, tt.port, addrs, err)
		}
	}
	var disabled *Custom
	if _, _, err := disabled.Vet(context.Background(), "mail.example.com", "995"); !errors.Is(err, ErrCustomDisabled) || !IsForbidden(err) {
		t.Errorf("nil Custom: %v", err)
	}
	c2 := &Custom{Ports: []int{2995}, Resolver: c.Resolver}
	if _, _, err := c2.Vet(context.Background(), "mail.example.com", "995"); !errors.Is(err, ErrPortNotAllowed) {
		t.Errorf("custom ports: %v", err)
	}
}

func isErr(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

// isForbidden matches a *ForbiddenError of class; its Resolved field must
// say whether the address came from a lookup (the host is a name).
func isForbidden(class string) func(error) bool {
	return func(err error) bool {
		var fe *ForbiddenError
		return errors.As(err, &fe) && fe.Class == class && IsForbidden(err) && fe.Resolved == isName(fe.Host)
	}
}

func TestDialCustomDialsVettedAddress(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("+OK hi\r\n"))
			c.Close()
		}
	}()
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	p, _ := strconv.Atoi(port)
	// The resolver answers differently on its second call, as a rebinding
	// DNS server would: the dial must still go to the first answer.
	calls := 0
	c := &Custom{
		Ports: []int{p},
		Resolver: resolverFunc(func(string) []netip.Addr {
			calls++
			if calls == 1 {
				return []netip.Addr{netip.MustParseAddr("127.0.0.1")}
			}
			return []netip.Addr{netip.MustParseAddr("10.9.9.9")}
		}),
		forbidden: func(a netip.Addr) (string, bool) {
			if a == netip.MustParseAddr("127.0.0.1") {
				return "", false
			}
			return "test", true
		},
	}
	var d Dialer
	conn, tg, err := d.DialCustom(context.Background(), c, "pop.example.org", port)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if calls != 1 {
		t.Errorf("resolver called %d times, want 1", calls)
	}
	if tg.Name != bridgeapi.CustomTarget || tg.Host != "pop.example.org" || tg.Port != p {
		t.Errorf("target = %+v", tg)
	}
	buf := make([]byte, 8)
	if _, err := conn.Read(buf); err != nil || string(buf) != "+OK hi\r\n" {
		t.Errorf("read %q, %v", buf, err)
	}
}

type resolverFunc func(string) []netip.Addr

func (f resolverFunc) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	return f(host), nil
}

func TestDialErrors(t *testing.T) {
	// A port with no listener: refused, not a timeout.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().(*net.TCPAddr)
	l.Close()
	d := &Dialer{Timeout: 2 * time.Second}
	_, err = d.Dial(context.Background(), Target{Name: "x", Host: "127.0.0.1", Port: addr.Port, Security: "plain"})
	var de *DialError
	if !errors.As(err, &de) || de.Timeout || de.Target != "x" {
		t.Errorf("refused dial: %v", err)
	}
	// An already expired context reports a timeout.
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err = d.Dial(ctx, Target{Name: "x", Host: "127.0.0.1", Port: addr.Port, Security: "plain"})
	if !errors.As(err, &de) || !de.Timeout {
		t.Errorf("expired dial: %v", err)
	}
}
