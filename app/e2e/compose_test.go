//go:build !js

package e2e

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/emersion/go-message/mail"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/submission/submissionserver"
)

// screenshotDir is where the README's screenshots go: the compose one
// is taken by TestE2EComposeReply,
//
//	CI=true go test -count=1 -run TestE2EComposeReply ./app/e2e -args -screenshots=$PWD/app/screenshots
//
// Without it the picture goes to the test's artifact folder.
var screenshotDir = flag.String("screenshots", "", "write the README's screenshots into this folder")

// screenshot saves what the window shows, as the README's pictures are
// (1280 pixels wide, the window's height).
func screenshot(t *testing.T, s *browsertest.Session, name string) {
	t.Helper()
	browsertest.Eval[bool](s, `(document.activeElement && document.activeElement.blur(), true)`)
	png, err := chromedp.Run(s.Ctx, chromedp.CaptureScreenshot())
	s.Must(err)
	dir := *screenshotDir
	if dir == "" {
		dir = t.ArtifactDir()
	}
	p := filepath.Join(dir, name)
	s.Must(os.WriteFile(p, png, 0o644))
	t.Logf("screenshot: %s", p)
}

// Selectors of the compose contract (README, app/ui/doc.go).
const (
	selCompose       = "form#compose"
	selComposeSubmit = "form#compose button[type=submit]"
	selSendStatus    = "#send-status"
	selOutboxEntry   = "[data-outbox-id]"
	selSent          = "#sent"
)

// sendLab is an in-memory POP3 server and an in-memory submission
// server for one user, whose accepted messages the submission server
// delivers into that user's POP3 mailbox: what is sent arrives in the
// inbox, as with the demo. Both are reached through the real bridge.
type sendLab struct {
	pop  *pop3server.Server
	sub  *submissionserver.Server
	user string

	mu        sync.Mutex
	delivered [][]byte
	poke      chan struct{}
	// hangUp makes the next delivery keep the message and drop the
	// connection before the reply: the message was sent, and the client
	// cannot know it.
	hangUp bool
}

// startSendLab starts the servers, a bridge whose target "mem" has both
// (plain, on loopback) and a browser, and signs in.
func startSendLab(t *testing.T, subOpts *submissionserver.Options, msgs []pop3server.Message) (*sendLab, *browsertest.Session) {
	t.Helper()
	browsertest.Require(t)
	lab := &sendLab{pop: pop3server.New(nil), user: "alice", poke: make(chan struct{}, 1)}
	t.Cleanup(func() { lab.pop.Close() })
	if err := lab.pop.AddUser(lab.user, "secret", msgs...); err != nil {
		t.Fatal(err)
	}
	popAddr, err := lab.pop.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	var o submissionserver.Options
	if subOpts != nil {
		o = *subOpts
	}
	o.AllowInsecureAuth = true // plain loopback, as the demo
	o.Deliver = lab.deliver
	lab.sub = submissionserver.New(&o)
	t.Cleanup(func() { lab.sub.Close() })
	if err := lab.sub.AddUser(lab.user, "secret"); err != nil {
		t.Fatal(err)
	}
	subAddr, err := lab.sub.StartLocal()
	if err != nil {
		t.Fatal(err)
	}
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{
		Targets: []string{"mem=" + popAddr + "/plain"},
		Args:    []string{"-submission", "mem=" + subAddr + "/plain"},
	}})
	if o := s.SignIn("mem", lab.user, "secret"); o != browsertest.OutcomeInbox {
		t.Fatalf("sign-in gave %q", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	return lab, s
}

func (l *sendLab) deliver(from string, to []string, msg []byte) error {
	l.mu.Lock()
	n := len(l.delivered)
	l.delivered = append(l.delivered, bytes.Clone(msg))
	hangUp := l.hangUp
	l.hangUp = false
	l.mu.Unlock()
	if hangUp {
		defer func() { _ = l.pop.Deliver(l.user, pop3server.Message{UID: fmt.Sprintf("sent-%d", n), Data: msg}) }()
		select {
		case l.poke <- struct{}{}:
		default:
		}
		return submissionserver.ErrHangUp
	}
	select {
	case l.poke <- struct{}{}:
	default:
	}
	return l.pop.Deliver(l.user, pop3server.Message{UID: fmt.Sprintf("sent-%d", n), Data: msg})
}

func (l *sendLab) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.delivered)
}

