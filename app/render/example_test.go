package render_test

import (
	"fmt"
	"strings"

	"github.com/poppymail/poppy/app/render"
)

func ExampleRender() {
	raw := []byte("From: =?utf-8?q?Ren=C3=A9e?= <renee@example.com>\r\n" +
		"Subject: Photos\r\n" +
		"Content-Type: multipart/mixed; boundary=b\r\n" +
		"\r\n" +
		"--b\r\n" +
		"Content-Type: text/html; charset=utf-8\r\n" +
		"\r\n" +
		"<p onclick=\"steal()\">See <a href=\"https://example.com/album\">the album</a>" +
		"<img src=\"https://tracker.example/pixel.gif\"></p>\r\n" +
		"--b\r\n" +
		"Content-Type: application/pdf; name=\"notes.pdf\"\r\n" +
		"Content-Transfer-Encoding: base64\r\n" +
		"\r\n" +
		"JVBERi0xLjQK\r\n" +
		"--b--\r\n")

	m := render.Render(raw, nil) // nil: remote content blocked, default limits
	fmt.Println("From:", m.From[0].Name)
	fmt.Println("Subject:", m.Subject)
	fmt.Println("Body:", m.HTML.Body)
	fmt.Println("Remote images blocked:", m.HTML.RemoteBlocked)
	fmt.Println("Frame:", `<iframe sandbox="`+render.IFrameSandbox+`" title="`+render.IFrameTitle+`">`)
	fmt.Println("SrcDoc starts with CSP:", strings.HasPrefix(m.HTML.SrcDoc, `<meta http-equiv="Content-Security-Policy"`))
	for _, a := range m.Attachments {
		fmt.Printf("Attachment %s: %s, %s, %d bytes %q\n", a.PartPath, a.Name, a.ContentType, a.Size, a.Data)
	}
	// Output:
	// From: Renée
	// Subject: Photos
	// Body: <p>See <a href="https://example.com/album" rel="noreferrer noopener" target="_blank">the album</a></p>
	// Remote images blocked: 1
	// Frame: <iframe sandbox="allow-popups allow-popups-to-escape-sandbox" title="Message body">
	// SrcDoc starts with CSP: true
	// Attachment 2: notes.pdf, application/pdf, 9 bytes "%PDF-1.4\n"
}

func ExampleRender_plainText() {
	raw := []byte("Subject: hi\r\n\r\nDocs at https://example.com/docs. <b>not bold</b>\r\n")
	m := render.Render(raw, nil)
	for _, s := range m.Text.Spans {
		fmt.Printf("%q %q\n", s.Text, s.Href)
	}
	fmt.Println(m.Text.HTML)
	// Output:
	// "Docs at " ""
	// "https://example.com/docs" "https://example.com/docs"
	// ". <b>not bold</b>" ""
	// <pre class="mail-text">Docs at <a href="https://example.com/docs" target="_blank" rel="noopener noreferrer">https://example.com/docs</a>. &lt;b&gt;not bold&lt;/b&gt;</pre>
}

func ExampleHeaders() {
	top := []byte("From: Alice <alice@example.com>\r\n" +
		"Subject: =?utf-8?q?Caf=C3=A9?=\r\n" +
		"Date: Mon, 1 Jul 2024 09:30:00 +0200\r\n" +
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n")
	s := render.Headers(top, nil)
	fmt.Println(s.From[0], "|", s.Subject, "|", s.Date.UTC().Format("2006-01-02 15:04"), "|", s.HasAttachment)
	// Output:
	// Alice <alice@example.com> | Café | 2024-07-01 07:30 | true
}
