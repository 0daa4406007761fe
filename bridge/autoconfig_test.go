package main

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig/dnstest"
)

func TestAutoconfigFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		ok   bool
		chk  func(*serveConfig) bool
	}{
		{"defaults", nil, nil, true, func(c *serveConfig) bool {
			return c.autoconfig && c.resolver == "" && c.autoconfigDomains == nil && !c.autoconfigAllowPlain && c.allowInternal == nil
		}},
		{"all set", []string{"-resolver", "10.0.0.53", "-autoconfig-domains", "Example.com, example.org.", "-autoconfig-allow-plain", "-allow-internal", "10.1.2.0/24"}, nil, true,
			func(c *serveConfig) bool {
				return c.resolver == "10.0.0.53:53" && slices.Equal(c.autoconfigDomains, []string{"example.com", "example.org"}) &&
					c.autoconfigAllowPlain && len(c.allowInternal) == 1
			}},
		{"resolver with port", []string{"-resolver", "[2001:db8::53]:5353"}, nil, true, func(c *serveConfig) bool { return c.resolver == "[2001:db8::53]:5353" }},
		{"from env", nil, map[string]string{"POPPY_AUTOCONFIG": "false", "POPPY_RESOLVER": "127.0.0.1:5353", "POPPY_AUTOCONFIG_DOMAINS": "a.example b.example"}, true,
			func(c *serveConfig) bool {
				return !c.autoconfig && c.resolver == "127.0.0.1:5353" && len(c.autoconfigDomains) == 2
			}},
		{"resolver by name", []string{"-resolver", "dns.example.com"}, nil, false, nil},
		{"bad domain", []string{"-autoconfig-domains", "localhost"}, nil, false, nil},
		{"bad internal prefix", []string{"-allow-internal", "10.0.0.0/40"}, nil, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeFlags(tt.args, env(tt.env), io.Discard)
			if (err == nil) != tt.ok {
				t.Fatalf("err = %v, want ok=%v", err, tt.ok)
			}
			if tt.chk != nil && !tt.chk(c) {
				t.Errorf("config = %+v", c)
			}
		})
	}
}

// TestAutoconfigEndToEnd runs the command with the flags an operator
// would give, against a DNS server on loopback, and looks an address up
// as the page does. Loopback is let through with -allow-internal, the
// way an operator lets an internal mail network through.
func TestAutoconfigEndToEnd(t *testing.T) {
	dns, err := dnstest.Start(
		"_pop3s._tcp.corp.test. 300 IN SRV 0 1 995 mail.corp.test.",
		"mail.corp.test. 300 IN A 127.0.0.1",
		"_pop3s._tcp.other.test. 300 IN SRV 0 1 995 mail.other.test.",
		"mail.other.test. 300 IN A 127.0.0.1",
	)
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()

	url, out, stop := startBridge(t, "-allow-custom", "-resolver", dns.Addr, "-allow-internal", "127.0.0.0/8", "-autoconfig-domains", "corp.test")
	defer stop()
	if !strings.Contains(out.String(), "address lookups: on for corp.test") {
		t.Errorf("start message:\n%s", out.String())
	}
	resp, body := get(t, url+"api/autoconfig?address=jane@corp.test")
	var found bridgeapi.Autoconfig
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &found) != nil ||
		found.Source != bridgeapi.SourceSRV || found.POP3 != (bridgeapi.Endpoint{Host: "mail.corp.test", Port: 995, Security: bridgeapi.SecurityTLS}) {
		t.Fatalf("corp.test: %d %s", resp.StatusCode, body)
	}
	if resp, body := get(t, url+"api/autoconfig?address=jane@other.test"); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"domain-not-allowed"`) {
		t.Errorf("other.test: %d %s", resp.StatusCode, body)
	}
}

// TestAutoconfigOffWithoutCustom: without -allow-custom there is nothing
// a finding could be reached through, so lookups answer "disabled".
func TestAutoconfigOffWithoutCustom(t *testing.T) {
	url, out, stop := startBridge(t)
	defer stop()
	if !strings.Contains(out.String(), "address lookups: off (needs -allow-custom)") {
		t.Errorf("start message:\n%s", out.String())
	}
	if resp, body := get(t, url+"api/autoconfig?address=jane@corp.test"); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, `"disabled"`) {
		t.Errorf("%d %s", resp.StatusCode, body)
	}
}
