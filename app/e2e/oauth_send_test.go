//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
	"github.com/poppymail/poppy/submission/submissiontest/postfixtest"
)

// TestE2EOAuthSend: an account signed in with OAuth sends with the same
// token, no password anywhere. A real Postfix whose SASL is a Dovecot
// with the oauth2 passdb (asking Hydra about each token) takes the
// message from the tab over implicit TLS and delivers it to bjorn; its
// log names the OAuth mechanism the tab chose (a password mechanism
// would not pass the passdb, which knows no password).
func TestE2EOAuthSend(t *testing.T) {
	browsertest.Require(t)
	s := browsertest.Start(t, browsertest.Config{NoOpen: true, Timeout: 4 * time.Minute})
	p := oidctest.Start(t, &oidctest.Options{
		Users:       map[string]string{oauthUser: oidctest.DefaultPassword},
		CORSOrigins: []string{strings.TrimSuffix(s.Bridge.URL, "/")},
	})
	reg := p.RegisterClient(&oidctest.ClientOptions{RedirectURI: s.Bridge.URL})
	pf := postfixtest.Start(t, &postfixtest.Options{
		Domain: "example.test",
		Dovecot: &dovecottest.Config{
			Users:  map[string]string{oauthUser: "a password this test never sends", "bjorn": "bjorn's password"},
			OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()},
		},
		Extra: "max_use = 1",
	})
	presentDovecotLeaf(t, pf) // one certificate to trust, for reading and sending
	dc := pf.Dovecot
	dc.Deliver(oauthUser, plainMessage("Over OAuth", "Mon, 3 Mar 2025 10:00:00 +0000", "Hello.\n"))
	dc.Deliver(oauthUser, plainMessage("Over OAuth too", "Mon, 3 Mar 2025 10:01:00 +0000", "Hello.\n"))
	s.StartBridge(&browsertest.BridgeConfig{
		Targets: []string{mailTarget + "=" + dc.TLSAddr + "/tls"},
		Args: []string{
			"-submission", mailTarget + "=" + pf.SubmissionTLSAddr + "/tls",
			"-oauth", mailTarget + "=" + p.Issuer + "," + reg.ID + "," + strings.Join(reg.Scopes, ","),
		},
	})
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	button := `[data-oauth="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.WaitEnabled(chromedp.CSS(button)), chromedp.Click(chromedp.CSS(button))))
	loginAtProvider(t, s, dc, button)
	checkOAuthInbox(t, s, dc)

	const subject = "Sent with a token"
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "bjorn@" + pf.Domain, "subject": subject, "body": "No password was typed.\n"})
	sendCompose(s)
	pf.WaitForMessages("bjorn", 1)
	box := readMailbox(t, dc, "bjorn", "bjorn's password")
	_, submitted := postfixtest.SplitTrace(box[0].raw)
	h, _, _ := parse(t, submitted)
	if got, _ := h.Subject(); got != subject {
		t.Errorf("bjorn received %q, want %q", got, subject)
	}
	// Postfix's log is written by its postlogd, a moment after the fact.
	deadline := time.Now().Add(10 * time.Second)
	for submissions(pf) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	log := pf.LogText()
	if !strings.Contains(log, "sasl_method=OAUTHBEARER") && !strings.Contains(log, "sasl_method=XOAUTH2") {
		t.Errorf("Postfix's log names no OAuth mechanism for the message:\n%s", log)
	}
	if n := submissions(pf); n != 1 {
		t.Errorf("Postfix began %d authenticated messages, want 1", n)
	}
}
