//go:build !js

package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// vocabulary for subjects and bodies.
var vocabulary = strings.Fields(`invoice meeting quarterly review draft notes shipping order
travel plans lunch budget roadmap release candidate feedback survey welcome update weekly
report garden recipe photos concert tickets renewal reminder account security statement
project kickoff retrospective holiday schedule agenda minutes proposal contract`)

func phrase(rng *rand.Rand, words int) string {
	w := make([]string, words)
	for i := range w {
		w[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(w, " ")
}

// randomToken returns n characters of the base64 alphabet.
func randomToken(rng *rand.Rand, n int) string {
	b := make([]byte, (n*3+3)/4)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return base64.RawStdEncoding.EncodeToString(b)[:n]
}

// inboxMessage builds a message as they come: a header of about 1 KB
// (trace fields, a DKIM signature, the usual fields; every tenth message
// multipart with an attachment) and a body of 1 to 4 KB.
func inboxMessage(rng *rand.Rand, i int) []byte {
	date := time.Date(2025, 2, 1, 7, 30, 0, 0, time.UTC).Add(time.Duration(i) * 41 * time.Minute)
	sender := fmt.Sprintf("person%d@mail%d.example.org", rng.IntN(300), rng.IntN(20))
	var b strings.Builder
	fmt.Fprintf(&b, "Return-Path: <%s>\r\n", sender)
	fmt.Fprintf(&b, "Received: from out%d.example.org (out%d.example.org [198.51.100.%d])\r\n\tby mx.example.net with ESMTPS id %s\r\n\tfor <bench@example.net>; %s\r\n",
		rng.IntN(50), rng.IntN(50), rng.IntN(254)+1, randomToken(rng, 14), date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=k%d;\r\n\th=from:to:subject:date:message-id:mime-version; bh=%s=;\r\n\tb=%s\r\n\t%s\r\n\t%s\r\n",
		rng.IntN(9), randomToken(rng, 43), randomToken(rng, 72), randomToken(rng, 72), randomToken(rng, 56))
	fmt.Fprintf(&b, "From: %s <%s>\r\n", strings.ToUpper(phrase(rng, 1)[:1])+phrase(rng, 1)[1:]+" Team", sender)
	b.WriteString("To: Bench User <bench@example.net>\r\n")
	fmt.Fprintf(&b, "Subject: %s #%d\r\n", phrase(rng, 3+rng.IntN(5)), i+1)
	fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s.%d@example.org>\r\n", randomToken(rng, 20), i)
	b.WriteString("MIME-Version: 1.0\r\n")
	body := func() {
		n := 1000 + rng.IntN(3000)
		for l := 0; l < n; {
			line := phrase(rng, 6+rng.IntN(8)) + ".\r\n"
			b.WriteString(line)
			l += len(line)
		}
	}
	if i%10 == 0 {
		b.WriteString("Content-Type: multipart/mixed; boundary=\"b-" + fmt.Sprint(i) + "\"\r\n\r\n")
		b.WriteString("--b-" + fmt.Sprint(i) + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
		body()
		b.WriteString("--b-" + fmt.Sprint(i) + "\r\nContent-Type: application/pdf; name=\"doc.pdf\"\r\nContent-Disposition: attachment; filename=\"doc.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
		raw := make([]byte, 600)
		for k := range raw {
			raw[k] = byte(rng.Uint32())
		}
		b.WriteString(wrap76(base64.StdEncoding.EncodeToString(raw)))
		b.WriteString("--b-" + fmt.Sprint(i) + "--\r\n")
	} else {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
		body()
	}
	return []byte(b.String())
}

// inbox returns n messages with UIDs, oldest first.
func inbox(n int) []pop3server.Message {
	rng := rand.New(rand.NewPCG(7, 11))
	msgs := make([]pop3server.Message, n)
	for i := range msgs {
		msgs[i] = pop3server.Message{UID: fmt.Sprintf("bench-%05d", i), Data: inboxMessage(rng, i)}
	}
	return msgs
}

func wrap76(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/38)
	for len(s) > 76 {
		b.WriteString(s[:76])
		b.WriteString("\r\n")
		s = s[76:]
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}

// largeSubject is the subject of the large message.
const largeSubject = "Scans and photos from the site visit"

// largeMessage builds a message of about size octets: multipart/mixed with
// a multipart/alternative body (a page of text and its HTML twin) and two
// base64 attachments, a PDF of about 70% of the rest and a JPEG of the
// remainder.
func largeMessage(size int) []byte {
	rng := rand.New(rand.NewPCG(3, 5))
	var b bytes.Buffer
	b.WriteString("From: Site Team <site@example.org>\r\nTo: Bench User <bench@example.net>\r\n")
	b.WriteString("Subject: " + largeSubject + "\r\n")
	b.WriteString("Date: Sat, 1 Mar 2025 09:00:00 +0000\r\nMessage-ID: <large.1@example.org>\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n")
	b.WriteString("Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	var text, html strings.Builder
	for range 40 {
		p := phrase(rng, 14) + "."
		text.WriteString(p + "\r\n")
		html.WriteString("<p>" + p + "</p>\r\n")
	}
	b.WriteString(text.String())
	b.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>Site visit</h1>\r\n")
	b.WriteString(html.String())
	b.WriteString("</body></html>\r\n--alt--\r\n")
	rest := size - b.Len() - 400
	encoded := rest * 76 / 78 // CRLF after every 76 characters
	raw := encoded / 4 * 3
	attach := func(name, ctype string, n int) {
		fmt.Fprintf(&b, "--outer\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", ctype, name, name)
		data := make([]byte, n)
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		b.WriteString(wrap76(base64.StdEncoding.EncodeToString(data)))
	}
	pdf := raw * 7 / 10
	attach("scans.pdf", "application/pdf", pdf)
	attach("site.jpg", "image/jpeg", raw-pdf)
	b.WriteString("--outer--\r\n")
	return b.Bytes()
}
