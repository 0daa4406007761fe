//go:build !js

package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EDeleteChoice holds "Delete from the server when I delete it
// here" (input[name=delete-on-server]) in Chromium through the real
// bridge against Dovecot, checking the server after each step:
//   - unticked, a deleted message leaves the list, the status says it
//     was deleted on this device only, the server still has it, and a
//     check for new mail does not bring it back;
//   - a row only on this device (its message removed from the server by
//     the retention policy) is deleted from the device, with Undo, and
//     nothing changes on the server;
//   - ticked again, a deletion removes the message from the server (the
//     positive control of the checks above).
//
// On the way, it saves the accounts panel as app/screenshots/accounts.png
// with -screenshots.
func TestE2EDeleteChoice(t *testing.T) {
	recent := time.Now().Add(-time.Hour)
	dc, s := startMail(t, browsertest.Config{},
		plainMessage("E2E old", "Mon, 3 Mar 2025 10:00:00 +0000", "Older than a month.\n"),
		plainMessage("E2E hide me", recent.Add(-time.Minute).Format(time.RFC1123Z), "Hide me here only.\n"),
		plainMessage("E2E delete me", recent.Format(time.RFC1123Z), "Delete me on the server.\n"),
	)
	signIn(t, s, dc)
	oldUID := rowBySubject(t, s, "E2E old")
	hideUID := rowBySubject(t, s, "E2E hide me")
	deleteUID := rowBySubject(t, s, "E2E delete me")

	// A full copy, then "after 30 days": the old message is only on
	// this device.
	openPanel(t, s)
	if on := browsertest.Eval[bool](s, `!!document.querySelector("input[name=delete-on-server]")?.checked`); !on {
		t.Fatal("input[name=delete-on-server] is not there, or not ticked by default")
	}
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=full-copy]`)))
	if err := waitJS(s, `(document.querySelector("#copy-progress")?.textContent || "").startsWith("Done: all 3 messages")`); err != nil {
		t.Fatalf("the full copy never reached done: %v (%q)", err, text(s, "#copy-progress"))
	}
	setSelect(t, s, "retention", "after-days")
	s.Must(browsertest.Wait(s.Ctx, "#retention-apply", 10*time.Second))
	s.Do(chromedp.Click(chromedp.CSS(`#retention-apply`)))
	if !waitServer(t, dc, 30*time.Second, func(u []string) bool { return !slices.Contains(u, oldUID) && len(u) == 2 }) {
		_, u := serverState(t, dc)
		t.Fatalf("after the policy the server lists %v", u)
	}
	s.Must(browsertest.Wait(s.Ctx, browsertest.RowSelector(oldUID)+".local-only", 10*time.Second))

	// Untick: deleting here keeps the message on the server.
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=delete-on-server]`)))
	s.Must(browsertest.Wait(s.Ctx, "#delete-here-note", 5*time.Second))
	// The storage figure, measured again when the copy ended, counts
	// the kept copies.
	if err := waitJS(s, `(document.querySelector("#storage-usage")?.textContent || "").includes("full copies of 3 messages")`); err != nil {
		t.Errorf("the storage figure does not count the kept copies: %q", text(s, "#storage-usage"))
	}
	// The panel from its top, as the README shows it.
	browsertest.Eval[bool](s, `(document.querySelector("#device-panel").scrollTop = 0, true)`)
	screenshot(t, s, "accounts.png")
	s.Do(chromedp.Click(chromedp.CSS(browsertest.SelDeviceOpen)))
	s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelDevicePanel, 5*time.Second))

	t.Run("here only", func(t *testing.T) {
		s := s.For(t)
		s.Must(browsertest.OpenMessage(s.Ctx, hideUID, 20*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelReaderDelete)))
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.RowSelector(hideUID), 2*time.Second))
		if err := browsertest.WaitText(s.Ctx, "Deleted 1 message on this device only", undoWindow+10*time.Second); err != nil {
			t.Fatalf("no word that the deletion stayed on this device: %v", err)
		}
		if _, u := serverState(t, dc); !slices.Contains(u, hideUID) || dc.Count(dc.User) != 2 {
			t.Fatalf("the server lists %v (maildir %d) after a deletion here only; it must keep %s", u, dc.Count(dc.User), hideUID)
		}
		// A new session does not bring it back: new mail arrives, and
		// its row shows that the check ran.
		dc.Deliver(dc.User, plainMessage("E2E new", time.Now().Format(time.RFC1123Z), "New.\n"))
		s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="Check for new mail"]`)))
		if err := waitJS(s, `[...document.querySelectorAll("#message-list [data-uidl] .subject")].some(e => e.textContent === "E2E new")`); err != nil {
			t.Fatalf("the check for new mail did not list the new message: %v", err)
		}
		if ok, _ := browsertest.Exists(s.Ctx, browsertest.RowSelector(hideUID)); ok {
			t.Errorf("%s came back after a check for new mail", hideUID)
		}
		if _, u := serverState(t, dc); !slices.Contains(u, hideUID) || len(u) != 3 {
			t.Errorf("the server lists %v, want %s among 3", u, hideUID)
		}
	})

	t.Run("local only", func(t *testing.T) {
		s := s.For(t)
		_, before := serverState(t, dc)
		sel := browsertest.RowSelector(oldUID) + ".local-only"
		s.Must(browsertest.OpenMessage(s.Ctx, oldUID, 20*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelReaderDelete)))
		s.Must(browsertest.WaitGone(s.Ctx, sel, 2*time.Second))
		s.Must(browsertest.Wait(s.Ctx, browsertest.SelUndo, 2*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelUndo)))
		if err := browsertest.Wait(s.Ctx, sel, 2*time.Second); err != nil {
			t.Fatalf("Undo did not bring the local-only row back: %v", err)
		}
		s.Must(browsertest.OpenMessage(s.Ctx, oldUID, 20*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelReaderDelete)))
		s.Must(browsertest.WaitGone(s.Ctx, sel, 2*time.Second))
		if err := browsertest.WaitText(s.Ctx, "Deleted 1 message from this device.", undoWindow+10*time.Second); err != nil {
			t.Fatalf("no word that the copy was deleted from this device: %v", err)
		}
		if _, u := serverState(t, dc); !slices.Equal(u, before) {
			t.Errorf("the server lists %v after a local-only deletion, want %v as before", u, before)
		}
	})

	t.Run("on the server", func(t *testing.T) {
		s := s.For(t)
		openPanel(t, s)
		s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=delete-on-server]`)))
		s.Must(browsertest.WaitGone(s.Ctx, "#delete-here-note", 5*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelDeviceOpen)))
		s.Must(browsertest.WaitGone(s.Ctx, browsertest.SelDevicePanel, 5*time.Second))
		s.Must(browsertest.OpenMessage(s.Ctx, deleteUID, 20*time.Second))
		s.Do(chromedp.Click(chromedp.CSS(browsertest.SelReaderDelete)))
		if !waitServer(t, dc, 30*time.Second, func(u []string) bool { return !slices.Contains(u, deleteUID) }) {
			t.Fatalf("ticked again, the deletion did not reach the server")
		}
		if _, u := serverState(t, dc); len(u) != 2 || !slices.Contains(u, hideUID) {
			t.Errorf("the server lists %v, want %s (deleted here only) and the new message", u, hideUID)
		}
	})
}