// waitDelivered waits until the submission server accepted n messages
// and returns the n-th.
func (l *sendLab) waitDelivered(t *testing.T, n int, timeout time.Duration) []byte {
	t.Helper()
	deadline := time.After(timeout)
	for {
		l.mu.Lock()
		if len(l.delivered) >= n {
			m := l.delivered[n-1]
			l.mu.Unlock()
			return m
		}
		l.mu.Unlock()
		select {
		case <-l.poke:
		case <-deadline:
			t.Fatalf("the submission server accepted %d messages within %v, want %d", l.count(), timeout, n)
		}
	}
}

// fillCompose types into the compose form's fields, through the input
// events the app listens to.
func fillCompose(s *browsertest.Session, fields map[string]string) {
	s.T.Helper()
	want, err := json.Marshal(fields)
	s.Must(err)
	msg := browsertest.Eval[string](s, `(() => {
		const f = document.querySelector("form#compose");
		if (!f) return "no form#compose";
		for (const [name, value] of Object.entries(`+string(want)+`)) {
			const el = f.elements.namedItem(name);
			if (!el) return "no field named " + name;
			el.value = value;
			el.dispatchEvent(new Event("input", {bubbles: true}));
		}
		return "";
	})()`)
	if msg != "" {
		s.T.Fatal(msg)
	}
}

// composeValue reads a field of the compose form.
func composeValue(s *browsertest.Session, name string) string {
	return browsertest.Eval[string](s, `(() => {
		const f = document.querySelector("form#compose");
		const el = f && f.elements.namedItem(`+jsQuote(name)+`);
		return el ? el.value : "";
	})()`)
}

// sendCompose presses the compose form's submit button. Typing
// re-renders the form, which may replace the button between the moment
// it is found and the click: it is found again, as browsertest.SignIn
// does.
func sendCompose(s *browsertest.Session) {
	s.T.Helper()
	for attempt := 0; ; attempt++ {
		err := chromedp.Do(s.Ctx, chromedp.Click(chromedp.CSS(selComposeSubmit+":enabled")))
		if err == nil {
			return
		}
		if attempt == 2 || !strings.Contains(err.Error(), "Could not find node") {
			s.T.Fatal(err)
		}
	}
}

// waitCompose waits for the compose form, prepared (its fields enabled).
func waitCompose(s *browsertest.Session) {
	s.T.Helper()
	s.Must(browsertest.Wait(s.Ctx, selCompose+":not([aria-busy=true]) textarea[name=body]:enabled", 20*time.Second))
}

func sendStatus(s *browsertest.Session) string {
	t, _ := browsertest.Text(s.Ctx, selSendStatus)
	return t
}

// waitStatus waits until the send status (an aria-live region) reads want.
func waitStatus(s *browsertest.Session, want string, timeout time.Duration) {
	s.T.Helper()
	if err := browsertest.WaitText(s.Ctx, want, timeout); err != nil {
		s.T.Fatalf("the send status reads %q, want %q: %v", sendStatus(s), want, err)
	}
	if got := sendStatus(s); !strings.Contains(got, want) {
		s.T.Fatalf("%q shows, but not in the live region, which reads %q", want, got)
	}
}

// checkUntilRow asks for new mail until a row with subject shows that
// is not one of the rows listed before: the app checks by itself only
// every two minutes.
func checkUntilRow(t *testing.T, s *browsertest.Session, subject string, before []string, timeout time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		rows, err := browsertest.Rows(s.Ctx)
		s.Must(err)
		for _, r := range rows {
			if r.Subject == subject && !slices.Contains(before, r.UIDL) {
				return r.UIDL
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no row %q within %v; rows %+v", subject, timeout, rows)
		}
		_ = browsertest.ClickButton(s.Ctx, "⟳") // disabled while a check runs
		s.Must(waitJS(s, `!document.querySelector('button[aria-label="Check for new mail"]').disabled`))
	}
}

