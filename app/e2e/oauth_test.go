//go:build !js && unix

package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// oauthUser is the mailbox of the OAuth tests, named by its address: the
// provider's ID token gives the address, and the app logs in with it.
const oauthUser = "alice@example.test"

// TestE2EOAuthSignIn signs in with "Sign in with …" end to end: a real
// OpenID provider (Ory Hydra, internal/oidctest) that allows the app's
// origin, a Dovecot whose oauth2 passdb asks the provider about each
// token, and the real bridge with -target and -oauth. The test clicks
// [data-oauth=mail], fills the provider's own login form, comes back to
// the app, trusts the test CA's certificate, and sees the inbox listed
// over OAUTHBEARER or XOAUTH2 (Dovecot announces both).
func TestE2EOAuthSignIn(t *testing.T) {
	s, _, dc := startOAuth(t, 0)
	start := time.Now()
	button := `[data-oauth="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx,
		chromedp.WaitEnabled(chromedp.CSS(button)),
		chromedp.Click(chromedp.CSS(button)),
	))
	loginAtProvider(t, s, dc, button)
	t.Logf("from the click to the inbox: %v", time.Since(start).Round(time.Millisecond))
	checkOAuthInbox(t, s, dc)
	// The code was for one use: the address bar no longer shows it.
	if u := browsertest.Eval[string](s, `location.href`); strings.Contains(u, "code=") {
		t.Errorf("the address bar still shows the authorization code: %s", u)
	}
}

// checkOAuthInbox: the inbox lists the server's two messages by UIDL.
func checkOAuthInbox(t *testing.T, s *browsertest.Session, dc *dovecottest.Server) {
	t.Helper()
	count, uidls := serverState(t, dc)
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	if len(rows) != count || count != 2 {
		t.Fatalf("the inbox shows %d rows, the server holds %d messages (2 delivered)", len(rows), count)
	}
	got := map[string]bool{}
	for _, r := range rows {
		got[r.UIDL] = true
	}
	for _, u := range uidls {
		if !got[u] {
			t.Errorf("no row carries data-uidl %q of the server's %q", u, uidls)
		}
	}
}

// startOAuth starts what an OAuth sign-in needs: the bridge first (its
// origin is the redirect URI to register), a real OpenID provider (Ory
// Hydra, internal/oidctest) that allows the app's origin, a Dovecot
// whose oauth2 passdb asks the provider about each token, with two
// messages for oauthUser, and the bridge with -target and -oauth; the
// app is open. ttl, if not zero, is how long the client's access
// tokens live.
func startOAuth(t *testing.T, ttl time.Duration) (*browsertest.Session, *oidctest.Provider, *dovecottest.Server) {
	t.Helper()
	browsertest.Require(t)
	s := browsertest.Start(t, browsertest.Config{NoOpen: true})
	p := oidctest.Start(t, &oidctest.Options{
		Users:       map[string]string{oauthUser: oidctest.DefaultPassword},
		CORSOrigins: []string{strings.TrimSuffix(s.Bridge.URL, "/")},
	})
	reg := p.RegisterClient(&oidctest.ClientOptions{RedirectURI: s.Bridge.URL, AccessTokenTTL: ttl, RefreshedTokenTTL: ttl})
	dc := dovecottest.Start(t, &dovecottest.Config{
		Users:  map[string]string{oauthUser: "a password this test never sends"},
		OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()},
	})
	dc.Deliver(oauthUser, plainMessage("Over OAuth", "Mon, 3 Mar 2025 10:00:00 +0000", "Hello.\n"))
	dc.Deliver(oauthUser, plainMessage("Over OAuth too", "Mon, 3 Mar 2025 10:01:00 +0000", "Hello.\n"))
	s.StartBridge(&browsertest.BridgeConfig{
		Targets: []string{mailTarget + "=" + dc.TLSAddr + "/tls"},
		Args:    []string{"-oauth", mailTarget + "=" + p.Issuer + "," + reg.ID + "," + strings.Join(reg.Scopes, ",")},
	})
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	return s, p, dc
}

// loginAtProvider follows a click on clicked (which sent the tab to the
// provider) through the provider's own login form, back to the app, past
// the certificate prompt if one comes (the test CA is not the
// browser's; trusting it must keep the OAuth sign-in, as no password was
// ever typed), to the inbox.
func loginAtProvider(t *testing.T, s *browsertest.Session, dc *dovecottest.Server, clicked string) {
	t.Helper()
	// The provider's page, in the same tab (a wait that survives the
	// navigations), or the app's sentence why not.
	b, cancel := s.Bound(60 * time.Second)
	err := chromedp.Do(b.Ctx, chromedp.WaitVisible(chromedp.CSS(`form#login`)))
	cancel()
	if err != nil {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("clicking %s did not reach the provider's login form (%v); the app says: %q", clicked, err, msg)
	}
	// Submitted after the evaluation returns: the navigation it starts
	// would otherwise end the evaluation with an error.
	_, err = chromedp.Run(s.Ctx, chromedp.Evaluate[bool](`(() => {
		const f = document.querySelector("form#login");
		f.elements.namedItem("username").value = `+strconv.Quote(oauthUser)+`;
		f.elements.namedItem("password").value = `+strconv.Quote(oidctest.DefaultPassword)+`;
		setTimeout(() => f.submit(), 0);
		return true;
	})()`))
	s.Must(err)
	s.Must(chromedp.Do(s.Ctx, chromedp.WaitVisible(chromedp.CSS(`form#signin`))))
	o, err := browsertest.WaitSignIn(s.Ctx, 60*time.Second)
	s.Must(err)
	if o == browsertest.OutcomeCert {
		checkCertPrompt(t, s, dc)
		s.Must(browsertest.TrustCertificate(s.Ctx))
		o, err = browsertest.WaitSignIn(s.Ctx, 60*time.Second)
		s.Must(err)
	}
	if o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("signing in with the provider gave %q (%s), want the inbox", o, msg)
	}
}
