//go:build !js

package browsertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// Selectors of the app's automation contract (README, app/ui/doc.go), and
// the few others the harness reads.
const (
	SelSignInForm    = "form#signin"
	SelSubmit        = "form#signin button[type=submit]"
	SelSubmitEnabled = SelSubmit + ":enabled:not([data-busy])" // the app's form: the prerendered shell's button (data-busy) is enabled before the app runs
	SelSignInError   = "form#signin .error"
	SelTrustCert     = "#trust-cert"
	SelInbox         = "section.inbox"
	SelList          = "#message-list"
	SelRow           = "[data-uidl]"
	SelReader        = "#message-reader"
	SelMessage       = "#message-reader article.message"
	SelReaderDelete  = `#message-reader button[aria-label="Delete"]`
	SelBodyFrame     = `iframe[title="Message body"]`
	SelLoadRemote    = "#load-remote"
	SelUndo          = "#undo"
	SelSource        = "#message-reader pre.source"
)

// js returns v as a JavaScript literal (JSON is a subset).
func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// RowSelector is the CSS selector of the inbox row of a UIDL.
func RowSelector(uidl string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\a `)
	return `[data-uidl="` + r.Replace(uidl) + `"]`
}

// OpenApp loads the app at url and waits until the app's sign-in form
// can be submitted and the device's store is open (its poppy-store-open
// mark): the app has started as a whole, so what a test does next does
// not race the store's opening. (A press before the store opens is held
// and signed in with then, which the shell tests exercise.)
func OpenApp(ctx context.Context, url string) error {
	if err := chromedp.Do(ctx,
		chromedp.Navigate(url),
		chromedp.WaitVisible(chromedp.CSS(SelSubmitEnabled)),
	); err != nil {
		return err
	}
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByName("poppy-store-open", "mark").length > 0`,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(0)))
	return err
}

// FillSignIn chooses target (unless empty) and types the user name and
// password, through the events the app listens to (change, input).
func FillSignIn(ctx context.Context, target, username, password string) error {
	script := `(() => {
		const f = document.querySelector("form#signin");
		if (!f) return "no form#signin";
		const set = (name, value, event) => {
			const el = f.elements.namedItem(name);
			if (!el) throw new Error("no input named " + name);
			el.value = value;
			el.dispatchEvent(new Event(event, {bubbles: true}));
		};
		if (` + js(target) + ` !== "") {
			set("target", ` + js(target) + `, "change");
			if (f.elements.namedItem("target").value !== ` + js(target) + `) return "no target " + ` + js(target) + `;
		}
		set("username", ` + js(username) + `, "input");
		set("password", ` + js(password) + `, "input");
		return "";
	})()`
	msg, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	if err != nil {
		return err
	}
	if msg != "" {
		return errors.New("browsertest: sign-in form: " + msg)
	}
	return nil
}

// armSignIn notes when a sign-in starts: the app disables the submit
// button while it signs in (or replaces the form with the inbox). Clicks
// are handled asynchronously, so without it a waiter could take the
// previous attempt's error or prompt for the outcome of the next one.
const armSignIn = `(() => {
	const st = {started: false};
	window.__browsertestSignIn = st;
	const started = () => {
		const b = document.querySelector("form#signin button[type=submit]");
		return !b || b.disabled;
	};
	const mo = new MutationObserver(() => {
		if (started()) { st.started = true; mo.disconnect(); }
	});
	mo.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ["disabled"]});
})()`

// SignIn fills the sign-in form and presses the submit button. It does
// not wait for the outcome (see WaitSignIn).
func SignIn(ctx context.Context, target, username, password string) error {
	if err := FillSignIn(ctx, target, username, password); err != nil {
		return err
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](armSignIn)); err != nil {
		return err
	}
	// Choosing a target re-renders the form: the button found may be
	// replaced before the click lands. Find it again.
	for attempt := 0; ; attempt++ {
		err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(SelSubmitEnabled)))
		if err == nil || attempt == 2 || !strings.Contains(err.Error(), "Could not find node") {
			return err
		}
	}
}

