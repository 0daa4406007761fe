//go:build !js

package e2e

import (
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/dnstest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// Selectors of the address-first sign-in (issue 12's automation
// contract).
const (
	selFoundServers = "#found-servers"
	selPassword     = `form#signin [name="password"]`
)

// startAddressBridge starts Dovecot, a DNS server on loopback whose
// records for corp.test point at Dovecot's implicit-TLS port (RFC 6186
// SRV) and for private.test at a private address, and a bridge that
// allows user-entered servers, looks addresses up through that DNS
// server, and lets loopback through the way an operator lets an
// internal mail network through (-allow-internal).
func startAddressBridge(t *testing.T, msgs ...[]byte) (*dovecottest.Server, *browsertest.Session) {
	t.Helper()
	browsertest.Require(t)
	dc := dovecottest.Start(t, nil)
	for _, m := range msgs {
		dc.Deliver(dc.User, m)
	}
	_, port, err := net.SplitHostPort(dc.TLSAddr)
	if err != nil {
		t.Fatal(err)
	}
	dns, err := dnstest.Start(
		"_pop3s._tcp.corp.test. 300 IN SRV 0 1 "+port+" mail.corp.test.",
		"mail.corp.test. 300 IN A 127.0.0.1",
		"_pop3s._tcp.private.test. 300 IN SRV 0 1 "+port+" mail.private.test.",
		"mail.private.test. 300 IN A 10.9.8.7",
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dns.Close() })
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Args: []string{
		"-allow-custom", "-custom-ports", port, "-resolver", dns.Addr, "-allow-internal", "127.0.0.0/8",
	}}})
	return dc, s
}

// setField sets a field of form#signin as typing (input) or choosing
// (change) does.
func setField(t *testing.T, s *browsertest.Session, name, value, event string) {
	t.Helper()
	msg := browsertest.Eval[string](s, `(() => {
		const el = document.querySelector("form#signin").elements.namedItem(`+jsString(name)+`);
		if (!el) return "no field named " + `+jsString(name)+`;
		el.value = `+jsString(value)+`;
		el.dispatchEvent(new Event(`+jsString(event)+`, {bubbles: true}));
		return el.value === `+jsString(value)+` ? "" : "the field holds " + el.value;
	})()`)
	if msg != "" {
		t.Fatalf("%s: %s", name, msg)
	}
}

// findServers chooses the address-first path, types address and presses
// the form's button, which looks it up; no password field may exist
// before (nothing secret can leave the tab).
func findServers(t *testing.T, s *browsertest.Session, address string) {
	t.Helper()
	setField(t, s, "target", bridgeapi.CustomTarget, "change")
	s.Must(browsertest.Wait(s.Ctx, `form#signin [name="address"]`, 5*time.Second))
	if ok, _ := browsertest.Exists(s.Ctx, selPassword); ok {
		t.Fatal("the address-first form shows a password field before the servers are found")
	}
	setField(t, s, "address", address, "input")
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(browsertest.SelSubmitEnabled))))
}

