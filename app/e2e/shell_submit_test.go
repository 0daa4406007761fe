//go:build !js

package e2e

import (
	"bufio"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/routes"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// heldShell is a page of the real bridge, in front of Dovecot over plain
// POP3 on loopback, whose app.wasm the browser asked for and was not
// given yet (the Fetch domain holds the request), so the page is the
// prerendered sign-in shell until release.
type heldShell struct {
	dc   *dovecottest.Server
	s    *browsertest.Session
	hold *wasmHold

	mu       sync.Mutex
	requests []string // every request the page made: URL and body
}

// holdShell opens the page with app.wasm held back, and waits until the
// shell takes a sign-in (its poppy-signin-usable mark).
func holdShell(t *testing.T) *heldShell {
	t.Helper()
	browsertest.Require(t)
	h := &heldShell{dc: dovecottest.Start(t, nil)}
	h.dc.Deliver(h.dc.User, []byte("From: Ada <ada@example.com>\r\nTo: "+h.dc.User+"@example.com\r\nSubject: Pressed before the app loaded\r\n"+
		"Date: Mon, 7 Dec 2026 04:00:00 +0000\r\nMessage-ID: <held@example.com>\r\n\r\nThe press was kept.\r\n"))
	h.s = browsertest.Start(t, browsertest.Config{NoOpen: true, Bridge: browsertest.BridgeConfig{Targets: []string{mailTarget + "=" + h.dc.Addr + "/plain"}}})
	s := h.s
	s.Must(chromedp.Listen(s.Ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			body := ""
			for _, d := range e.Request.PostDataEntries {
				body += string(d.Bytes)
			}
			h.mu.Lock()
			h.requests = append(h.requests, e.Request.URL+" "+body)
			h.mu.Unlock()
		}
	}))
	_, err := chromedp.Call(s.Ctx, network.Enable, network.EnableParams{})
	s.Must(err)
	h.hold = holdWasm(s)
	h.hold.navigate(s.Bridge.URL)
	if _, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-signin-usable", "mark").length > 0`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("the shell never took a sign-in (no poppy-signin-usable mark): %v", err)
	}
	return h
}

// release lets app.wasm load.
func (h *heldShell) release() { h.hold.release() }

// sent lists the requests the page made whose URL or body holds s.
func (h *heldShell) sent(s string) []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []string
	for _, r := range h.requests {
		if strings.Contains(r, s) {
			out = append(out, r)
		}
	}
	return out
}

// logins counts Dovecot's logins of its user, from its log.
func (h *heldShell) logins() int {
	return strings.Count(h.dc.LogText(), "Login: user=<"+h.dc.User+">")
}

// waitLogins waits until Dovecot logged n logins of its user.
func (h *heldShell) waitLogins(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for h.logins() < n {
		if time.Now().After(deadline) {
			t.Fatalf("Dovecot logged %d logins of %s, want %d:\n%s", h.logins(), h.dc.User, n, h.dc.LogText())
		}
		time.Sleep(20 * time.Millisecond) // polling a log file: there is no event to wait on
	}
}

// loginNatively logs in to Dovecot over plain POP3, outside the browser.
func (h *heldShell) loginNatively(t *testing.T) {
	t.Helper()
	c, err := net.DialTimeout("tcp", h.dc.Addr, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := bufio.NewReader(c)
	for _, cmd := range []string{"", "USER " + h.dc.User, "PASS " + h.dc.Password, "QUIT"} {
		if cmd != "" {
			if _, err := c.Write([]byte(cmd + "\r\n")); err != nil {
				t.Fatal(err)
			}
		}
		line, err := r.ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "+OK") {
			t.Fatalf("native POP3 login, after %q: %q, %v", strings.Fields(cmd + " ")[0], line, err)
		}
	}
}