// TrustCertificate presses #trust-cert on the certificate prompt, which
// trusts the certificate's fingerprint for the account and signs in
// again. It does not wait for the outcome (see WaitSignIn).
func TrustCertificate(ctx context.Context) error {
	return chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](armSignIn),
		chromedp.Click(chromedp.CSS(SelTrustCert)))
}

// Outcome is what a sign-in led to.
type Outcome string

const (
	OutcomeInbox Outcome = "inbox" // signed in: the inbox is shown
	OutcomeCert  Outcome = "cert"  // the certificate prompt is shown
	OutcomeError Outcome = "error" // the form shows an error
)

// WaitSignIn waits until the sign-in that SignIn or TrustCertificate
// started has ended, in the inbox, the certificate prompt or an error
// under the form.
func WaitSignIn(ctx context.Context, timeout time.Duration) (Outcome, error) {
	v, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const st = window.__browsertestSignIn;
		if (st && !st.started) return false;
		if (document.querySelector("section.inbox")) return "inbox";
		const b = document.querySelector("form#signin button[type=submit]");
		if (b && b.disabled) return false;
		if (document.querySelector("#trust-cert")) return "cert";
		const e = document.querySelector("form#signin .error");
		if (e && e.textContent.trim() !== "") return "error";
		return false;
	})()`, chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return "", fmt.Errorf("browsertest: waiting for the sign-in: %w", err)
	}
	return Outcome(v), nil
}

// CertPrompt returns the fields the certificate prompt shows: "Subject",
// "Issuer", "Valid", "SHA-256", and "text" for the whole prompt.
func CertPrompt(ctx context.Context) (map[string]string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const b = document.querySelector("#trust-cert");
		const sec = b && (b.closest("[role=alertdialog]") || b.closest("section"));
		if (!sec) return null;
		const out = {text: sec.textContent};
		for (const dt of sec.querySelectorAll("dt")) {
			const dd = dt.nextElementSibling;
			if (dd && dd.tagName === "DD") out[dt.textContent.trim()] = dd.textContent.trim();
		}
		return out;
	})()`))
}

// SignInError returns the error text under the sign-in form, or "".
func SignInError(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](
		`(document.querySelector("form#signin .error") || {textContent: ""}).textContent`))
}

// Row is an inbox row as rendered.
type Row struct {
	ID, UIDL, From, Subject string
	Unread, Attachment      bool
}

// Rows returns the rows the list renders now. The list is virtual: it
// renders the rows on screen plus a margin, so for a long mailbox this
// is a window of it (see ListedCount).
func Rows(ctx context.Context) ([]Row, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]Row](`[...document.querySelectorAll("[data-uidl]")].map(r => ({
		ID: r.id, UIDL: r.dataset.uidl,
		From: (r.querySelector(".from") || {textContent: ""}).textContent,
		Subject: (r.querySelector(".subject") || {textContent: ""}).textContent,
		Unread: r.classList.contains("unread"),
		Attachment: !!r.querySelector(".clip"),
	}))`))
}

// ListedCount returns how many rows the list holds: the rendered rows plus
// the rows that the virtual list's spacers (the first and last child of
// #message-list) stand for, at the height of a rendered row.
func ListedCount(ctx context.Context) (int, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[int](`(() => {
		const list = document.querySelector("#message-list");
		if (!list) return -1;
		const rows = list.querySelectorAll("[data-uidl]");
		if (rows.length === 0) return 0;
		const h = rows[0].getBoundingClientRect().height;
		const first = list.firstElementChild, last = list.lastElementChild;
		const spacer = (el) => el && !el.hasAttribute("data-uidl") ? el.getBoundingClientRect().height : 0;
		return rows.length + Math.round((spacer(first) + spacer(last)) / h);
	})()`))
}

// WaitRows waits until the inbox renders at least one row.
func WaitRows(ctx context.Context) error {
	return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(SelRow)))
}