// parse reads a delivered message with go-message: its header, its text
// and its attachments by file name.
func parse(t *testing.T, raw []byte) (*mail.Header, string, map[string][]byte) {
	t.Helper()
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the delivered message does not parse: %v\n%s", err, raw)
	}
	var text string
	atts := map[string][]byte{}
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part: %v", err)
		}
		b, err := io.ReadAll(p.Body)
		if err != nil {
			t.Fatal(err)
		}
		switch h := p.Header.(type) {
		case *mail.InlineHeader:
			if ct, _, _ := h.ContentType(); ct == "text/plain" && text == "" {
				text = string(b)
			}
		case *mail.AttachmentHeader:
			name, _ := h.Filename()
			atts[name] = b
		}
	}
	return &r.Header, text, atts
}

// TestE2EComposeReply opens a message of the demo mailbox, replies
// (the Reply control of the contract), types, sends, and the reply
// arrives in the demo inbox through the demo's submission server: a new
// row with data-uidl and the subject "Re: …", whose message quotes the
// original under "On DATE, NAME wrote:".
func TestE2EComposeReply(t *testing.T) {
	s := browsertest.Start(t, browsertest.Config{Bridge: browsertest.BridgeConfig{Demo: true}})
	if o := s.SignIn("demo", "demo", "demo"); o != browsertest.OutcomeInbox {
		t.Fatalf("sign-in to the demo gave %q", o)
	}
	s.Must(browsertest.WaitRows(s.Ctx))
	rows, err := browsertest.Rows(s.Ctx)
	s.Must(err)
	// A message the demo received as demo@poppy.example, from a person.
	var orig browsertest.Row
	for _, r := range rows {
		if r.Subject == "Lunch on Thursday?" {
			orig = r
		}
	}
	if orig.UIDL == "" {
		t.Fatalf("no demo message %q in %+v", "Lunch on Thursday?", rows)
	}
	s.Must(browsertest.OpenMessage(s.Ctx, orig.UIDL, 20*time.Second))
	s.Do(chromedp.Click(chromedp.CSS(`#message-reader button[aria-label="Reply"]`)))
	waitCompose(s)
	want := "Re: " + orig.Subject
	if got := composeValue(s, "subject"); got != want {
		t.Errorf("the reply's subject is %q, want %q", got, want)
	}
	if got := composeValue(s, "body"); !strings.Contains(got, "wrote:\n> ") {
		t.Errorf("the reply does not quote the original under a quote line:\n%s", got)
	}
	// With no identity set up, it goes from the address the original was
	// sent to, whose local part is the login.
	if got := composeValue(s, "from"); got != "demo@poppy.example" {
		t.Errorf("the reply goes from %q, want demo@poppy.example", got)
	}
	// The demo delivers what is sent to its own address: the reply goes
	// there, whoever wrote the original.
	body := "Thanks, this reply went through the bridge.\n\n" + composeValue(s, "body")
	fillCompose(s, map[string]string{"to": "demo@poppy.example", "body": body})
	screenshot(t, s, "compose.png")
	before := rowOrder(s)
	sendCompose(s)
	waitStatus(s, "Sent.", 30*time.Second)
	uid := checkUntilRow(t, s, want, before, 60*time.Second)
	s.Must(browsertest.OpenMessage(s.Ctx, uid, 20*time.Second))
	s.Must(browsertest.WaitText(s.Ctx, "Thanks, this reply went through the bridge.", 10*time.Second))

	// It is in Sent too, newest first, and opens in the reader.
	s.Must(browsertest.ClickButton(s.Ctx, "Sent"))
	s.Must(browsertest.Wait(s.Ctx, selSent+" [data-sent-id]", 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, selSent+" [data-sent-id] .subject"); got != want {
		t.Errorf("the newest sent message is %q, want %q", got, want)
	}
	s.Do(chromedp.Click(chromedp.CSS(selSent + " [data-sent-id] button")))
	s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 10*time.Second))
	s.Must(browsertest.WaitText(s.Ctx, "Thanks, this reply went through the bridge.", 10*time.Second))
}

