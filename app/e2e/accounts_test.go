//go:build !js

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EAccounts adds a second account (the demo mailbox) beside
// Dovecot's, switches between them, removes one, which says how much it
// freed and leaves the other's data, then clears the local data, which
// keeps the inbox on screen. The unread count follows in the title.
func TestE2EAccounts(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}},
		plainMessage("Account one", "Mon, 3 Mar 2025 10:00:00 +0000", "One.\n"),
		plainMessage("Account two", "Mon, 3 Mar 2025 10:01:00 +0000", "Two.\n"),
	)
	signIn(t, s, dc)
	waitTitle(t, s, "(2) Poppy")
	uid := rowBySubject(t, s, "Account one")
	s.Must(browsertest.OpenMessage(s.Ctx, uid, 20*time.Second))
	waitTitle(t, s, "(1) Poppy")
	mailOnly, err := browsertest.WaitStored(s.Ctx, browsertest.Stored{Headers: 2, Bodies: 1}, 10*time.Second)
	s.Must(err)

	// Add the demo account.
	openPanel(t, s)
	clickUntil(t, s, "#add-account", browsertest.SelSubmitEnabled)
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		t.Fatalf("adding the demo account gave %q", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	both, err := browsertest.WaitStored(s.Ctx, browsertest.Stored{Headers: mailOnly.Headers + 1}, 10*time.Second)
	s.Must(err)

	// Two accounts, each with its usage; switch back to Dovecot's.
	openPanel(t, s)
	s.Must(browsertest.WaitText(s.Ctx, "alice on mail", 5*time.Second))
	s.Must(browsertest.WaitText(s.Ctx, "demo on demo", 5*time.Second))
	// The panel measures what each account keeps once it is open.
	s.Must(browsertest.WaitText(s.Ctx, "Poppy keeps", 10*time.Second))
	usage, err := browsertest.Text(s.Ctx, "#storage-usage")
	s.Must(err)
	if !strings.Contains(usage, "Poppy keeps") || !strings.Contains(usage, "messages") {
		t.Errorf("storage usage reads %q", usage)
	}
	mailKey := accountKey(t, s, "alice on mail")
	demoKey := accountKey(t, s, "demo on demo")
	s.Do(chromedp.Click(chromedp.CSS(`li.account[data-key="` + mailKey + `"] button.link`)))
	s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(uid), 20*time.Second))
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelSignInBar); ok {
		t.Error("switching back asked for the password this tab already has")
	}

	// Remove the demo account: a second click confirms, and the app says
	// what it freed; Dovecot's account keeps its data.
	openPanel(t, s)
	demoRow := `li.account[data-key="` + demoKey + `"]`
	// The panel re-renders as the account list and the usage figures
	// arrive, and go-app reuses a row's element for another account when
	// the order changes: click again if the first click met a row in
	// motion.
	for attempt := 0; ; attempt++ {
		s.Must(browsertest.ClickButtonIn(s.Ctx, demoRow, "Remove"))
		err := browsertest.Wait(s.Ctx, demoRow+" .confirm", 2*time.Second)
		if err == nil {
			break
		}
		if attempt == 2 {
			t.Fatalf("the first click on Remove asks for no confirmation: %v", err)
		}
	}
	if txt, _ := browsertest.Text(s.Ctx, demoRow+" .confirm"); !strings.Contains(txt, "of its mail from this device?") {
		t.Errorf("the confirmation reads %q", txt)
	}
	s.Must(browsertest.ClickButtonIn(s.Ctx, demoRow+" .confirm", "Remove"))
	s.Must(browsertest.Wait(s.Ctx, "#device-message", 10*time.Second))
	msg, err := browsertest.Text(s.Ctx, "#device-message")
	s.Must(err)
	if !strings.Contains(msg, "Removed") || !strings.Contains(msg, "B of its mail") {
		t.Errorf("removing says %q, want how much it freed", msg)
	}
	if ok, _ := browsertest.Exists(s.Ctx, `li.account[data-key="`+demoKey+`"]`); ok {
		t.Error("the removed account is still listed")
	}
	after, err := browsertest.StoredCounts(s.Ctx)
	s.Must(err)
	if after.Headers != mailOnly.Headers || after.Bodies != mailOnly.Bodies || both.Headers <= after.Headers {
		t.Errorf("after removing the demo account the device keeps %+v, want Dovecot's %+v", after, mailOnly)
	}

	// Clear local data: the device keeps nothing, the inbox stays.
	s.Do(chromedp.Click(chromedp.CSS("#clear-data")))
	s.Must(browsertest.WaitText(s.Ctx, "Cleared", 10*time.Second))
	cleared, err := browsertest.StoredCounts(s.Ctx)
	s.Must(err)
	if cleared.Headers != 0 || cleared.Bodies != 0 {
		t.Errorf("after clearing the device keeps %+v", cleared)
	}
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.RowSelector(uid)); !ok {
		t.Error("clearing local data emptied the inbox on screen")
	}
}

// clickUntil clicks sel until want appears: the panel re-renders as the
// usage figures arrive, and a click may land on an element being
// replaced.
func clickUntil(t *testing.T, s *browsertest.Session, sel, want string) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		if ok, _ := browsertest.Exists(s.Ctx, sel); ok {
			s.Do(chromedp.Click(chromedp.CSS(sel)))
		}
		err := browsertest.Wait(s.Ctx, want, 3*time.Second)
		if err == nil {
			return
		}
		if attempt == 2 {
			t.Fatalf("clicking %s: %v", sel, err)
		}
	}
}

func openPanel(t *testing.T, s *browsertest.Session) {
	t.Helper()
	if ok, _ := browsertest.Exists(s.Ctx, browsertest.SelDevicePanel); !ok {
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelDeviceOpen)))
	}
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelDevicePanel, 5*time.Second))
	// The panel measures what each account keeps after it mounts, and the
	// figures change the width of the rows' text: a click aimed before
	// they arrive can land beside the button it meant (chromedp clicks at
	// coordinates, as a person does). Wait until every figure is in.
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`(() => {
		const u = document.querySelector("#storage-usage");
		const sizes = [...document.querySelectorAll("#device-panel li.account .size")];
		return !!u && u.textContent.includes("Poppy keeps") && sizes.every(e => e.textContent !== "");
	})()`, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("the accounts panel never finished measuring what each account keeps: %v", err)
	}
}

// accountKey returns the data-key of the account row whose name is name.
func accountKey(t *testing.T, s *browsertest.Session, name string) string {
	t.Helper()
	key, err := chromedp.Run(s.Ctx, chromedp.Evaluate[string](`(() => {
		const li = [...document.querySelectorAll("#device-panel li.account")].find(li => li.querySelector(".name").textContent === `+jsQuote(name)+`);
		return li ? li.dataset.key : "";
	})()`))
	s.Must(err)
	if key == "" {
		t.Fatalf("no account %q in the panel", name)
	}
	return key
}

func jsQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func waitTitle(t *testing.T, s *browsertest.Session, want string) {
	t.Helper()
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`document.title === `+jsQuote(want),
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		title, _ := chromedp.Run(s.Ctx, chromedp.Evaluate[string](`document.title`))
		t.Errorf("the title is %q, want %q", title, want)
	}
}
