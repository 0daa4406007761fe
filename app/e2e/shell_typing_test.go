//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EShellTakesTyping types into the prerendered sign-in shell while
// app.wasm is held back (the browser's request for it paused), then lets
// it load: the user name and the password typed into the shell are in
// the app's form, the focus and the caret where they were, the app's
// handlers know them (the first server, which is not a demo, does not
// reset them), and pressing Sign in signs in with them, through the
// real bridge, against Dovecot.
func TestE2EShellTakesTyping(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{NoOpen: true})

	hold := holdWasm(s)
	hold.navigate(s.Bridge.URL)
	if browsertest.Eval[bool](s, `performance.getEntriesByName("poppy-first-render", "mark").length > 0`) {
		t.Fatal("the app rendered before app.wasm loaded: the shell was not what was typed into")
	}
	s.Do(
		chromedp.SendKeys(chromedp.CSS(`form#signin input[name=username]`), dc.User),
		chromedp.SendKeys(chromedp.CSS(`form#signin input[name=password]`), dc.Password+kb.ArrowLeft+kb.ArrowLeft),
	)
	caret := len(dc.Password) - 2
	if got := browsertest.Eval[[]string](s, `[document.querySelector("form#signin input[name=username]").value, document.querySelector("form#signin input[name=password]").value]`); got[0] != dc.User || got[1] != dc.Password {
		t.Fatalf("the shell holds %q after typing, want the user name and the password", got)
	}

	hold.release()
	if err := browsertest.Wait(s.Ctx, browsertest.SelSubmitEnabled, 30*time.Second); err != nil {
		t.Fatalf("the app's form never became usable: %v", err)
	}
	state := browsertest.Eval[struct {
		User, Password, Focus string
		Caret                 int
		Live                  bool
	}](s, `(() => {
		const f = document.querySelector("form#signin");
		const a = document.activeElement;
		return {User: f.username.value, Password: f.password.value,
			Focus: a && a.name || "", Caret: a && a.selectionStart || 0,
			Live: performance.getEntriesByName("poppy-first-render", "mark").length > 0};
	})()`)
	if !state.Live {
		t.Fatal("the page has no poppy-first-render mark: the app never replaced the shell")
	}
	if state.User != dc.User || state.Password != dc.Password {
		t.Errorf("the app's form holds user %q and a %d-character password, want what was typed into the shell (%q, %d characters)",
			state.User, len(state.Password), dc.User, len(dc.Password))
	}
	if state.Focus != "password" || state.Caret != caret {
		t.Errorf("the focus is on %q at %d, want the password field at %d, where it was in the shell", state.Focus, state.Caret, caret)
	}

	s.Do(chromedp.Click(chromedp.CSS(browsertest.SelSubmitEnabled)))
	o, err := browsertest.WaitSignIn(s.Ctx, 60*time.Second)
	s.Must(err)
	if o != browsertest.OutcomeCert {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("signing in with what was typed into the shell gave %q (%s), want the certificate prompt", o, msg)
	}
	s.Must(browsertest.TrustCertificate(s.Ctx))
	if o, err := browsertest.WaitSignIn(s.Ctx, trustedSignInWait); err != nil || o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("after trusting the certificate: %q, %v (%s), want the inbox", o, err, msg)
	}
}
