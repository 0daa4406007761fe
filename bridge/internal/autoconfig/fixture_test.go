//go:build unix

package autoconfig_test

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
	"github.com/poppymail/poppy/internal/dnstest"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// stepTimeout is the tests' bound on one fetch or probe: short, so that
// the slow server's case ends quickly, long enough for a loaded machine
// to complete a TLS handshake on loopback.
const stepTimeout = 1500 * time.Millisecond

// The users of the test Dovecot, one per lookup that ends in a sign-in.
// Their names are what the lookups must come up with as the username.
var users = map[string]string{
	"alice@srv.test":   "srv-password",
	"bob":              "xml-password", // the autoconfig file says %EMAILLOCALPART%
	"carol@guess.test": "guess-password",
}

// fixture is a test DNS server, a test Dovecot, an HTTPS server for the
// autoconfig files (its certificate from Dovecot's test CA, the one CA
// the lookups trust), and the bridge's routes with a Lookuper that uses
// them all.
//
// The DNS maps the tests' names to 127.0.0.1, so the vetting must let
// loopback through: Custom.Allow says so explicitly, and nothing else is
// opened (10.0.0.0/8, where the refused cases point, stays forbidden).
type fixture struct {
	dns    *dnstest.Server
	dove   *dovecottest.Server
	web    *httptest.Server
	custom *targets.Custom
	look   *autoconfig.Lookuper
	api    *httptest.Server
	// slowStop releases the slow autoconfig server's handlers.
	slowStop chan struct{}
}

func newFixture(t *testing.T, opts *autoconfig.Options) *fixture {
	t.Helper()
	f := &fixture{slowStop: make(chan struct{})}
	f.dove = dovecottest.Start(t, &dovecottest.Config{
		Users:     users,
		CertNames: []string{"pop3.srv.test", "pop.xml.test", "pop.guess.test", "mail.guess.test"},
	})
	for u := range users {
		f.dove.Deliver(u, []byte("Subject: hello "+u+"\n\nfound by autoconfig\n"))
	}
	tlsPort, plainPort := port(t, f.dove.TLSAddr), port(t, f.dove.Addr)

	leaf, err := f.dove.CA.Issue("autoconfig.xml.test", "autoconfig.malformed.test", "autoconfig.huge.test",
		"autoconfig.slow.test", "autoconfig.redirect.test", "redirect.test", "autoconfig.offsite.test", "autoconfig.plain.test", "autoconfig.downgrade.test")
	if err != nil {
		t.Fatal(err)
	}
	f.web = httptest.NewUnstartedServer(http.HandlerFunc(f.serveWeb(tlsPort)))
	f.web.TLS = leaf.ServerConfig()
	f.web.StartTLS()
	t.Cleanup(f.web.Close)
	t.Cleanup(func() { close(f.slowStop) }) // runs before web.Close
	webPort := port(t, f.web.Listener.Addr().String())

	srv := func(name string, prio, weight, port int, target string) string {
		return fmt.Sprintf("%s 300 IN SRV %d %d %d %s", name, prio, weight, port, target)
	}
	f.dns, err = dnstest.Start(
		// srv.test: SRV records, implicit TLS and STARTTLS both; the
		// STARTTLS one has the better priority, and still comes second
		// (RFC 8314). Submission over STARTTLS is "not offered".
		srv("_pop3s._tcp.srv.test.", 10, 1, tlsPort, "pop3.srv.test."),
		srv("_pop3._tcp.srv.test.", 0, 1, plainPort, "pop3.srv.test."),
		srv("_submissions._tcp.srv.test.", 0, 1, 465, "smtp.srv.test."),
		srv("_submission._tcp.srv.test.", 0, 0, 0, "."),
		"pop3.srv.test. 120 IN A 127.0.0.1",
		"smtp.srv.test. 300 IN A 127.0.0.1",
		// private.test: SRV to a private address.
		srv("_pop3s._tcp.private.test.", 0, 1, tlsPort, "pop3.private.test."),
		"pop3.private.test. 300 IN A 10.0.0.5",
		// xml.test: no SRV, an autoconfig file.
		"autoconfig.xml.test. 300 IN A 127.0.0.1",
		"pop.xml.test. 300 IN A 127.0.0.1",
		"smtp.xml.test. 300 IN A 127.0.0.1",
		// guess.test: nothing but pop.guess.test.
		"pop.guess.test. 300 IN A 127.0.0.1",
		// The autoconfig servers that misbehave.
		"autoconfig.malformed.test. 300 IN A 127.0.0.1",
		"autoconfig.huge.test. 300 IN A 127.0.0.1",
		"autoconfig.slow.test. 300 IN A 127.0.0.1",
		"autoconfig.redirect.test. 300 IN A 127.0.0.1",
		"redirect.test. 300 IN A 10.0.0.9",
		"autoconfig.offsite.test. 300 IN A 127.0.0.1",
		"autoconfig.downgrade.test. 300 IN A 127.0.0.1",
		// plain.test: an autoconfig file with plain POP3 only, at a
		// public address, on a host no guess tries (never connected to:
		// files are not probed, and the tests stay on loopback).
		"autoconfig.plain.test. 300 IN A 127.0.0.1",
		"pop3.plain.test. 300 IN A 93.184.216.34",
		// cname.test: an SRV target behind a CNAME, a short TTL at the end.
		srv("_pop3s._tcp.cname.test.", 0, 1, tlsPort, "pop.cname.test."),
		"pop.cname.test. 300 IN CNAME real.cname.test.",
		"real.cname.test. 7 IN A 127.0.0.1",
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.dns.Close)

	f.custom = &targets.Custom{
		Ports:    []int{tlsPort, plainPort},
		Allow:    []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")},
		Resolver: autoconfig.NetResolver(f.dns.Addr),
	}
	o := autoconfig.Options{}
	if opts != nil {
		o = *opts
	}
	o.Resolver = f.dns.Addr
	o.RootCAs = f.dove.RootCAs
	o.StepTimeout = stepTimeout
	o.HTTPSPort = webPort
	o.GuessPorts = &autoconfig.GuessPorts{TLS: tlsPort, StartTLS: plainPort}
	if o.PerMinute == 0 {
		o.PerMinute = -1 // every request comes from loopback; TestHandlerPerClientRate covers the rate
	}
	f.look = autoconfig.New(f.custom, &o)

	s, err := server.New(&server.Options{Autoconfig: f.look})
	if err != nil {
		t.Fatal(err)
	}
	f.api = httptest.NewServer(s.Handler())
	t.Cleanup(f.api.Close)
	return f
}