// TestE2EComposeAttachment writes a new message with an attachment
// added through the file input: the form shows the file and its size;
// what the submission server accepted carries the file byte for byte
// under its name, and the next message offers its recipient for
// completion. The first connection taught the app the server's SIZE
// limit, so a second message over it is refused in the form, in words,
// and nothing is uploaded; the same message under the limit goes
// (positive control).
func TestE2EComposeAttachment(t *testing.T) {
	const limit = 200_000
	lab, s := startSendLab(t, &submissionserver.Options{MaxMessageBytes: limit},
		memMessages(2, "att-%d", "Attachment test %d", "Body %d.\n"))
	dir := t.TempDir()
	small := randomBytes(t, 30_000)
	big := randomBytes(t, 180_000) // base64 makes it ~243 kB: over the limit
	smallPath, bigPath := filepath.Join(dir, "report.bin"), filepath.Join(dir, "big.bin")
	s.Must(os.WriteFile(smallPath, small, 0o600))
	s.Must(os.WriteFile(bigPath, big, 0o600))

	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "bob@example.com", "subject": "With a file", "body": "See the attached file.\n"})
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(`form#compose input[name=attachments]`), []string{smallPath}))
	s.Must(browsertest.WaitText(s.Ctx, "report.bin", 10*time.Second))
	s.Must(browsertest.WaitText(s.Ctx, "30 kB", 5*time.Second))
	sendCompose(s)
	raw := lab.waitDelivered(t, 1, 30*time.Second)
	waitStatus(s, "Sent.", 30*time.Second)
	h, text, atts := parse(t, raw)
	if subj, _ := h.Subject(); subj != "With a file" {
		t.Errorf("subject %q", subj)
	}
	if !strings.Contains(text, "See the attached file.") {
		t.Errorf("text %q", text)
	}
	if !bytes.Equal(atts["report.bin"], small) {
		t.Errorf("the attachment arrived as %d bytes (names %v), want the 30,000 bytes picked", len(atts["report.bin"]), keys(atts))
	}

	// Over the limit the app learned: refused in the form, nothing sent.
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	// The address sent to is offered for completion, from the device's
	// address book, through the fields' <datalist>.
	s.Must(waitJS(s, `document.querySelector("form#compose input[name=to]").list !== null &&
		[...document.querySelector("form#compose input[name=to]").list.options].some(o => o.value.includes("bob@example.com"))`))
	fillCompose(s, map[string]string{"to": "bob@example.com", "subject": "Too big", "body": "Big.\n"})
	s.Do(chromedp.SetUploadFiles(chromedp.CSS(`form#compose input[name=attachments]`), []string{bigPath}))
	s.Must(browsertest.WaitText(s.Ctx, "big.bin", 10*time.Second))
	sendCompose(s)
	s.Must(browsertest.WaitText(s.Ctx, "the sending server accepts. Remove an attachment", 10*time.Second))
	s.Must(browsertest.Wait(s.Ctx, selCompose+" .error[role=alert]", 5*time.Second))
	// Removing it lets the same message go: the refusal was the size.
	s.Do(chromedp.Click(chromedp.CSS(`form#compose button[aria-label="Remove big.bin"]`)))
	// The click re-renders the form: the submit button is found again.
	s.Must(browsertest.WaitGone(s.Ctx, `form#compose button[aria-label="Remove big.bin"]`, 5*time.Second))
	s.Must(browsertest.WaitGone(s.Ctx, selCompose+" .error[role=alert]", 5*time.Second))
	sendCompose(s)
	raw = lab.waitDelivered(t, 2, 30*time.Second)
	if h, _, atts := parse(t, raw); len(atts) != 0 {
		t.Errorf("the second message carries %v", keys(atts))
	} else if subj, _ := h.Subject(); subj != "Too big" {
		t.Errorf("the second message is %q", subj)
	}
	if n := lab.count(); n != 2 {
		t.Errorf("the server accepted %d messages, want 2: the one over the limit was uploaded", n)
	}
}

