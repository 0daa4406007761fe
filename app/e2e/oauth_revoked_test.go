//go:build !js && unix

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EOAuthSignInAgain: with access tokens that live 30 s, within
// the app's minute of margin, each POP3 session refreshes its token in
// the tab (a POST of grant_type=refresh_token to Hydra, seen by the
// browser) before it logs in, and a check for new mail works. An
// account signed in with a provider is marked as such in the accounts
// panel (data-auth="oauth", the provider's name). Once the person
// withdraws Poppy's access at the provider (every grant revoked in
// Hydra), the next check's refresh is refused (invalid_grant), and the
// app says so with "Sign in again", never a password field; the button
// runs the provider's sign-in again for that account and the inbox
// comes back.
func TestE2EOAuthSignInAgain(t *testing.T) {
	s, p, dc := startOAuth(t, 30*time.Second)
	refreshed := refreshes(s)
	start := time.Now()
	button := `[data-oauth="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.WaitEnabled(chromedp.CSS(button)), chromedp.Click(chromedp.CSS(button))))
	loginAtProvider(t, s, dc, button)
	checkOAuthInbox(t, s, dc)
	waitRefresh(t, refreshed, "the sign-in's POP3 session")

	// A check for new mail: a new POP3 session, a new refresh (the ones
	// seen so far are the sign-in's).
	for len(refreshed) > 0 {
		<-refreshed
	}
	check := `button[aria-label="Check for new mail"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(check))))
	waitRefresh(t, refreshed, "the check for new mail")
	s.Must(chromedp.Do(s.Ctx, chromedp.WaitEnabled(chromedp.CSS(check)))) // the check is over
	if ended, err := browsertest.Exists(s.Ctx, `#oauth-ended, .banner.problem`); err != nil || ended {
		txt, _ := browsertest.Text(s.Ctx, `.banner`)
		t.Fatalf("the check with a refreshed token did not work (%v): %q", err, txt)
	}

	// The panel's row says how the account signs in; with a live
	// session, it offers no new sign-in.
	row := `#device-panel li.account[data-auth="oauth"][data-provider="` + mailTarget + `"]`
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.Wait(s.Ctx, row, 10*time.Second))
	if txt, err := browsertest.Text(s.Ctx, row); err != nil || !strings.Contains(txt, "Signs in with "+mailTarget) || strings.Contains(txt, "Sign in again") {
		t.Errorf("the OAuth account's row reads %q (%v), want the provider named and no \"Sign in again\"", txt, err)
	}
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.WaitGone(s.Ctx, `#device-panel`, 10*time.Second))

	// Withdrawn at the provider: the access and refresh tokens go.
	s.Must(p.RevokeSessions(s.Ctx, oauthUser))
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(check))))
	if err := browsertest.Wait(s.Ctx, `#oauth-ended`, 60*time.Second); err != nil {
		txt, _ := browsertest.Text(s.Ctx, `.banner`)
		t.Fatalf("no \"sign in again\" bar after the revocation (%v); the page's banner reads %q", err, txt)
	}
	txt, err := browsertest.Text(s.Ctx, `#oauth-ended`)
	s.Must(err)
	if !strings.Contains(txt, "Your sign-in with "+mailTarget+" has ended") || !strings.Contains(txt, "Sign in again") {
		t.Errorf("the bar reads %q, want the sentence and a \"Sign in again\" button", txt)
	}
	// The same render that shows the bar: no password is asked for.
	if pw, err := browsertest.Exists(s.Ctx, `input[type=password]`); err != nil || pw {
		t.Errorf("a password field is on the page (%v, %v): an OAuth account never asks for one", pw, err)
	}
	// The panel's row offers the new sign-in too.
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.Wait(s.Ctx, row, 10*time.Second))
	if txt, err := browsertest.Text(s.Ctx, row); err != nil || !strings.Contains(txt, "Sign in again") {
		t.Errorf("after the revocation the row reads %q (%v), want \"Sign in again\"", txt, err)
	}
	s.Must(chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(`#device-button`))))
	s.Must(browsertest.WaitGone(s.Ctx, `#device-panel`, 10*time.Second))

	// Sign in again: the provider's form once more, then the inbox.
	s.Must(browsertest.ClickButtonIn(s.Ctx, `#oauth-ended`, "Sign in again"))
	loginAtProvider(t, s, dc, `#oauth-ended button`)
	checkOAuthInbox(t, s, dc)
	s.Must(browsertest.WaitGone(s.Ctx, `#oauth-ended`, 10*time.Second))
	t.Logf("sign-in, revocation, sign in again: %v", time.Since(start).Round(time.Millisecond))
}

// refreshes reports each refresh the tab asks of the provider: a POST
// whose form says grant_type=refresh_token.
func refreshes(s *browsertest.Session) <-chan struct{} {
	ch := make(chan struct{}, 64)
	reqs := chromedp.Events(s.Ctx, network.RequestWillBeSent)
	go func() {
		for ev, err := range reqs {
			if err != nil {
				return
			}
			if ev.Request.Method != "POST" {
				continue
			}
			for _, e := range ev.Request.PostDataEntries {
				if strings.Contains(string(e.Bytes), "grant_type=refresh_token") {
					ch <- struct{}{}
				}
			}
		}
	}()
	return ch
}

// waitRefresh waits for the next refresh the tab asks for.
func waitRefresh(t *testing.T, refreshed <-chan struct{}, during string) {
	t.Helper()
	select {
	case <-refreshed:
	case <-time.After(30 * time.Second):
		t.Fatalf("no token refresh in the tab during %s", during)
	}
}
