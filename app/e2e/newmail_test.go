//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// spyNotices records, in the page, the notifications the app shows and
// the counts it puts on the app's badge, then lets them through.
const spyNotices = `(() => {
	window.__notes = []; window.__badges = [];
	const N = window.Notification;
	window.Notification = new Proxy(N, {construct(t, a) {
		window.__notes.push({Title: String(a[0]), Body: String((a[1] || {}).body)});
		return Reflect.construct(t, a);
	}});
	const set = navigator.setAppBadge && navigator.setAppBadge.bind(navigator);
	const clear = navigator.clearAppBadge && navigator.clearAppBadge.bind(navigator);
	navigator.setAppBadge = (n) => { window.__badges.push(n); return set ? set(n) : Promise.resolve(); };
	navigator.clearAppBadge = () => { window.__badges.push(0); return clear ? clear() : Promise.resolve(); };
})()`

// TestE2ENewMail: with notifications allowed, a message delivered while
// the inbox is open appears at the next check, with a notification, and
// the unread count in the title and on the badge.
func TestE2ENewMail(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("Old news", "Mon, 3 Mar 2025 10:00:00 +0000", "Old.\n"),
	)
	_, err := chromedp.CallBrowser(s.Ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "notifications"},
		Setting:    browser.PermissionSettingGranted,
		Origin:     originOf(t, s.Bridge.URL),
	})
	s.Must(err)
	signIn(t, s, dc)
	s.Do(chromedp.Evaluate[chromedp.Void](spyNotices))
	waitTitle(t, s, "(1) Poppy")

	dc.Deliver(dc.User, plainMessage("Fresh news", "Mon, 3 Mar 2025 10:05:00 +0000", "New.\n"))
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="Check for new mail"]`)))
	waitSubject(t, s, "Fresh news", 20*time.Second)
	waitTitle(t, s, "(2) Poppy")

	type notice struct{ Title, Body string }
	notes, err := chromedp.Run(s.Ctx, chromedp.Poll[[]notice](`window.__notes.length > 0 && window.__notes`,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("no notification of the new message: %v", err)
	}
	if len(notes) != 1 || notes[0].Title != "Poppy" || notes[0].Body != "1 new message for "+dc.User {
		t.Errorf("notifications %+v, want one: Poppy, 1 new message for %s", notes, dc.User)
	}
	badges := browsertest.Eval[[]int](s, `window.__badges`)
	if len(badges) == 0 || badges[len(badges)-1] != 2 {
		t.Errorf("badge counts %v, want the last to be 2", badges)
	}
}