// serveWeb answers as each test domain's web server does.
func (f *fixture) serveWeb(popPort int) func(http.ResponseWriter, *http.Request) {
	return func(w http.ResponseWriter, r *http.Request) {
		host, _, _ := net.SplitHostPort(r.Host)
		switch host {
		case "autoconfig.xml.test":
			if r.URL.Path != "/mail/config-v1.1.xml" || r.URL.RawQuery != "" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, xmlConfig, popPort)
		case "autoconfig.malformed.test":
			fmt.Fprint(w, `<?xml version="1.0"?><clientConfig version="1.1"><emailProvider id="malformed.test"><incomingServer type="pop3">`)
		case "autoconfig.huge.test":
			// Streamed without a length: the limit must hold on the body.
			chunk := strings.Repeat("<!-- padding padding padding -->\n", 1024)
			for range 400 { // about 13 MB
				if _, err := w.Write([]byte(chunk)); err != nil {
					return
				}
			}
		case "autoconfig.slow.test":
			select {
			case <-r.Context().Done():
			case <-f.slowStop:
			}
		case "autoconfig.redirect.test":
			http.Redirect(w, r, "https://"+net.JoinHostPort("redirect.test", portOf(r.Host))+"/.well-known/autoconfig/mail/config-v1.1.xml", http.StatusFound)
		case "autoconfig.plain.test":
			fmt.Fprintf(w, plainConfig, popPort)
		case "autoconfig.downgrade.test":
			http.Redirect(w, r, "http://"+r.Host+"/mail/config-v1.1.xml", http.StatusMovedPermanently)
		case "autoconfig.offsite.test":
			http.Redirect(w, r, "https://"+net.JoinHostPort("10.0.0.1", portOf(r.Host))+"/mail/config-v1.1.xml", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}
}

// xmlConfig is an autoconfig file in the ISPDB format, as ISPs publish
// them: an IMAP server first, and a plain POP3 server before the TLS one,
// which a lookup must still prefer.
const xmlConfig = `<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="xml.test">
    <domain>xml.test</domain>
    <displayName>XML Test Mail</displayName>
    <displayShortName>XML</displayShortName>
    <incomingServer type="imap">
      <hostname>imap.%%EMAILDOMAIN%%</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%%EMAILADDRESS%%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.%%EMAILDOMAIN%%</hostname>
      <port>110</port>
      <socketType>plain</socketType>
      <authentication>password-cleartext</authentication>
      <username>%%EMAILLOCALPART%%</username>
    </incomingServer>
    <incomingServer type="pop3">
      <hostname>pop.%%EMAILDOMAIN%%</hostname>
      <port>%d</port>
      <socketType>SSL</socketType>
      <authentication>password-cleartext</authentication>
      <username>%%EMAILLOCALPART%%</username>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.%%EMAILDOMAIN%%</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <authentication>password-cleartext</authentication>
      <username>%%EMAILLOCALPART%%</username>
    </outgoingServer>
  </emailProvider>
</clientConfig>
`

// plainConfig offers plain POP3 only (with %d for the port).
const plainConfig = `<clientConfig version="1.1"><emailProvider id="plain.test">
<incomingServer type="pop3"><hostname>pop3.plain.test</hostname><port>%d</port><socketType>plain</socketType>
<username>%%EMAILADDRESS%%</username><authentication>password-cleartext</authentication></incomingServer>
</emailProvider></clientConfig>`

// get asks the bridge's endpoint, as the page does, and decodes either
// answer.
func (f *fixture) get(t *testing.T, address string) (int, *bridgeapi.Autoconfig, *bridgeapi.AutoconfigRefusal) {
	t.Helper()
	resp, err := http.Get(f.api.URL + bridgeapi.PathAutoconfig + "?" + bridgeapi.ParamAddress + "=" + url.QueryEscape(address))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	if resp.StatusCode == http.StatusOK {
		var a bridgeapi.Autoconfig
		if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, &a, nil
	}
	var r bridgeapi.AutoconfigRefusal
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, nil, &r
}

// signIn logs in to the POP3 server the endpoint returned, with its
// username, the way the relay reaches a user-entered server (the same
// vetting and dialling, targets.Dialer.DialCustom) and the way the tab
// speaks to it (mailconn, TLS verified for the returned host name), and
// checks the mailbox holds the message delivered to that user.
func (f *fixture) signIn(t *testing.T, found *bridgeapi.Autoconfig, password string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	conn, _, err := (&targets.Dialer{Timeout: 5 * time.Second}).DialCustom(ctx, f.custom, found.POP3.Host, strconv.Itoa(found.POP3.Port))
	if err != nil {
		t.Fatalf("dial %s:%d: %v", found.POP3.Host, found.POP3.Port, err)
	}
	host := found.POP3.Host
	conf := mailconn.TLSConfig(host, func(cs tls.ConnectionState) error {
		return mailconn.Verify(cs.PeerCertificates, host, f.dove.RootCAs)
	})
	c, err := mailconn.Open(ctx, conn, found.POP3.Security, conf, &pop3.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("open %s: %v", found.POP3.Security, err)
	}
	defer c.Close()
	if err := c.Login(ctx, found.Username, password); err != nil {
		t.Fatalf("login as %q: %v", found.Username, err)
	}
	n, _, err := c.Stat(ctx)
	if err != nil || n != 1 {
		t.Fatalf("STAT = %d, %v; want the 1 message delivered", n, err)
	}
	if err := c.Quit(ctx); err != nil {
		t.Errorf("QUIT: %v", err)
	}
}

func port(t *testing.T, addr string) int {
	t.Helper()
	p, err := strconv.Atoi(portOf(addr))
	if err != nil {
		t.Fatalf("address %q: %v", addr, err)
	}
	return p
}

func portOf(hostport string) string {
	_, p, _ := net.SplitHostPort(hostport)
	return p
}
