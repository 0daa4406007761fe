//go:build !js

package e2e

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/app/internal/browsertest"
	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// TestE2EReadMessages opens a plain-text, an HTML, an attachment and a
// broken message from Dovecot, downloads the attachments and the source,
// and compares their bytes with what was delivered.
func TestE2EReadMessages(t *testing.T) {
	root, err := browsertest.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	broken, err := os.ReadFile(filepath.Join(root, "testdata", "mime", "low-quality", "bad-final-boundary.raw"))
	if err != nil {
		t.Fatal(err)
	}
	binData := randomBytes(t, 150_000)
	notes := []byte("línea uno\r\nline two\nline three without a break")

	plain := plainMessage("E2E plain", "Mon, 3 Mar 2025 10:00:00 +0000",
		"Plain text & <b>not bold</b>.\nSee https://example.org/plain?a=1&b=2 for more.\n")
	htmlMsg := message("E2E html", "Mon, 3 Mar 2025 10:01:00 +0000",
		"Content-Type: multipart/alternative; boundary=\"alt\"\n\n",
		"--alt\nContent-Type: text/plain; charset=utf-8\n\nHello HTML (text part)\n",
		"--alt\nContent-Type: text/html; charset=utf-8\n\n",
		`<html><head><style>h1{color:#336}</style></head><body><h1>Hello HTML</h1>`+
			`<p style="color:red">red <a href="https://example.org/html">link</a></p>`+
			`<script>alert('POPPY-XSS')</script><img src="x" onerror="alert(1)"></body></html>`+"\n",
		"--alt--\n")
	attach := message("E2E attachment", "Mon, 3 Mar 2025 10:02:00 +0000",
		"Content-Type: multipart/mixed; boundary=\"mix\"\n\n",
		"--mix\nContent-Type: text/plain; charset=utf-8\n\nSee the attached files.\n",
		"--mix\nContent-Type: application/octet-stream; name=\"data.bin\"\nContent-Disposition: attachment; filename=\"data.bin\"\nContent-Transfer-Encoding: base64\n\n",
		base64Lines(binData),
		"--mix\nContent-Type: text/plain; charset=utf-8; name=\"notes.txt\"\nContent-Disposition: attachment; filename=\"notes.txt\"\nContent-Transfer-Encoding: base64\n\n",
		base64Lines(notes),
		"--mix--\n")

	dc, s := startMail(t, browsertest.Config{Downloads: true}, plain, htmlMsg, attach, broken)
	signIn(t, s, dc)

	t.Run("plain", func(t *testing.T) {
		s := s.For(t)
		s.Must(browsertest.OpenMessage(s.Ctx, rowBySubject(t, s, "E2E plain"), 20*time.Second))
		text, err := browsertest.Text(s.Ctx, browsertest.SelMessage+" pre.mail-text")
		s.Must(err)
		if !strings.Contains(text, "Plain text & <b>not bold</b>.") {
			t.Errorf("the text body is %q, want the markup shown as text", text)
		}
		link := browsertest.Eval[map[string]string](s, `(() => {
			const a = document.querySelector("#message-reader pre.mail-text a");
			return a ? {href: a.getAttribute("href"), target: a.target, rel: a.rel, text: a.textContent} : {};
		})()`)
		if link["href"] != "https://example.org/plain?a=1&b=2" || link["target"] != "_blank" || link["rel"] != "noopener noreferrer" {
			t.Errorf("the URL in the text became %v, want a link to it opening in a new tab with rel=\"noopener noreferrer\"", link)
		}
		if n, _ := browsertest.IFrames(s.Ctx); n != 0 {
			t.Errorf("a plain-text message shows %d iframes", n)
		}
	})

	t.Run("html", func(t *testing.T) {
		s := s.For(t)
		s.Must(browsertest.OpenMessage(s.Ctx, rowBySubject(t, s, "E2E html"), 20*time.Second))
		frames, err := browsertest.BodyFrames(s.Ctx)
		s.Must(err)
		if len(frames) != 1 {
			t.Fatalf("%d frames titled %q, want 1", len(frames), render.IFrameTitle)
		}
		f := frames[0]
		if f.Sandbox != render.IFrameSandbox {
			t.Errorf("sandbox=%q, want %q", f.Sandbox, render.IFrameSandbox)
		}
		if f.ReferrerPolicy != "no-referrer" {
			t.Errorf("referrerpolicy=%q, want no-referrer", f.ReferrerPolicy)
		}
		checkCSPFirst(t, f.SrcDoc, false)
		if strings.Contains(strings.ToLower(f.SrcDoc), "<script") || strings.Contains(strings.ToLower(f.SrcDoc), "onerror") {
			t.Errorf("the srcdoc keeps a script or an event handler:\n%s", f.SrcDoc)
		}
		// The frame is a target of its own, which appears (and loads) a
		// moment after the iframe element.
		var docs []browsertest.FrameDoc
		for deadline := time.Now().Add(10 * time.Second); ; {
			docs, err = browsertest.FrameDocs(s.Ctx)
			s.Must(err)
			if len(docs) == 1 && strings.Contains(docs[0].Text, "Hello HTML") || time.Now().After(deadline) {
				break
			}
			s.Do(chromedp.Sleep(50 * time.Millisecond))
		}
		if len(docs) != 1 || !strings.Contains(docs[0].Text, "Hello HTML") || !strings.Contains(docs[0].Text, "red link") {
			t.Errorf("the frame shows %+v, want the HTML body", docs)
		}
		r, err := s.Watch.Check(s.Ctx)
		s.Must(err)
		if err := r.Err(); err != nil {
			t.Error(err)
		}
	})

	t.Run("attachment", func(t *testing.T) {
		s := s.For(t)
		uidl := rowBySubject(t, s, "E2E attachment")
		if rows, _ := browsertest.Rows(s.Ctx); !hasAttachmentMark(rows, uidl) {
			t.Errorf("the row of a message with attachments has no attachment mark")
		}
		s.Must(browsertest.OpenMessage(s.Ctx, uidl, 20*time.Second))
		text, err := browsertest.Text(s.Ctx, browsertest.SelMessage+" section.attachments")
		s.Must(err)
		for _, want := range []string{"2 attachments", "data.bin", "application/octet-stream", "150 kB", "notes.txt"} {
			if !strings.Contains(text, want) {
				t.Errorf("the attachment list %q lacks %q", text, want)
			}
		}
		for name, want := range map[string][]byte{"data.bin": binData, "notes.txt": notes} {
			got := download(t, s, chromedp.Click(chromedp.CSS(`#message-reader button[aria-label="Download `+name+`"]`)), name)
			equalBytes(t, "downloaded "+name, got, want)
		}
	})

	t.Run("broken", func(t *testing.T) {
		s := s.For(t)
		s.Must(browsertest.OpenMessage(s.Ctx, rowBySubject(t, s, "Attachment"), 20*time.Second))
		text, err := browsertest.Text(s.Ctx, browsertest.SelMessage)
		s.Must(err)
		for _, want := range []string{"A text section", "could not be read as intended", "no final boundary", "foo_9E5D72.zip", "View source"} {
			if !strings.Contains(text, want) && !(want == "View source" && pageHas(s, want)) {
				t.Errorf("the broken message shows %q, which lacks %q", text, want)
			}
		}
		wire := dovecottest.Wire(broken)
		s.Must(browsertest.ClickButton(s.Ctx, "View source"))
		if err := browsertest.Wait(s.Ctx, browsertest.SelSource, 5*time.Second); err != nil {
			t.Errorf("%s\n(%v)", bugStaleHandlers, err)
		} else {
			src := browsertest.Eval[string](s, `document.querySelector("#message-reader pre.source").textContent`)
			if src != string(wire) {
				t.Errorf("the source view shows %d bytes:\n%q\nwant the %d bytes the server sent:\n%q", len(src), src, len(wire), wire)
			}
			s.Must(browsertest.ClickButton(s.Ctx, "Show message"))
			s.Must(browsertest.Wait(s.Ctx, browsertest.SelMessage, 5*time.Second))
		}
		got := download(t, s, chromedp.Click(chromedp.JSPath(
			`[...document.querySelectorAll("#message-reader button")].find(b => b.textContent.trim() === "Download .eml")`)), "Attachment.eml")
		equalBytes(t, "downloaded .eml", got, wire)
	})
}

