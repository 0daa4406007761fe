//go:build !js

package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2ESearchBody searches the text of kept mail in Chromium, through
// the real bridge, against Dovecot: after the full copy, typing a word
// that only one message's body holds (in capitals, half-way, without
// its accent) lists that row, noted "Found in the message text", beside
// the row whose subject matches, as the keys are typed; then, with the
// bridge stopped and the page reloaded from the service worker, the
// same search still finds it, from the index kept in IndexedDB.
func TestE2ESearchBody(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("Weekend plans", "Mon, 3 Mar 2025 10:00:00 +0000", "Wir fliegen mit dem Zeppelin über den Bodensee.\n"),
		plainMessage("Zeppelin museum", "Mon, 3 Mar 2025 10:01:00 +0000", "Tickets attached.\n"),
		plainMessage("Invoice", "Mon, 3 Mar 2025 10:02:00 +0000", "Nothing about airships.\n"),
	)
	signIn(t, s, dc)
	bodyUID := rowBySubject(t, s, "Weekend plans")
	subjectUID := rowBySubject(t, s, "Zeppelin museum")
	openPanel(t, s)
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=full-copy]`)))
	if err := waitLong(s, `(document.querySelector("#copy-progress")?.textContent || "").startsWith("Done: all 3 messages")`); err != nil {
		t.Fatalf("the full copy never reached done: %v (#copy-progress says %q)", err, text(s, "#copy-progress"))
	}

	bodyRow := browsertest.RowSelector(bodyUID)
	subjectRow := browsertest.RowSelector(subjectUID)
	// Exactly these two rows, the body's one noted; the subject's not.
	both := `document.querySelectorAll(".row").length === 2 &&
		document.querySelector(` + jsString(subjectRow) + `) !== null &&
		!document.querySelector(` + jsString(subjectRow+" .found-note") + `) &&
		(document.querySelector(` + jsString(bodyRow+" .found-note") + `)?.textContent || "") === "Found in the message text"`
	// One key at a time, each once the box shows the one before, as a
	// person types (a key pressed while the app renders the last one's
	// results could be lost, which is not what this test is about).
	typeSearch := func(keys string) {
		t.Helper()
		s.Do(chromedp.Click(chromedp.CSS(`#search`)))
		typed := searchValue(s)
		for _, r := range keys {
			press(s, string(r))
			typed += string(r)
			if err := waitLong(s, `document.querySelector("#search").value === `+jsString(typed)); err != nil {
				t.Fatalf("the search box holds %q, want %q: %v", searchValue(s), typed, err)
			}
		}
	}

	// As it is typed: "ZEP" already finds both.
	typeSearch("ZEP")
	if err := waitLong(s, both); err != nil {
		t.Fatalf("typing ZEP did not list the two messages, the body's one noted: %v (rows: %q)", err, text(s, "#message-list"))
	}
	// Without the accent, two words of the body only: that row alone.
	clearSearch(t, s)
	typeSearch("uber boden")
	only := `document.querySelectorAll(".row").length === 1 && document.querySelector(` + jsString(bodyRow) + `) !== null`
	if err := waitLong(s, only); err != nil {
		t.Fatalf("searching the body's words did not list its row alone: %v (box: %q, rows: %q)", err, searchValue(s), text(s, "#message-list"))
	}
	// Positive control for the offline check: the row goes with the
	// query, and a word no message holds lists nothing.
	clearSearch(t, s)
	typeSearch("dirigible")
	if err := waitLong(s, `document.querySelectorAll(".row").length === 0`); err != nil {
		t.Fatalf("a word in no message still lists rows: %v", err)
	}

	// Offline: the bridge stops, the page reloads from its service worker.
	s.WaitWorker()
	s.StopBridge()
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelOffline, 10*time.Second))
	s.Must(browsertest.WaitRows(s.Ctx))
	typeSearch("zeppel")
	if err := waitLong(s, both); err != nil {
		t.Fatalf("offline, searching did not find the body's row: %v (rows: %q)", err, text(s, "#message-list"))
	}
}

// clearSearch empties the search box, as a person selecting its text
// and deleting it, and waits for the whole list.
func clearSearch(t *testing.T, s *browsertest.Session) {
	t.Helper()
	s.Do(chromedp.Click(chromedp.CSS(`#search`)))
	browsertest.Eval[bool](s, `(document.querySelector("#search").select(), true)`)
	press(s, kb.Backspace)
	if err := waitLong(s, `document.querySelector("#search").value === "" && document.querySelectorAll(".row").length === 3`); err != nil {
		t.Fatalf("emptying the search box did not bring the whole list back: %v", err)
	}
}

// waitLong waits for the JS condition cond, for as long as a full copy
// and its indexing may take on a busy machine.
func waitLong(s *browsertest.Session, cond string) error {
	_, err := chromedp.Run(s.Ctx, chromedp.Poll[bool](cond,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second)))
	return err
}