// TestE2EComposeOffline sends with the bridge down: the message waits
// in the outbox (an entry with data-outbox-id, "Waiting to be sent")
// and the app says "Queued: it will be sent when the connection is
// back."; nothing reaches the server. When the bridge is back it goes
// out by itself, once, and moves to Sent.
func TestE2EComposeOffline(t *testing.T) {
	lab, s := startSendLab(t, nil, memMessages(1, "off-%d", "Offline test %d", "Body %d.\n"))
	s.StopBridge()
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "bob@example.com", "subject": "Sent while offline", "body": "Queued.\n"})
	sendCompose(s)
	waitStatus(s, "Queued: it will be sent when the connection is back.", 30*time.Second)
	s.Must(browsertest.ClickButton(s.Ctx, "Outbox (1)"))
	s.Must(browsertest.Wait(s.Ctx, selOutboxEntry, 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, selOutboxEntry+" .state"); !strings.Contains(got, "Waiting to be sent") {
		t.Errorf("the outbox entry reads %q", got)
	}
	if n := lab.count(); n != 0 {
		t.Fatalf("with the bridge down, the server accepted %d messages", n)
	}

	s.StartBridge(nil)
	raw := lab.waitDelivered(t, 1, 60*time.Second)
	if h, _, _ := parse(t, raw); h != nil {
		if subj, _ := h.Subject(); subj != "Sent while offline" {
			t.Errorf("delivered %q", subj)
		}
	}
	s.Must(browsertest.WaitGone(s.Ctx, selOutboxEntry, 30*time.Second))
	s.Must(browsertest.ClickButton(s.Ctx, "Sent"))
	s.Must(browsertest.Wait(s.Ctx, selSent+" [data-sent-id]", 10*time.Second))
	// Sent once: a second flush (the app's retry timer, the bridge's
	// return) must not send it again. The positive control is the one
	// delivery above, through the same callback.
	s.Must(browsertest.WaitText(s.Ctx, "Sent while offline", 5*time.Second))
	if n := lab.count(); n != 1 {
		t.Errorf("the server accepted %d messages, want 1", n)
	}
}

// TestE2EComposeDraft types a new message and reloads the page: the
// draft was saved as it was typed, and comes back in the compose form.
func TestE2EComposeDraft(t *testing.T) {
	_, s := startSendLab(t, nil, memMessages(1, "draft-%d", "Draft test %d", "Body %d.\n"))
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "carol@example.com", "subject": "Half written", "body": "I was saying"})
	s.Must(browsertest.WaitText(s.Ctx, "Draft saved on this device.", 10*time.Second))
	s.Must(browsertest.Reload(s.Ctx, s.Bridge.URL))
	waitCompose(s)
	for name, want := range map[string]string{"to": "carol@example.com", "subject": "Half written", "body": "I was saying"} {
		if got := composeValue(s, name); got != want {
			t.Errorf("after the reload, %s = %q, want %q", name, got, want)
		}
	}
}

