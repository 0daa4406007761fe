//go:build !js

package relay_test

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	list, ok := f[strings.TrimSuffix(host, ".")]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, s := range list {
		out = append(out, netip.MustParseAddr(s))
	}
	return out, nil
}

var resolver = fakeResolver{
	"localhost.example":  {"127.0.0.1"},
	"rebind.example":     {"93.184.216.34", "127.0.0.1"},
	"intranet.example":   {"10.0.0.25"},
	"router.example":     {"192.168.1.1"},
	"metadata.example":   {"169.254.169.254"},
	"cgnat.example":      {"100.64.1.1"},
	"multicast.example":  {"239.255.255.250"},
	"zero.example":       {"0.0.0.0"},
	"ula.example":        {"fd00::1"},
	"mapped.example":     {"::ffff:10.1.2.3"},
	"linklocal6.example": {"fe80::1"},
	"loopback6.example":  {"::1"},
}

func TestRefusals(t *testing.T) {
	srv := startTCP(t, echo)
	// Refusals are counted by the rate limit when they cost a lookup;
	// this test is about the refusals, not the rate.
	unlimited := func() *limits.Limiter { return limits.New(&limits.Options{SessionsPerMinute: -1}) }
	open := startBridge(t, &relay.Options{Custom: &targets.Custom{Resolver: resolver}, Limiter: unlimited()}, srv.target("work"))
	closed := startBridge(t, &relay.Options{Limiter: unlimited()}, srv.target("work"))

	tests := []struct {
		name   string
		b      *bridge
		query  string
		origin string // "" = the bridge's own; "-" = none
		code   bridgeapi.CloseCode
		http   int
	}{
		// Unknown names, and names that look like addresses.
		{name: "unknown", query: query("target", "home")},
		{name: "empty", query: ""},
		{name: "case", query: query("target", "WORK")},
		{name: "space", query: query("target", "work ")},
		{name: "hostname", query: query("target", "mail.example.com")},
		{name: "host:port", query: query("target", "127.0.0.1:110")},
		{name: "ip", query: query("target", "127.0.0.1")},
		{name: "ipv6", query: query("target", "[::1]:995")},
		{name: "url", query: query("target", "pop3://10.0.0.1:110")},
		{name: "demo not configured", query: query("target", "demo")},
		// A configured target never takes an address from the client.
		{name: "host with configured target", query: query("target", "work", "host", "10.0.0.1"), code: bridgeapi.CodeBadRequest},
		{name: "port with configured target", query: query("target", "work", "port", "25"), code: bridgeapi.CodeBadRequest},
		// Custom servers when the operator did not enable them.
		{name: "custom disabled", b: closed, query: query("target", "custom", "host", "mail.example.com", "port", "995"), code: bridgeapi.CodeForbiddenTarget},
		// Forbidden address classes, literal and behind a name.
		{name: "loopback literal", b: open, query: custom("127.0.0.1", "110")},
		{name: "loopback v6 literal", b: open, query: custom("::1", "110")},
		{name: "loopback bracketed", b: open, query: custom("[::1]", "995")},
		{name: "private literal", b: open, query: custom("10.0.0.1", "995")},
		{name: "link-local literal", b: open, query: custom("169.254.169.254", "995")},
		{name: "cgnat literal", b: open, query: custom("100.64.0.1", "995")},
		{name: "multicast literal", b: open, query: custom("224.0.0.1", "995")},
		{name: "unspecified literal", b: open, query: custom("0.0.0.0", "995")},
		{name: "ula literal", b: open, query: custom("fd12::1", "995")},
		{name: "mapped private literal", b: open, query: custom("::ffff:192.168.0.1", "995")},
		// Behind a name, the same answer as a name that does not resolve
		// (TestNameRefusalsLookUnresolvable).
		{name: "name to loopback", b: open, query: custom("localhost.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to loopback and public", b: open, query: custom("rebind.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to private", b: open, query: custom("intranet.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to router", b: open, query: custom("router.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to metadata", b: open, query: custom("metadata.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to cgnat", b: open, query: custom("cgnat.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to multicast", b: open, query: custom("multicast.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to unspecified", b: open, query: custom("zero.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to ula", b: open, query: custom("ula.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to mapped private", b: open, query: custom("mapped.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to link-local v6", b: open, query: custom("linklocal6.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "name to loopback v6", b: open, query: custom("loopback6.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		{name: "single label", b: open, query: custom("intranet", "995"), code: bridgeapi.CodeBadRequest},
		{name: "single label rooted", b: open, query: custom("localhost.", "995"), code: bridgeapi.CodeBadRequest},
		// Disallowed ports (checked before any lookup).
		{name: "port 25", b: open, query: custom("mail.example.com", "25")},
		{name: "port 143", b: open, query: custom("mail.example.com", "143")},
		{name: "port 22", b: open, query: custom("93.184.216.34", "22")},
		// Malformed custom requests.
		{name: "bad port", b: open, query: custom("mail.example.com", "x"), code: bridgeapi.CodeBadRequest},
		{name: "no port", b: open, query: query("target", "custom", "host", "mail.example.com"), code: bridgeapi.CodeBadRequest},
		{name: "no host", b: open, query: query("target", "custom", "port", "995"), code: bridgeapi.CodeBadRequest},
		{name: "host with port", b: open, query: custom("mail.example.com:995", "995"), code: bridgeapi.CodeBadRequest},
		{name: "numeric host", b: open, query: custom("2130706433", "995"), code: bridgeapi.CodeBadRequest},
		{name: "unresolvable", b: open, query: custom("nxdomain.example", "995"), code: bridgeapi.CodeTargetUnreachable},
		// Origins.
		{name: "foreign origin", query: query("target", "work"), origin: "https://evil.example", http: 403},
		{name: "missing origin", query: query("target", "work"), origin: "-", http: 403},
		{name: "null origin", query: query("target", "work"), origin: "null", http: 403},
		{name: "lookalike origin", query: query("target", "work"), origin: "http://127.0.0.1.evil.example", http: 403},
		{name: "https for an http bridge", query: query("target", "work"), origin: "https-self", http: 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.b
			if b == nil {
				b = closed
			}
			code := tt.code
			if code == 0 && tt.http == 0 {
				code = bridgeapi.CodeUnknownTarget
				if b == open {
					code = bridgeapi.CodeForbiddenTarget
				}
			}
			origin := tt.origin
			switch origin {
			case "":
				origin = b.srv.URL
			case "https-self":
				origin = "https" + strings.TrimPrefix(b.srv.URL, "http")
			case "-":
				origin = ""
			}
			c, err := b.dialOrigin(tt.query, origin)
			if tt.http != 0 {
				var he *httpStatusError
				if !errors.As(err, &he) || he.code != tt.http {
					t.Fatalf("dial: %v, want HTTP %d", err, tt.http)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ce, ok := closeOf(t, c)
			if !ok || ce.Code != websocketCode(code) {
				t.Fatalf("close = %d %q (%v), want %d", ce.Code, ce.Reason, ok, code)
			}
		})
	}
	if n := open.h.ActiveSessions() + closed.h.ActiveSessions(); n != 0 {
		t.Errorf("%d sessions started by refused requests", n)
	}
}

func custom(host, port string) string {
	return query("target", "custom", "host", host, "port", port)
}

func TestOriginAllowList(t *testing.T) {
	srv := startTCP(t, echo)
	b := startBridge(t, &relay.Options{Origins: []string{"https://Mail.Example.com:443", "http://localhost:3000"}}, srv.target("work"))
	for _, o := range []string{"https://mail.example.com", "http://localhost:3000", b.srv.URL} {
		c, err := b.dialOrigin("target=work", o)
		if err != nil {
			t.Errorf("origin %s refused: %v", o, err)
			continue
		}
		c.CloseNow()
	}
	for _, o := range []string{"http://mail.example.com", "https://mail.example.com:8443", "https://sub.mail.example.com", "http://localhost:3001"} {
		if c, err := b.dialOrigin("target=work", o); err == nil {
			c.CloseNow()
			t.Errorf("origin %s accepted", o)
		}
	}
	if _, err := relay.New(&relay.Options{Origins: []string{"https://*.example.com"}}); err == nil {
		t.Error("wildcard origin accepted")
	}
	if _, err := relay.New(&relay.Options{Origins: []string{"mail.example.com"}}); err == nil {
		t.Error("origin without scheme accepted")
	}
}
