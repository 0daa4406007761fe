//go:build !js

package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
)

// threadMail builds a message from a sender, with extra header lines
// (In-Reply-To, References) and a body.
func threadMail(from, subject, date, id, extra, body string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: Alice <alice@example.net>\r\nSubject: %s\r\nDate: %s\r\nMessage-ID: <%s@e2e.poppy.test>\r\nMIME-Version: 1.0\r\n", from, subject, date, id)
	for _, l := range strings.Split(extra, "\n") {
		if l != "" {
			b.WriteString(l + "\r\n")
		}
	}
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString(strings.ReplaceAll(body, "\n", "\r\n"))
	return []byte(b.String())
}

// rowSubjects lists the rendered rows' subjects, in order, without a
// conversation's count.
func rowSubjects(s *browsertest.Session) []string {
	return browsertest.Eval[[]string](s, `[...document.querySelectorAll("#message-list [data-uidl]")].map(r => r.querySelector(".subject bdi").textContent)`)
}

// TestE2ESortConversations sorts the inbox by date, sender and size with
// select[name=sort], and groups it into conversations (by In-Reply-To
// and References, and a reply's subject) with input[name=conversations],
// in Chromium through the real bridge against Dovecot: the rows take
// each order, a conversation's messages stand together, oldest first,
// where its newest would, its first row counts them and the others are
// marked; the keyboard's roving focus follows the new order; and the
// choice is kept for the account across a reload.
func TestE2ESortConversations(t *testing.T) {
	dc, s := startMail(t, browsertest.Config{},
		threadMail("Alice <alice@example.org>", "Lunch", "Mon, 3 Mar 2025 10:00:00 +0000", "lunch", "", "Lunch on Friday?\n"),
		threadMail("Zed <zed@example.org>", "Invoice", "Mon, 3 Mar 2025 10:01:00 +0000", "invoice", "", strings.Repeat("A long invoice line.\n", 400)),
		threadMail("Bob <bob@example.org>", "Re: Lunch", "Mon, 3 Mar 2025 10:02:00 +0000", "lunch-re",
			"In-Reply-To: <lunch@e2e.poppy.test>\nReferences: <lunch@e2e.poppy.test>", "Yes!\n"),
		threadMail("carol <carol@example.org>", "Trip", "Mon, 3 Mar 2025 10:03:00 +0000", "trip", "", "Photos soon.\n"),
		threadMail("Dan <dan@example.org>", "RE: Lunch", "Mon, 3 Mar 2025 10:04:00 +0000", "lunch-dan", "", "Me too (my mailer drops References).\n"),
	)
	signIn(t, s, dc)
	s.Must(browsertest.Wait(s.Ctx, "select[name=sort]", 5*time.Second))
	order := func(want ...string) {
		t.Helper()
		if err := waitJS(s, `JSON.stringify([...document.querySelectorAll("#message-list [data-uidl]")].map(r => r.querySelector(".subject bdi").textContent)) === `+jsString(jsonList(want))); err != nil {
			t.Errorf("rows %q, want %q", rowSubjects(s), want)
		}
	}
	order("RE: Lunch", "Trip", "Re: Lunch", "Invoice", "Lunch") // newest first, the default

	setSelect(t, s, "sort", "sender")
	order("Lunch", "Re: Lunch", "Trip", "RE: Lunch", "Invoice") // Alice, Bob, carol, Dan, Zed
	setSelect(t, s, "sort", "size")
	if err := waitJS(s, `document.querySelector("#message-list [data-uidl] .subject bdi")?.textContent === "Invoice"`); err != nil {
		t.Errorf("by size the rows are %q, want the long invoice first", rowSubjects(s))
	}

	// The roving focus follows the new order: the selected row (the
	// grid's one tab stop) kept its message, and j moves the selection
	// and the focus to the next row of this order.
	rows := rowOrder(s)
	at := slices.Index(rows, selectedRow(s))
	if at < 0 || at+1 >= len(rows) {
		t.Fatalf("the selected row %q is not followed by another in %v", selectedRow(s), rows)
	}
	browsertest.Eval[bool](s, `(document.querySelector("[data-uidl].selected").focus(), true)`)
	press(s, "j")
	if err := waitJS(s, `document.activeElement && document.activeElement.dataset.uidl === `+jsString(rows[at+1])); err != nil {
		t.Errorf("after j the selection is on %q and the focus on %q, want row %d by size %q", selectedRow(s),
			browsertest.Eval[string](s, `document.activeElement && (document.activeElement.dataset.uidl || document.activeElement.tagName) || ""`), at+1, rows[at+1])
	}

	setSelect(t, s, "sort", "date")
	s.Do(chromedp.Click(chromedp.CSS(`input[type=checkbox][name=conversations]`)))
	// The Lunch conversation (three messages, one joined by its subject)
	// stands where its newest message does, oldest first.
	order("Lunch", "Re: Lunch", "RE: Lunch", "Trip", "Invoice")
	marks := browsertest.Eval[[]string](s, `[...document.querySelectorAll("#message-list [data-uidl]")].map(r =>
		(r.classList.contains("in-conversation") ? "reply" : "") + (r.querySelector(".conv-count")?.textContent || ""))`)
	if !slices.Equal(marks, []string{"3", "reply", "reply", "", ""}) {
		t.Errorf("conversation marks %q, want the first row counting 3 and the two replies marked", marks)
	}

	// Kept for the account: a reload shows the device's copy in the
	// same arrangement.
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	s.Must(browsertest.WaitRows(s.Ctx))
	order("Lunch", "Re: Lunch", "RE: Lunch", "Trip", "Invoice")
	if on := browsertest.Eval[bool](s, `!!document.querySelector("input[name=conversations]")?.checked`); !on {
		t.Error("after a reload the conversations switch is off")
	}
}

func jsonList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = jsString(v)
	}
	return "[" + strings.Join(q, ",") + "]"
}
