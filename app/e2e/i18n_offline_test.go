//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EI18nOffline: the catalogs that app.wasm leaves out are
// pre-cached with the app. The page is installed in English; with the
// bridge gone, a reload with Polish chosen on this device starts the app
// in Polish, its words fetched from the service worker's cache: the
// labels, <html lang>, and the sentence saying the bridge cannot be
// reached. (English words there would mean the catalog did not load.)
func TestE2EI18nOffline(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	controlled(t, s)
	pl := i18n.For("pl")
	if pl.T("User name") == "User name" {
		t.Fatal("the Polish catalog has English words: the test could not tell the languages apart")
	}

	s.StopBridge()
	s.Do(chromedp.Evaluate[chromedp.Void](`localStorage.setItem("poppy.language", "pl")`))
	s.Do(chromedp.Reload())
	s.Must(browsertest.Wait(s.Ctx, "main.signin-page "+browsertest.SelSignInError, 30*time.Second))
	s.Must(browsertest.WaitGone(s.Ctx, "#app-wasm-loader", 10*time.Second))
	if lang := browsertest.Eval[string](s, `document.documentElement.lang`); lang != "pl" {
		t.Errorf("offline with Polish chosen, the page is lang=%q", lang)
	}
	if got, _ := browsertest.Text(s.Ctx, `label[for=username]`); got != pl.T("User name") {
		t.Errorf("offline, the user name's label reads %q, want %q", got, pl.T("User name"))
	}
	msg, err := browsertest.SignInError(s.Ctx)
	s.Must(err)
	if want := pl.T("Cannot reach the Poppy bridge. Check that it is running, then reload."); len(msg) < len(want) || msg[:len(want)] != want {
		t.Errorf("offline, the sign-in page says %q, want it to start %q", msg, want)
	}
}
