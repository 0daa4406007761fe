// Package fakemail generates the mail that Poppy's benchmarks fetch: an
// inbox of realistic small messages and one large message, the same bytes
// on every run (fixed seeds), so that figures from different runs and
// different programs (the pop3, app and bridge reports, the pop3
// benchmarks) describe the same mail.
//
// Messages are RFC 5322 text with CRLF line endings, as a POP3 server
// serves them (RFC 1939). Some body lines start with a dot, so that
// dot-stuffing is exercised on the wire.
package fakemail

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/poppymail/poppy/pop3/pop3server"
)

// vocabulary feeds subjects and body text.
var vocabulary = strings.Fields(`the a of and to in is for on with as by at from this that
meeting report invoice project update schedule review draft budget quarter
team please attached find below thanks regards question answer customer order
shipment delivery account password reset notice weekly monthly summary agenda
minutes action items follow up deadline friday monday release notes build test
travel plans lunch roadmap candidate feedback survey welcome garden recipe photos
concert tickets renewal reminder security statement kickoff retrospective holiday`)

// words returns n words separated by spaces.
func words(rng *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = vocabulary[rng.IntN(len(vocabulary))]
	}
	return strings.Join(w, " ")
}

// token returns n characters of the base64 alphabet, for signatures and
// message ids.
func token(rng *rand.Rand, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// base64Lines writes n random octets as base64 in lines of 76 characters,
// as MIME (RFC 2045 §6.8) wants them.
func base64Lines(b *bytes.Buffer, rng *rand.Rand, n int) {
	raw := make([]byte, 57) // 76 characters
	line := make([]byte, 78)
	for n > 0 {
		k := min(n, len(raw))
		for i := range raw[:k] {
			raw[i] = byte(rng.Uint32())
		}
		enc := base64.StdEncoding.EncodedLen(k)
		base64.StdEncoding.Encode(line, raw[:k])
		line[enc], line[enc+1] = '\r', '\n'
		b.Write(line[:enc+2])
		n -= k
	}
}

// UID is the unique id (RFC 1939 UIDL) of the message at index i of Inbox.
// Every UID has the same length, so a listing's size is easy to compute.
func UID(i int) string { return fmt.Sprintf("uid-%06d", i+1) }

// Inbox returns n messages, oldest first, with the UIDs of UID. Each has a
// header section of about 1 KB (a Return-Path, two Received fields, a
// folded DKIM signature and the usual fields) and a body of 1 to 4 KB of
// text lines; every tenth is multipart/mixed with a small PDF attachment.
// The messages do not depend on n: Inbox(n+1) is Inbox(n) and one more.
func Inbox(n int) []pop3server.Message {
	rng := rand.New(rand.NewPCG(7, 11))
	msgs := make([]pop3server.Message, n)
	for i := range msgs {
		msgs[i] = pop3server.Message{UID: UID(i), Data: inboxMessage(rng, i)}
	}
	return msgs
}

func inboxMessage(rng *rand.Rand, i int) []byte {
	date := time.Date(2025, 2, 1, 7, 30, 0, 0, time.UTC).Add(time.Duration(i) * 41 * time.Minute)
	sender := fmt.Sprintf("person%d@mail%d.example.org", rng.IntN(300), rng.IntN(20))
	var b bytes.Buffer
	fmt.Fprintf(&b, "Return-Path: <%s>\r\n", sender)
	fmt.Fprintf(&b, "Received: from out%d.example.org (out%d.example.org [198.51.100.%d])\r\n\tby mx.example.net with ESMTPS id %s\r\n\tfor <bench@example.net>; %s\r\n",
		rng.IntN(50), rng.IntN(50), rng.IntN(254)+1, token(rng, 14), date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Received: from [192.0.2.%d] by out.example.org with ESMTPSA id %s;\r\n\t%s\r\n",
		rng.IntN(254)+1, token(rng, 16), date.Add(-2*time.Second).Format(time.RFC1123Z))
	fmt.Fprintf(&b, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=k%d;\r\n\th=from:to:subject:date:message-id:mime-version; bh=%s=;\r\n\tb=%s\r\n\t%s\r\n\t%s\r\n",
		rng.IntN(9), token(rng, 43), token(rng, 72), token(rng, 72), token(rng, 56))
	team := words(rng, 1)
	fmt.Fprintf(&b, "From: %s Team <%s>\r\n", strings.ToUpper(team[:1])+team[1:], sender)
	b.WriteString("To: Bench User <bench@example.net>\r\n")
	fmt.Fprintf(&b, "Subject: %s #%d\r\n", words(rng, 3+rng.IntN(5)), i+1)
	fmt.Fprintf(&b, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&b, "Message-ID: <%s.%d@example.org>\r\n", token(rng, 20), i)
	b.WriteString("MIME-Version: 1.0\r\n")
	body := func() {
		n := 1000 + rng.IntN(3000)
		for start := b.Len(); b.Len()-start < n; {
			if rng.IntN(20) == 0 {
				b.WriteByte('.') // stuffed on the wire
			}
			b.WriteString(words(rng, 6+rng.IntN(8)) + ".\r\n")
		}
	}
	if i%10 == 0 {
		boundary := fmt.Sprintf("b-%d", i)
		fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary)
		fmt.Fprintf(&b, "--%s\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n", boundary)
		body()
		fmt.Fprintf(&b, "--%s\r\nContent-Type: application/pdf; name=\"doc.pdf\"\r\nContent-Disposition: attachment; filename=\"doc.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", boundary)
		base64Lines(&b, rng, 600)
		fmt.Fprintf(&b, "--%s--\r\n", boundary)
	} else {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
		body()
	}
	return b.Bytes()
}