// TestE2EComposeMaybeSent loses the connection after the final dot,
// with the server keeping the message: the app cannot know whether it
// was sent, so it never sends it again by itself. The outbox entry says
// "It may have been sent" and asks; "Mark as sent" moves it to Sent
// without a second delivery, and for another such message "Send again"
// delivers it once more (the positive control: the same path does send
// when the person asks).
func TestE2EComposeMaybeSent(t *testing.T) {
	lab, s := startSendLab(t, nil, memMessages(1, "maybe-%d", "Maybe test %d", "Body %d.\n"))
	send := func(subject string) {
		t.Helper()
		lab.mu.Lock()
		lab.hangUp = true
		lab.mu.Unlock()
		s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
		waitCompose(s)
		fillCompose(s, map[string]string{"to": "bob@example.com", "subject": subject, "body": "Maybe.\n"})
		sendCompose(s)
		waitStatus(s, "It may have been sent.", 30*time.Second)
	}
	send("Lost verdict one")
	if n := lab.count(); n != 1 {
		t.Fatalf("the server received %d messages, want 1", n)
	}
	s.Must(browsertest.ClickButton(s.Ctx, "Outbox (1)"))
	entry := selOutboxEntry + ".state-maybe-sent"
	s.Must(browsertest.Wait(s.Ctx, entry, 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, entry+" .state"); !strings.Contains(got, "Check with a recipient") {
		t.Errorf("the entry reads %q", got)
	}
	s.Must(browsertest.ClickButtonIn(s.Ctx, entry, "Mark as sent"))
	s.Must(browsertest.WaitGone(s.Ctx, selOutboxEntry, 10*time.Second))
	s.Must(browsertest.ClickButton(s.Ctx, "Sent"))
	s.Must(browsertest.WaitText(s.Ctx, "Lost verdict one", 10*time.Second))

	send("Lost verdict two")
	s.Must(browsertest.ClickButton(s.Ctx, "Outbox (1)"))
	s.Must(browsertest.Wait(s.Ctx, entry, 10*time.Second))
	if n := lab.count(); n != 2 {
		t.Fatalf("the server received %d messages before Send again, want 2: one was resent unasked", n)
	}
	s.Must(browsertest.ClickButtonIn(s.Ctx, entry, "Send again"))
	raw := lab.waitDelivered(t, 3, 30*time.Second)
	if h, _, _ := parse(t, raw); h != nil {
		if subj, _ := h.Subject(); subj != "Lost verdict two" {
			t.Errorf("Send again sent %q", subj)
		}
	}
	s.Must(browsertest.WaitGone(s.Ctx, selOutboxEntry, 10*time.Second))
	if n := lab.count(); n != 3 {
		t.Errorf("the server received %d messages, want 3", n)
	}
}

// TestE2EComposeRefused sends to two recipients, one of which the
// server refuses (550 5.1.1): nothing is sent, and the app names the
// refused recipient and why, in the live region and in the outbox.
func TestE2EComposeRefused(t *testing.T) {
	lab, s := startSendLab(t, &submissionserver.Options{
		Recipient: func(_, _, to string) error {
			if to == "nobody@example.com" {
				return &submissionserver.Refusal{Code: 550, Enhanced: [3]int{5, 1, 1}, Text: "no such user here"}
			}
			return nil
		},
	}, memMessages(1, "ref-%d", "Refused test %d", "Body %d.\n"))
	s.Do(chromedp.Click(chromedp.CSS(`button[aria-label="New message"]`)))
	waitCompose(s)
	fillCompose(s, map[string]string{"to": "bob@example.com, nobody@example.com", "subject": "Two recipients", "body": "Hi.\n"})
	sendCompose(s)
	want := "nothing was sent: nobody@example.com (no such mailbox: “no such user here”)"
	waitStatus(s, want, 30*time.Second)
	s.Must(browsertest.ClickButton(s.Ctx, "Outbox (1)"))
	s.Must(browsertest.Wait(s.Ctx, selOutboxEntry+".state-failed", 10*time.Second))
	if got, _ := browsertest.Text(s.Ctx, selOutboxEntry+" .state"); !strings.Contains(got, want) {
		t.Errorf("the failed entry reads %q, want %q in it", got, want)
	}
	if n := lab.count(); n != 0 {
		t.Errorf("the server accepted %d messages, want none", n)
	}
	s.Must(browsertest.ClickButtonIn(s.Ctx, selOutboxEntry, "Remove"))
	s.Must(browsertest.WaitGone(s.Ctx, selOutboxEntry, 10*time.Second))
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