func pageHas(s *browsertest.Session, text string) bool {
	return browsertest.Eval[bool](s, `document.body.innerText.includes(`+jsString(text)+`)`)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\r", `\r`).Replace(s) + `"`
}

func hasAttachmentMark(rows []browsertest.Row, uidl string) bool {
	for _, r := range rows {
		if r.UIDL == uidl {
			return r.Attachment
		}
	}
	return false
}

// cspMeta matches the Content-Security-Policy <meta> a srcdoc must start
// with.
var cspMeta = regexp.MustCompile(`^<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)

// checkCSPFirst checks that srcdoc starts with the CSP <meta> of render,
// with or without remote images allowed.
func checkCSPFirst(t *testing.T, srcdoc string, allowRemote bool) {
	t.Helper()
	m := cspMeta.FindStringSubmatch(srcdoc)
	if m == nil {
		t.Errorf("the srcdoc does not start with the CSP <meta>: %.200q", srcdoc)
		return
	}
	if got, want := html.UnescapeString(m[1]), render.CSP(allowRemote); got != want {
		t.Errorf("the srcdoc's CSP is %q, want %q", got, want)
	}
}

// download runs trigger, waits for the download and returns its bytes,
// checking the name the page gave the file.
func download(t *testing.T, s *browsertest.Session, trigger chromedp.Action[chromedp.Void], name string) []byte {
	t.Helper()
	d, err := browsertest.Download(s.Ctx, trigger)
	if err != nil {
		t.Fatalf("downloading %s: %v", name, err)
	}
	if d.SuggestedFilename != name {
		t.Errorf("the download is named %q, want %q (%s)", d.SuggestedFilename, name, bugStaleHandlersShort)
	}
	p := d.Path
	if p == "" {
		p = filepath.Join(s.DownloadDir, d.GUID)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bugStaleHandlers describes the app bug that makes buttons act on an
// earlier message.
const bugStaleHandlers = `APP BUG (stale event handlers): a control acted on another message than the one it shows ` +
	`(a row, or "View source", "Download .eml", Delete after opening one message and then another). When this was first ` +
	`found (fixed in c3d33d8): app/ui/reader.go renderReader built their OnClick ` +
	`handlers as closures over om (the open message) without a scope; go-app v9 keeps an element's existing handler when ` +
	`the new one is the same function literal with the same scope (pkg/app/event.go, eventHandler.Equal compares code ` +
	`pointers), so when the reader bar stays mounted from one message to the next (the new message loaded before a frame ` +
	`showed its loading state) the buttons keep the first message's closure. The same holds for the inbox rows ` +
	`(app/ui/inbox.go renderRow: OnClick over i and uid, the checkbox over uid) when the virtual list scrolls or a row is ` +
	`deleted, and for attachment Download buttons (downloadButton over a). Pass a scope (OnClick(h, uid)) or read the ` +
	`state from the Shell when the handler runs.`

const bugStaleHandlersShort = "the reader's buttons acted on an earlier message: see APP BUG (stale event handlers)"
