//go:build !js

package e2e

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/archive/mbox"
	"github.com/poppymail/poppy/app/internal/browsertest"
)

// TestE2EKeep keeps an account's mail on the device in Chromium, through
// the real bridge, against Dovecot: the full copy's progress reaches
// done; choosing "Remove from the server after N days" shows what it
// would remove before anything happens (the server still has every
// message), and Apply removes exactly those from the server, logs each
// in the panel's activity log, and leaves them in the list marked
// "Only on this device"; Export mbox downloads a valid mbox of every
// message.
func TestE2EKeep(t *testing.T) {
	recent := time.Now().Add(-24 * time.Hour).Format(time.RFC1123Z)
	dc, s := startMail(t, browsertest.Config{Downloads: true},
		plainMessage("E2E old 1", "Mon, 3 Mar 2025 10:00:00 +0000", "Old.\nFrom the start of a line.\n"),
		plainMessage("E2E old 2", "Mon, 3 Mar 2025 10:01:00 +0000", "Old too.\n"),
		plainMessage("E2E old 3", "Mon, 3 Mar 2025 10:02:00 +0000", "Older than a month.\n"),
		plainMessage("E2E recent", recent, "New.\n"),
	)
	signIn(t, s, dc)
	count0, uidls0 := serverState(t, dc)
	if count0 != 4 {
		t.Fatalf("the server holds %d messages, want 4", count0)
	}
	recentUID := rowBySubject(t, s, "E2E recent")
	openPanel(t, s)

	// The full copy.
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=full-copy]`)))
	if err := waitJS(s, `(document.querySelector("#copy-progress")?.textContent || "").startsWith("Done: all 4 messages")`); err != nil {
		t.Fatalf("the full copy never reached done: %v (#copy-progress says %q)", err, text(s, "#copy-progress"))
	}

	// The policy: a preview first, nothing removed yet.
	setSelect(t, s, "retention", "after-days")
	if err := waitJS(s, `(document.querySelector("#retention-preview .summary")?.textContent || "").includes("would remove 3 messages")`); err != nil {
		t.Fatalf("no preview of the policy: %v (%q)", err, text(s, "#retention-preview"))
	}
	preview := text(s, "#retention-preview")
	for _, subj := range []string{"E2E old 1", "E2E old 2", "E2E old 3"} {
		if !strings.Contains(preview, subj) {
			t.Errorf("the preview does not name %q: %q", subj, preview)
		}
	}
	if strings.Contains(preview, "E2E recent") {
		t.Errorf("the preview names the recent message: %q", preview)
	}
	if n, _ := serverState(t, dc); n != 4 {
		t.Fatalf("the server holds %d messages after the preview, want 4: a preview must remove nothing", n)
	}

	s.Do(chromedp.Click(chromedp.CSS(`#retention-apply`)))
	if !waitServer(t, dc, 30*time.Second, func(u []string) bool { return slices.Equal(u, []string{recentUID}) }) {
		_, u := serverState(t, dc)
		t.Fatalf("after Apply the server lists %v, want only %s", u, recentUID)
	}
	if err := waitJS(s, `document.querySelectorAll("#activity-log li.activity").length === 3`); err != nil {
		t.Fatalf("the activity log does not show the 3 removals: %v (%q)", err, text(s, "#activity-log"))
	}
	log := text(s, "#activity-log")
	if !strings.Contains(log, "older than 30 days") {
		t.Errorf("the activity log does not say why: %q", log)
	}
	if err := waitJS(s, `document.querySelectorAll(".row.local-only").length === 3 &&
		[...document.querySelectorAll(".row.local-only")].every(r => r.textContent.includes("Only on this device"))`); err != nil {
		t.Errorf("the removed messages are not listed as only on this device: %v", err)
	}
	for _, u := range uidls0 {
		if u == recentUID {
			continue
		}
		if ok, _ := browsertest.Exists(s.Ctx, browsertest.RowSelector(u)+".local-only"); !ok {
			t.Errorf("no local-only row for %s", u)
		}
	}

	// Export mbox.
	raw := downloadAny(t, s, chromedp.Click(chromedp.CSS(`#export-mbox`)), ".mbox")
	r := mbox.NewReader(bytes.NewReader(raw), nil)
	var subjects []string
	for {
		m, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(m)
		if err != nil {
			t.Fatalf("message %d of the export: %v", m.Number, err)
		}
		for _, l := range strings.Split(string(body), "\n") {
			if s, ok := strings.CutPrefix(l, "Subject: "); ok {
				subjects = append(subjects, s)
			}
		}
	}
	slices.Sort(subjects)
	if want := []string{"E2E old 1", "E2E old 2", "E2E old 3", "E2E recent"}; !slices.Equal(subjects, want) {
		t.Errorf("the exported mbox holds %v, want %v", subjects, want)
	}
	if rep := r.Report(); rep != nil && (len(rep.Skipped) > 0 || len(rep.Warnings) > 0 || rep.Messages != 4) {
		t.Errorf("the exported mbox has skipped parts: %+v", rep)
	}
}

// setSelect chooses value in the select named name, as a person does.
func setSelect(t *testing.T, s *browsertest.Session, name, value string) {
	t.Helper()
	msg := browsertest.Eval[string](s, `(() => {
		const el = document.querySelector("select[name=`+name+`]");
		if (!el) return "no select named `+name+`";
		el.value = `+jsString(value)+`;
		el.dispatchEvent(new Event("change", {bubbles: true}));
		return el.value === `+jsString(value)+` ? "" : "the select holds " + el.value;
	})()`)
	if msg != "" {
		t.Fatal(msg)
	}
}

func text(s *browsertest.Session, sel string) string {
	return browsertest.Eval[string](s, `document.querySelector(`+jsString(sel)+`)?.textContent || ""`)
}

// downloadAny is download for a file whose name ends with suffix.
func downloadAny(t *testing.T, s *browsertest.Session, trigger chromedp.Action[chromedp.Void], suffix string) []byte {
	t.Helper()
	d, err := browsertest.Download(s.Ctx, trigger)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(d.SuggestedFilename, suffix) {
		t.Errorf("the download is named %q, want a %s file", d.SuggestedFilename, suffix)
	}
	p := d.Path
	if p == "" {
		p = s.DownloadDir + "/" + d.GUID
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
