package render

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// largeMessage builds a message of about size bytes: a newsletter-like
// HTML body (inline styles, a style sheet, links, cid: and remote
// images) with a plain-text alternative, and base64 attachments for the
// rest.
func largeMessage(size int) []byte {
	var html strings.Builder
	html.WriteString(`<html><head><style>body{font-family:Arial} .c{color:#333;padding:8px} @media (max-width:600px){.c{width:100%!important}}</style></head><body>`)
	for i := 0; html.Len() < 200<<10; i++ {
		fmt.Fprintf(&html, `<table width="600" cellpadding="0" style="border-collapse:collapse"><tr><td class="c" style="font-size:14px;line-height:20px;color:#444">Paragraph %d with <a href="https://example.com/p/%d?utm=x">a link</a> and <b>bold</b> text.<img src="https://tracker.example/%d.gif" width="1" height="1"><img src="cid:logo@x" alt="logo"></td></tr></table>`, i, i, i)
	}
	html.WriteString(`</body></html>`)
	var b strings.Builder
	b.WriteString("From: News <news@example.com>\r\nTo: you@example.com\r\nSubject: =?utf-8?q?Large_newsletter_=E2=80=94_test?=\r\nDate: Mon, 1 Jul 2024 10:00:00 +0000\r\nContent-Type: multipart/mixed; boundary=m\r\n\r\n")
	b.WriteString("--m\r\nContent-Type: multipart/related; boundary=r\r\n\r\n--r\r\nContent-Type: multipart/alternative; boundary=a\r\n\r\n")
	b.WriteString("--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.Repeat("Plain text with https://example.com/link and more words.\r\n", 2000) + "--a\r\n")
	b.WriteString("Content-Type: text/html; charset=utf-8\r\n\r\n" + html.String() + "\r\n--a--\r\n")
	b.WriteString("--r\r\nContent-Type: image/png\r\nContent-ID: <logo@x>\r\nContent-Transfer-Encoding: base64\r\n\r\n" + pngB64 + "\r\n--r--\r\n")
	chunk := make([]byte, 57*1000)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	for n := 0; b.Len() < size; n++ {
		fmt.Fprintf(&b, "--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"file%d.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", n)
		for j := 0; j < 40 && b.Len() < size; j++ {
			enc := base64.StdEncoding.EncodeToString(chunk)
			for len(enc) > 76 {
				b.WriteString(enc[:76] + "\r\n")
				enc = enc[76:]
			}
			b.WriteString(enc + "\r\n")
		}
	}
	b.WriteString("--m--\r\n")
	return []byte(b.String())
}

func TestLargeMessage(t *testing.T) {
	raw := largeMessage(10 << 20)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	if m.HTML == nil || m.Text == nil || len(m.Attachments) < 4 || m.HTML.RemoteBlocked == 0 || len(m.Problems) != 0 {
		t.Fatalf("large message: HTML %v, Text %v, %d attachments, %d blocked, problems %q",
			m.HTML != nil, m.Text != nil, len(m.Attachments), m.HTML.RemoteBlocked, m.Problems)
	}
}

// BenchmarkRenderLarge renders a 10 MB message with attachments (the
// "large message" figure of issue 4: under 1 s after the bytes arrived).
func BenchmarkRenderLarge(b *testing.B) {
	raw := largeMessage(10 << 20)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Render(raw, nil)
	}
}

// BenchmarkHeaders reads an inbox row from a header, as after TOP n 0.
func BenchmarkHeaders(b *testing.B) {
	raw := largeMessage(1 << 10)
	b.ReportAllocs()
	for b.Loop() {
		Headers(raw, nil)
	}
}
