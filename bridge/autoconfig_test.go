//go:build !js

package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	neturl "net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/coder/websocket"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/dnstest"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

func TestAutoconfigFlags(t *testing.T) {
	tests := []flagCase{
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
	runFlagCases(t, tests)
}

// TestAutoconfigEndToEnd runs the command with the flags an operator
// would give, against a DNS server on loopback, looks an address up as
// the page does, and opens a session to what it found as the page then
// does (target=custom): the relay resolves the name through the same
// -resolver. Loopback is let through with -allow-internal, the way an
// operator lets an internal mail network through.
func TestAutoconfigEndToEnd(t *testing.T) {
	pops := pop3server.New(nil)
	defer pops.Close()
	if err := pops.AddUser("jane@corp.test", "secret", pop3server.Message{Data: []byte("Subject: x\r\n\r\nx\r\n")}); err != nil {
		t.Fatal(err)
	}
	popAddr, err := pops.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	_, popPort, _ := net.SplitHostPort(popAddr)
	dns, err := dnstest.Start(
		"_pop3s._tcp.corp.test. 300 IN SRV 0 1 "+popPort+" mail.corp.test.",
		"mail.corp.test. 300 IN A 127.0.0.1",
		"_pop3s._tcp.other.test. 300 IN SRV 0 1 "+popPort+" mail.other.test.",
		"mail.other.test. 300 IN A 127.0.0.1",
	)
	if err != nil {
		t.Fatal(err)
	}
	defer dns.Close()

	url, out, stop := startBridge(t, "-allow-custom", "-custom-ports", popPort, "-resolver", dns.Addr, "-allow-internal", "127.0.0.0/8", "-autoconfig-domains", "corp.test")
	defer stop()
	if !strings.Contains(out.String(), "address lookups: on for corp.test") {
		t.Errorf("start message:\n%s", out.String())
	}
	resp, body := get(t, url+"api/autoconfig?address=jane@corp.test")
	var found bridgeapi.Autoconfig
	if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &found) != nil ||
		found.Source != bridgeapi.SourceSRV || found.POP3.Host != "mail.corp.test" || strconv.Itoa(found.POP3.Port) != popPort {
		t.Fatalf("corp.test: %d %s", resp.StatusCode, body)
	}
	// The in-memory server speaks plain POP3 whatever the SRV record
	// says; what matters here is the way there, through the relay.
	ctx := context.Background()
	q := neturl.Values{bridgeapi.ParamTarget: {bridgeapi.CustomTarget}, bridgeapi.ParamHost: {found.POP3.Host}, bridgeapi.ParamPort: {strconv.Itoa(found.POP3.Port)}}
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(url, "http")+"ws?"+q.Encode(),
		&websocket.DialOptions{HTTPHeader: http.Header{"Origin": {strings.TrimSuffix(url, "/")}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := pop3.NewClient(websocket.NetConn(ctx, ws, websocket.MessageBinary), &pop3.Options{AllowInsecureAuth: true})
	if err != nil {
		t.Fatalf("session to the found server: %v", err)
	}
	if err := c.Login(ctx, found.Username, "secret"); err != nil {
		t.Fatal(err)
	}
	if n, _, err := c.Stat(ctx); err != nil || n != 1 {
		t.Errorf("STAT %d, %v", n, err)
	}
	c.Quit(ctx)
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