// HeaderSize is the length of msg's header section with the blank line
// after it: what TOP n 0 delivers. It is len(msg) for a message without a
// body.
func HeaderSize(msg []byte) int {
	if i := bytes.Index(msg, []byte("\r\n\r\n")); i >= 0 {
		return i + 4
	}
	return len(msg)
}

// LargeSubject is the Subject of Large's message.
const LargeSubject = "Scans and photos from the site visit"

// largeMin is the smallest size Large can reach: its headers, text parts
// and the attachments' part headers.
const largeMin = 16 << 10

// Large returns a message of exactly size octets (at least 16 KiB), as
// large messages are in practice: multipart/mixed with a
// multipart/alternative body (a page of text, some lines of which start
// with dots, and its HTML twin) and two base64 attachments, a PDF of about
// 70% of the rest and a JPEG of the remainder. The last few bytes are a
// MIME epilogue, after the closing boundary, so that the size is exact
// while every part stays well formed.
func Large(size int) []byte {
	if size < largeMin {
		panic(fmt.Sprintf("fakemail: Large(%d): the message needs at least %d octets", size, largeMin))
	}
	rng := rand.New(rand.NewPCG(3, 5))
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString("From: Site Team <site@example.org>\r\nTo: Bench User <bench@example.net>\r\n")
	b.WriteString("Subject: " + LargeSubject + "\r\n")
	b.WriteString("Date: Sat, 1 Mar 2025 09:00:00 +0000\r\nMessage-ID: <large.1@example.org>\r\nMIME-Version: 1.0\r\n")
	b.WriteString("Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\n")
	b.WriteString("Content-Type: multipart/alternative; boundary=\"alt\"\r\n\r\n--alt\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	var text, html strings.Builder
	for i := range 40 {
		p := words(rng, 14) + "."
		if i%10 == 0 {
			p = "..." + p // stuffed on the wire
		}
		text.WriteString(p + "\r\n")
		html.WriteString("<p>" + p + "</p>\r\n")
	}
	b.WriteString(text.String())
	b.WriteString("--alt\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><h1>Site visit</h1>\r\n")
	b.WriteString(html.String())
	b.WriteString("</body></html>\r\n--alt--\r\n")
	const trailer = "--outer--\r\n"
	attach := func(name, ctype string, octets int) {
		fmt.Fprintf(&b, "--outer\r\nContent-Type: %s; name=\"%s\"\r\nContent-Disposition: attachment; filename=\"%s\"\r\nContent-Transfer-Encoding: base64\r\n\r\n", ctype, name, name)
		base64Lines(&b, rng, octets)
	}
	const partHeaders = 2 * 200 // both attachments' part headers, generously
	// 78 octets on the wire carry 57 octets of data.
	octets := max(0, size-b.Len()-partHeaders-len(trailer)-2) / 78 * 57
	pdf := octets * 7 / 10
	attach("scans.pdf", "application/pdf", pdf)
	attach("site.jpg", "image/jpeg", octets-pdf)
	b.WriteString(trailer)
	// The epilogue: lines of filler up to the exact size. What was kept
	// back for it above is at least two octets, one CRLF.
	for rest := size - b.Len(); rest > 0; rest = size - b.Len() {
		n := min(rest, 78)
		if rest-n == 1 { // never leave a single octet for the last line
			n--
		}
		b.WriteString(strings.Repeat("-", n-2) + "\r\n")
	}
	return b.Bytes()
}

// RetrReply is the reply a POP3 server sends to RETR for msg (RFC 1939
// §3): the status line, the message with every line that starts with a
// dot given another, and the terminating dot line.
func RetrReply(msg []byte) []byte {
	var w bytes.Buffer
	w.Grow(len(msg) + len(msg)/1000 + 64)
	fmt.Fprintf(&w, "+OK %d octets\r\n", len(msg))
	for rest := msg; len(rest) > 0; {
		n := bytes.IndexByte(rest, '\n') + 1
		if n == 0 {
			n = len(rest)
		}
		if rest[0] == '.' {
			w.WriteByte('.')
		}
		w.Write(rest[:n])
		rest = rest[n:]
	}
	w.WriteString(".\r\n")
	return w.Bytes()
}