// TestE2EShellSubmitsOnce presses Sign in in the prerendered shell while
// app.wasm is held back: the press is taken at once (the button busy, in
// the page's words), nothing leaves the page (no request carries the
// password, the page's URL is unchanged: no HTML form submission), and a
// second press changes nothing. When app.wasm loads, the app signs in
// with what was typed, once: the inbox opens with the Dovecot account,
// whose log has one login. That count can fail: a native login after the
// app's is counted as a second one (so the log was read past the app's
// sign-in, and a second one from the page would have shown).
func TestE2EShellSubmitsOnce(t *testing.T) {
	h := holdShell(t)
	s, dc := h.s, h.dc
	start := browsertest.Eval[string](s, `location.href`)
	if got := h.sent("/web/app.wasm"); len(got) == 0 {
		t.Fatal("the page's requests are not seen: not even app.wasm's")
	}
	s.Do(
		chromedp.SendKeys(chromedp.CSS(`form#signin input[name=username]`), dc.User),
		chromedp.SendKeys(chromedp.CSS(`form#signin input[name=password]`), dc.Password+kb.Enter),
	)
	type button struct {
		Busy, Text string
		Pending    bool
	}
	state := `(() => { const b = document.querySelector("form#signin button[type=submit]");
		return {Busy: b.getAttribute("aria-busy") || "", Text: b.textContent,
			Pending: !performance.getEntriesByName("poppy-first-render", "mark").length}; })()`
	busy := i18n.For(i18n.Fallback).T(routes.BusyText)
	if b := browsertest.Eval[button](s, state); b.Busy != "true" || b.Text != busy || !b.Pending {
		t.Fatalf("after Enter in the shell the button is %+v, want busy, reading %q, the app not yet rendered", b, busy)
	}
	s.Do(chromedp.Click(chromedp.CSS(`form#signin button[type=submit]`)))
	if got := browsertest.Eval[string](s, `location.href`); got != start {
		t.Errorf("the page went from %s to %s: the shell's form was submitted as HTML", start, got)
	}
	if got := h.sent(dc.Password); len(got) > 0 {
		t.Errorf("the page sent the password before the app loaded: %q", got)
	}
	if n := h.logins(); n != 0 {
		t.Fatalf("Dovecot logged %d logins before app.wasm loaded", n)
	}

	h.release()
	if o, err := browsertest.WaitSignIn(s.Ctx, 60*time.Second); err != nil || o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("after app.wasm loaded, the press in the shell gave %q, %v (%s), want the inbox", o, err, msg)
	}
	if err := browsertest.Wait(s.Ctx, browsertest.SelRow, 30*time.Second); err != nil {
		t.Fatalf("the inbox shows no message of the Dovecot account: %v", err)
	}
	h.waitLogins(t, 1)
	h.loginNatively(t)
	h.waitLogins(t, 2)
	if n := h.logins(); n != 2 {
		t.Errorf("Dovecot logged %d logins, want the app's one and the test's native one: the press was submitted %d times", n, n-1)
	}
	if got := h.sent(dc.Password); len(got) > 0 {
		t.Errorf("a request of the page carries the password (it goes only inside the WebSocket): %q", got)
	}
}

// TestE2EShellEmptySubmit presses Enter in the shell with the password
// empty: the browser's validation stops it (the focus goes to the
// empty, invalid field), the button is not busy, and no sign-in starts
// when the app loads (the app's poppy-signin-click mark, which it sets
// when it takes a press). Then the password is typed and Sign in pressed
// in the app: the mark is there, and Dovecot logs the one login.
func TestE2EShellEmptySubmit(t *testing.T) {
	h := holdShell(t)
	s, dc := h.s, h.dc
	s.Do(chromedp.SendKeys(chromedp.CSS(`form#signin input[name=username]`), dc.User+kb.Enter))
	got := browsertest.Eval[struct {
		Focus, Busy string
		Invalid     bool
	}](s, `(() => { const f = document.querySelector("form#signin");
		return {Focus: document.activeElement && document.activeElement.name || "",
			Busy: f.querySelector("button[type=submit]").getAttribute("aria-busy") || "",
			Invalid: f.password.matches(":invalid")}; })()`)
	if got.Focus != "password" || !got.Invalid || got.Busy != "" {
		t.Fatalf("after Enter with no password the shell has focus on %q, password invalid %v, busy %q; want the browser's validation on the password, not busy",
			got.Focus, got.Invalid, got.Busy)
	}

	h.release()
	if err := browsertest.Wait(s.Ctx, browsertest.SelSubmitEnabled, 60*time.Second); err != nil {
		t.Fatalf("the app's form never became live: %v", err)
	}
	if text := browsertest.Eval[string](s, `document.querySelector("form#signin button[type=submit]").textContent`); text != i18n.For(i18n.Fallback).T("Sign in") {
		t.Errorf("the app's button reads %q with no press pending, want Sign in", text)
	}
	clicked := `performance.getEntriesByName("poppy-signin-click", "mark").length`
	if n := browsertest.Eval[int](s, clicked); n != 0 {
		t.Errorf("the app took %d sign-ins from the shell's invalid press", n)
	}
	s.Do(chromedp.SendKeys(chromedp.CSS(`form#signin input[name=password]`), dc.Password),
		chromedp.Click(chromedp.CSS(browsertest.SelSubmitEnabled)))
	if o, err := browsertest.WaitSignIn(s.Ctx, 60*time.Second); err != nil || o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("signing in from the app's form gave %q, %v (%s), want the inbox", o, err, msg)
	}
	if n := browsertest.Eval[int](s, clicked); n != 1 {
		t.Errorf("the app has %d poppy-signin-click marks after one press, want 1", n)
	}
	h.waitLogins(t, 1)
}