// TestE2EAddressSignIn signs in from an e-mail address alone: the
// bridge finds Dovecot through SRV records on a DNS server on loopback,
// the form shows what it found (#found-servers: host, port, protection,
// source) with the password field only then, the person corrects the
// user name, trusts the test CA's certificate, and the inbox lists
// exactly the server's UIDLs. The account record keeps the server: after
// signing out, the saved account reconnects through it (no form, no
// lookup) and fetches a message delivered meanwhile.
func TestE2EAddressSignIn(t *testing.T) {
	var msgs [][]byte
	for i := range 3 {
		msgs = append(msgs, plainMessage("Found message "+string(rune('A'+i)), "Mon, 3 Mar 2025 10:0"+string(rune('0'+i))+":00 +0000", "Body.\n"))
	}
	dc, s := startAddressBridge(t, msgs...)
	_, port, _ := net.SplitHostPort(dc.TLSAddr)

	start := time.Now()
	findServers(t, s, dc.User+"@corp.test")
	s.Must(browsertest.Wait(s.Ctx, selFoundServers, 15*time.Second))
	t.Logf("address to servers shown: %v", time.Since(start).Round(time.Millisecond))
	found, err := browsertest.Text(s.Ctx, selFoundServers)
	s.Must(err)
	for _, want := range []string{"mail.corp.test:" + port, "encrypted (TLS)", "SRV"} {
		if !strings.Contains(found, want) {
			t.Errorf("#found-servers says %q, want it to name %q", found, want)
		}
	}
	for name, want := range map[string]string{"host": "mail.corp.test", "port": port, "security": string(bridgeapi.SecurityTLS), "username": dc.User + "@corp.test"} {
		got := browsertest.Eval[string](s, `document.querySelector("form#signin").elements.namedItem(`+jsString(name)+`).value`)
		if got != want {
			t.Errorf("field %s is %q after the lookup, want %q", name, got, want)
		}
	}
	if ok, _ := browsertest.Exists(s.Ctx, selPassword); !ok {
		t.Fatal("no password field once the servers are shown")
	}

	// The README's picture of the address-first sign-in (see
	// screenshotDir): the servers found, before the password is typed.
	screenshot(t, s, "signin-address.png")

	// Dovecot's user is "alice", not the address: the person edits it.
	if o := s.SignIn("", dc.User, dc.Password); o != browsertest.OutcomeCert {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("signing in to the found server gave %q (%s), want the certificate prompt of the test CA", o, msg)
	}
	checkCertPrompt(t, s, dc)
	s.Must(browsertest.TrustCertificate(s.Ctx))
	if o, err := browsertest.WaitSignIn(s.Ctx, trustedSignInWait); err != nil || o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("after trusting the certificate: %q, %v (%s); want the inbox", o, err, msg)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	t.Logf("address to inbox: %v", time.Since(start).Round(time.Millisecond))
	count, uidls := serverState(t, dc)
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	var gotUIDLs []string
	for _, r := range rows {
		gotUIDLs = append(gotUIDLs, r.UIDL)
	}
	slices.Sort(gotUIDLs)
	slices.Sort(uidls)
	if count != len(msgs) || !slices.Equal(gotUIDLs, uidls) {
		t.Fatalf("rows carry data-uidl %q; the server has %d messages, UIDLs %q", gotUIDLs, count, uidls)
	}

	// The record keeps the server: a reconnect from the saved account
	// needs neither the form nor the lookup.
	dc.Deliver(dc.User, plainMessage("Found message, later", "Mon, 3 Mar 2025 11:00:00 +0000", "Later.\n"))
	s.Must(browsertest.ClickButton(s.Ctx, "Sign out"))
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	s.Must(browsertest.ClickButtonIn(s.Ctx, "#saved-accounts", dc.User+" on mail.corp.test:"+port))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelSignInBar, 15*time.Second))
	s.Must(browsertest.SignInBar(s.Ctx, dc.Password))
	waitSubject(t, s, "Found message, later", 30*time.Second)
}

// TestE2EAddressRefusals: the bridge's refusals read as sentences. A
// lookup whose SRV record points at a private address finds nothing it
// may use, and says so with the host; the manual fields then come, and
// a port the bridge does not allow for user-entered servers is refused,
// from the bridge's own list, before anything is sent.
func TestE2EAddressRefusals(t *testing.T) {
	dc, s := startAddressBridge(t)
	_, port, _ := net.SplitHostPort(dc.TLSAddr)

	findServers(t, s, "bob@private.test")
	s.Must(browsertest.WaitText(s.Ctx, "Poppy found no POP3 server it may use for private.test.", 15*time.Second))
	note, err := browsertest.Text(s.Ctx, `form#signin .note`)
	s.Must(err)
	if !strings.Contains(note, "mail.private.test") || !strings.Contains(note, "Enter the server yourself") {
		t.Errorf("the refusal says %q, want the host it found and what to do", note)
	}
	if ok, _ := browsertest.Exists(s.Ctx, selFoundServers); ok {
		t.Error("#found-servers is shown although nothing usable was found")
	}
	// The positive control of the check above is TestE2EAddressSignIn,
	// which sees #found-servers through the same path.

	setField(t, s, "host", "mail.corp.test", "input")
	setField(t, s, "port", "2995", "input")
	setField(t, s, "security", string(bridgeapi.SecurityTLS), "change")
	setField(t, s, "username", "bob", "input")
	setField(t, s, "password", "secret", "input")
	// Refused in the form, from the bridge's list of ports: no sign-in
	// starts, so the error is waited for, not the sign-in's end.
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(browsertest.SelSubmitEnabled))))
	want := "This Poppy bridge reaches user-entered servers only on port " + port + ", not on 2995."
	s.Must(browsertest.WaitText(s.Ctx, want, 10*time.Second))
	msg, err := browsertest.SignInError(s.Ctx)
	s.Must(err)
	if !strings.Contains(msg, want) {
		t.Errorf("the error under the form says %q, want %q", msg, want)
	}
	if strings.Contains(msg, "4403") {
		t.Errorf("the error shows a code: %q", msg)
	}
}