// ShowRow scrolls the virtual list until the row of uidl is rendered with
// its middle inside the list's visible area, and waits until the list holds still.
// The list re-renders its rows in place as it scrolls (an element shows
// another message afterwards), so a click must not land while a scroll
// is being rendered.
func ShowRow(ctx context.Context, uidl string) error {
	sel := RowSelector(uidl)
	last := ""
	var seen []string
	for range 400 {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			const list = document.querySelector("#message-list");
			if (!list) return "nolist";
			const row = document.querySelector(`+js(sel)+`);
			if (row) {
				const l = list.getBoundingClientRect(), r = row.getBoundingClientRect();
				const mid = (r.top + r.bottom) / 2; // where a click lands
				if (mid > l.top + 2 && mid < l.bottom - 2) return "ok " + list.scrollTop + " " + Math.round(r.top);
				row.scrollIntoView({block: "center"});
				return "scrolled";
			}
			const max = list.scrollHeight - list.clientHeight;
			// Setting scrollTop fires the scroll event the app listens to.
			list.scrollTop = list.scrollTop >= max - 1 ? 0 : Math.min(max, list.scrollTop + list.clientHeight / 2);
			return "scrolled";
		})()`))
		if err != nil {
			return err
		}
		switch {
		case state == "nolist":
			return errors.New("browsertest: no message list")
		case strings.HasPrefix(state, "ok ") && state == last:
			return nil // in view, and unchanged since the last look
		}
		last = state
		if len(seen) < 3 || seen[len(seen)-1] != state {
			seen = append(seen, state)
		}
		if err := chromedp.Do(ctx, chromedp.Sleep(40*time.Millisecond)); err != nil {
			return err
		}
	}
	return fmt.Errorf("browsertest: could not bring the row of %q into view and keep it still (list states: %q)", uidl, seen[max(0, len(seen)-8):])
}

// OpenMessage shows the row of uidl, clicks it, and waits until the reader
// shows a message (or the problem that stopped it). It fails if the
// message the app opened is not the one of the row clicked: the row
// marked open must be that row or, when the open row is no longer
// rendered, the reader's subject must be the row's. A click lands at
// coordinates, as a person's does: when the app opened another message
// and the rows moved between the click and the check (new mail arrived
// above, say), the click met a moving list and is tried again, at most
// twice; a wrong message from a list that held still is an error.
func OpenMessage(ctx context.Context, uidl string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	for attempt := 0; ; attempt++ {
		moved, err := openOnce(ctx, uidl)
		if err == nil || !moved || attempt == 2 {
			return err
		}
	}
}

// listShape is each rendered row's UIDL and position, in order.
const listShape = `[...document.querySelectorAll("#message-list [data-uidl]")].map(r => r.dataset.uidl + "@" + Math.round(r.getBoundingClientRect().top)).join(",")`

// openOnce is one try of OpenMessage; moved reports that the rows moved
// between the click and the check.
func openOnce(ctx context.Context, uidl string) (moved bool, err error) {
	sel := RowSelector(uidl)
	var subject, before, shape string
	// The list re-renders as it scrolls; a row found may be replaced
	// before the click lands, so find it again and retry.
	for attempt := 0; ; attempt++ {
		if err := ShowRow(ctx, uidl); err != nil {
			return false, err
		}
		var err error
		if subject, err = Text(ctx, sel+" .subject"); err != nil {
			return false, err
		}
		// The reader may still show the previous message: note it, and
		// wait for the state to change.
		if before, err = chromedp.Run(ctx, chromedp.Evaluate[string](openState)); err != nil {
			return false, err
		}
		if shape, err = chromedp.Run(ctx, chromedp.Evaluate[string](listShape)); err != nil {
			return false, err
		}
		cctx, ccancel := context.WithTimeout(ctx, 5*time.Second)
		err = chromedp.Do(cctx, chromedp.Click(chromedp.CSS(sel+" .subject")))
		ccancel()
		if err == nil {
			break
		}
		if attempt == 2 || ctx.Err() != nil {
			return false, fmt.Errorf("browsertest: clicking the row of %q: %w", uidl, err)
		}
	}
	got, err := chromedp.Run(ctx, chromedp.PollFunction[string](`(before, want) => {
		const s = (`+openState+`);
		if (s === before && !s.startsWith(want + "\n")) return false;
		return s.split("\n")[2] === "ready" ? s : false;
	}`, chromedp.WithPollingArgs(before, uidl), chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(0)))
	if err != nil {
		dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		now, _ := chromedp.Run(dctx, chromedp.Evaluate[string](openState))
		dcancel()
		return false, fmt.Errorf("browsertest: clicked the row of %q (subject %q), and the reader did not show it: %w; the reader shows %q",
			uidl, subject, err, now)
	}
	parts := strings.SplitN(got, "\n", 5)
	if parts[0] == uidl || (parts[0] == "" && parts[3] == subject) {
		return false, nil
	}
	after, _ := chromedp.Run(ctx, chromedp.Evaluate[string](listShape))
	return after != shape, fmt.Errorf("browsertest: clicked the row of %q (subject %q), but the app opened %q; the reader shows subject %q, text %q (rows moved meanwhile: %v)",
		uidl, subject, parts[0], parts[3], parts[4], after != shape)
}

// RowOnScreen reports whether the row of uidl is rendered and lies inside
// the list's visible area.
func RowOnScreen(ctx context.Context, uidl string) (bool, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const list = document.querySelector("#message-list");
		const row = document.querySelector(`+js(RowSelector(uidl))+`);
		if (!list || !row) return false;
		const l = list.getBoundingClientRect(), r = row.getBoundingClientRect();
		return r.bottom > l.top && r.top < l.bottom;
	})()`))
}

