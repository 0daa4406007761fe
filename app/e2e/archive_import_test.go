//go:build !js

package e2e

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// importMbox is an mbox as other programs leave them: garbage before the
// first separator, an unquoted "From " line and a quoted ">From " line in
// a body, CRLF and LF mixed in one message, a copy of a message the
// server has (same Message-ID), the same message twice without a
// Message-ID, and a truncated last message.
const importMbox = "garbage before the first message\n" +
	"From ann@example.org Mon Mar  3 10:00:00 2025\n" +
	"Message-ID: <imp-one@example.org>\nFrom: Ann <ann@example.org>\nSubject: Imported quoted\nDate: Mon, 3 Mar 2025 10:00:00 +0000\n\n" +
	">From the desk of Ann\nFrom here on, plain text.\n\n" +
	"From bob@example.org Mon Mar  3 10:01:00 2025\n" +
	"Message-ID: <imp-two@example.org>\r\nFrom: bob@example.org\r\nSubject: Imported mixed\nDate: Mon, 3 Mar 2025 10:01:00 +0000\r\n\r\nline one\nline two\r\n\n" +
	"From sender@example.org Mon Mar  3 10:02:00 2025\n" +
	"Message-ID: <imp-one@example.org>\nSubject: Same ID again\n\nother\n\n" +
	"From cy@example.org Mon Mar  3 10:03:00 2025\n" +
	"Subject: Imported without ID\n\nsame content\n\n" +
	"From cy@example.org Mon Mar  3 10:04:00 2025\n" +
	"Subject: Imported without ID\r\n\r\nsame content\r\n\n" +
	"From dee@example.org Mon Mar  3 10:05:00 2025\n" +
	"Message-ID: <imp-last@example.org>\nSubject: Cut\n\nthe file ends in the middle of"

// TestE2EImportExport imports a tricky mbox in Chromium, through the
// real bridge, against Dovecot: #import-report says what was imported
// and what was skipped and why, the imported messages are local-only
// rows, and a second import adds nothing. Then Export .eml zip
// downloads a zip whose entries are every message, the server's byte
// for byte as RETR gives them.
func TestE2EImportExport(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{Downloads: true},
		plainMessage("On the server", "Mon, 3 Mar 2025 09:00:00 +0000", "Here.\n"),
	)
	signIn(t, s, dc)
	openPanel(t, s)
	path := filepath.Join(t.TempDir(), "tricky.mbox")
	if err := os.WriteFile(path, []byte(importMbox), 0o600); err != nil {
		t.Fatal(err)
	}
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=import-mbox]`), []string{path}))
	if err := waitJSLong(s, `(document.querySelector("#import-report")?.textContent || "").startsWith("Imported from")`); err != nil {
		t.Fatalf("no import report: %v (%q)", err, text(s, "#import-report"))
	}
	rep := text(s, "#import-report")
	for _, want := range []string{
		"Imported from tricky.mbox: 3 messages",
		"same Message-ID is already on this device: 1.",
		"the same message is already on this device: 1.",
		"Message 6 (from dee@example.org) was skipped: the file ends in the middle of it.",
		"were not part of any message",
		"mixed CRLF and LF endings, kept with CRLF: 1.",
		"starting with “From ” in their text, kept as text rather than split: 1.",
	} {
		if !strings.Contains(rep, want) {
			t.Errorf("the import report does not say %q: %q", want, rep)
		}
	}
	if err := waitJS(s, `document.querySelectorAll(".row.local-only").length === 3`); err != nil {
		t.Errorf("the imported messages are not 3 local-only rows: %v", err)
	}
	for _, subj := range []string{"Imported quoted", "Imported mixed", "Imported without ID"} {
		if !browsertest.Eval[bool](s, `[...document.querySelectorAll(".row.local-only")].some(r => r.textContent.includes(`+jsString(subj)+`))`) {
			t.Errorf("no local-only row for %q", subj)
		}
	}

	// The same file again: everything is a duplicate or skipped.
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(`input[type=file][name=import-mbox]`), []string{path}))
	if err := waitJSLong(s, `(document.querySelector("#import-report")?.textContent || "").startsWith("Imported from tricky.mbox: 0 messages")`); err != nil {
		t.Errorf("the second import: %v (%q)", err, text(s, "#import-report"))
	}

	// Export .eml zip: the server's message and the three imported ones.
	raw := downloadAny(t, s, chromedp.Click(chromedp.CSS(`#export-eml-zip`)), ".zip")
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	server := retrAll(t, dc)
	var names []string
	var bodies [][]byte
	for _, f := range zr.File {
		if f.Method != zip.Store || !strings.HasSuffix(f.Name, ".eml") || strings.ContainsAny(f.Name, `/\`) {
			t.Errorf("entry %q (method %d): want a stored .eml file at the top", f.Name, f.Method)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		names = append(names, f.Name)
		bodies = append(bodies, b)
	}
	if len(names) != 4 {
		t.Fatalf("the zip holds %v, want 4 messages", names)
	}
	if !slices.ContainsFunc(bodies, func(b []byte) bool { return bytes.Equal(b, server[0]) }) {
		t.Errorf("no entry holds the server's message byte for byte")
	}
	for _, subj := range []string{"On the server", "Imported quoted", "Imported mixed", "Imported without ID"} {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.Contains(n, subj) }) {
			t.Errorf("no entry named after %q in %v", subj, names)
		}
	}
	for i, b := range bodies {
		if strings.Contains(names[i], "Imported quoted") && !bytes.Contains(b, []byte("\r\nFrom the desk of Ann\r\nFrom here on")) {
			t.Errorf("%s: the From lines are not the message's text: %q", names[i], b)
		}
	}
}