// openState describes the reader: the UIDL of the row marked open, its
// subject, "ready" or "loading", the reader's subject heading, and the
// start of the reader's text, on five lines.
const openState = `(() => {
	const row = document.querySelector("[data-uidl].open");
	const ready = !!document.querySelector("#message-reader article.message, #message-reader .banner.problem");
	const h = document.querySelector("#message-reader article.message h2.subject");
	return [row ? row.dataset.uidl : "", row ? (row.querySelector(".subject") || {textContent: ""}).textContent : "",
		ready ? "ready" : "loading", h ? h.textContent : "",
		(document.querySelector("#message-reader") || {innerText: ""}).innerText.slice(0, 200)].join("\n");
})()`

// Frame describes the message body frame.
type Frame struct {
	Title, Sandbox, ReferrerPolicy, SrcDoc string
}

// BodyFrames returns the HTML body frames of the open message (nested
// messages have their own), in document order.
func BodyFrames(ctx context.Context) ([]Frame, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[[]Frame](`[...document.querySelectorAll('iframe[title="Message body"]')].map(f => ({
		Title: f.getAttribute("title"), Sandbox: f.getAttribute("sandbox"),
		ReferrerPolicy: f.getAttribute("referrerpolicy") || "", SrcDoc: f.getAttribute("srcdoc") || "",
	}))`))
}

// IFrames counts every iframe element of the page.
func IFrames(ctx context.Context) (int, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("iframe").length`))
}

// Text returns the text content of the first element matching sel, or ""
// when there is none.
func Text(ctx context.Context, sel string) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](
		`(document.querySelector(`+js(sel)+`) || {textContent: ""}).textContent`))
}

// Exists reports whether an element matches sel now.
func Exists(ctx context.Context, sel string) (bool, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+js(sel)+`) !== null`))
}

// ClickButton clicks the first enabled button whose text is label, and
// fails at once if there is none.
func ClickButton(ctx context.Context, label string) error {
	find := `[...document.querySelectorAll("button:enabled")].find(b => b.textContent.trim() === ` + js(label) + `)`
	ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!`+find))
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("browsertest: no enabled button %q", label)
	}
	return chromedp.Do(ctx, chromedp.Click(chromedp.JSPath(find)))
}

// WaitText waits until the text of the page's body contains s.
func WaitText(ctx context.Context, s string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body && document.body.innerText.includes(`+js(s)+`)`,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("browsertest: waiting for the text %q: %w", s, err)
	}
	return nil
}

// Wait waits until an element matches sel, for at most timeout.
func Wait(ctx context.Context, sel string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(`+js(sel)+`) !== null`,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("browsertest: waiting for %s: %w", sel, err)
	}
	return nil
}

// WaitGone waits until no element matches sel, for at most timeout.
func WaitGone(ctx context.Context, sel string, timeout time.Duration) error {
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector(`+js(sel)+`) === null`,
		chromedp.WithPollingInterval(25*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		return fmt.Errorf("browsertest: waiting for %s to go: %w", sel, err)
	}
	return nil
}
