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

// words feed the generated subjects and body text.
var words = strings.Fields(`the a of and to in is for on with as by at from this that
meeting report invoice project update schedule review draft budget quarter
team please attached find below thanks regards question answer customer order
shipment delivery account password reset notice weekly monthly summary agenda
minutes action items follow up deadline friday monday release notes build test`)

// text returns about n bytes of words separated by spaces.
func text(rng *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	return b.String()
}

// token returns n random base64-alphabet characters, for signatures and
// message ids.
func token(rng *rand.Rand, n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}

// inboxMessage builds a realistic small message: a header section of
// about 1 KB (two Received lines, a folded DKIM signature and the usual
// fields) and a body of 1 to 3 KB of text lines, a few of them starting
// with a dot so that dot-stuffing is exercised. It also returns how many
// octets TOP n 0 delivers for it: the header and the blank line.
func inboxMessage(rng *rand.Rand, i int) (data []byte, topLen int) {
	var h strings.Builder
	date := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * 17 * time.Minute)
	from := fmt.Sprintf("sender%d@example.org", rng.IntN(200))
	fmt.Fprintf(&h, "Return-Path: <%s>\r\n", from)
	fmt.Fprintf(&h, "Received: from mx%d.example.org (mx%d.example.org [192.0.2.%d])\r\n\tby mail.example.net with ESMTPS id %s\r\n\tfor <user@example.net>; %s\r\n",
		rng.IntN(9), rng.IntN(9), rng.IntN(250), token(rng, 12), date.Format(time.RFC1123Z))
	fmt.Fprintf(&h, "Received: from [198.51.100.%d] by mx.example.org with ESMTPSA id %s;\r\n\t%s\r\n",
		rng.IntN(250), token(rng, 16), date.Add(-2*time.Second).Format(time.RFC1123Z))
	fmt.Fprintf(&h, "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=sel1;\r\n\th=from:to:subject:date:message-id; bh=%s=;\r\n\tb=%s\r\n\t%s\r\n\t%s\r\n",
		token(rng, 43), token(rng, 70), token(rng, 70), token(rng, 60))
	fmt.Fprintf(&h, "From: Sender %d <%s>\r\n", rng.IntN(200), from)
	h.WriteString("To: User <user@example.net>\r\n")
	fmt.Fprintf(&h, "Subject: %s\r\n", text(rng, 20+rng.IntN(50)))
	fmt.Fprintf(&h, "Date: %s\r\n", date.Format(time.RFC1123Z))
	fmt.Fprintf(&h, "Message-ID: <%s@example.org>\r\n", token(rng, 24))
	h.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n")
	fmt.Fprintf(&h, "List-Unsubscribe: <mailto:unsubscribe+%s@example.org>\r\n", token(rng, 20))
	h.WriteString("\r\n")
	topLen = h.Len()

	var b strings.Builder
	b.WriteString(h.String())
	bodyLen := 1024 + rng.IntN(2048)
	for b.Len()-topLen < bodyLen {
		if rng.IntN(20) == 0 {
			b.WriteByte('.')
		}
		b.WriteString(text(rng, 40+rng.IntN(30)))
		b.WriteString("\r\n")
	}
	return []byte(b.String()), topLen
}

// inbox builds n messages. It returns the octets that TOP n 0 delivers
// for all of them, and their total size.
func inbox(n int) (msgs []pop3server.Message, topBytes, total int64) {
	rng := rand.New(rand.NewPCG(1, 2))
	msgs = make([]pop3server.Message, n)
	for i := range msgs {
		data, top := inboxMessage(rng, i)
		msgs[i] = pop3server.Message{UID: fmt.Sprintf("uid-%06d", i+1), Data: data}
		topBytes += int64(top)
		total += int64(len(data))
	}
	return msgs, topBytes, total
}

// bigMessage returns a message of exactly size octets in CRLF form, as a
// message that large is in practice: a MIME header, a short text part
// (sentences with full stops, a few lines that start with a dot and so
// are stuffed on the wire) and one base64 attachment in 76-character
// lines that fills the rest.
func bigMessage(size int) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	var b bytes.Buffer
	b.Grow(size)
	b.WriteString("From: Sender <big@example.org>\r\nTo: User <user@example.net>\r\nSubject: the scans you asked for\r\n" +
		"Date: Sat, 1 Mar 2025 08:00:00 +0000\r\nMessage-ID: <big.1@example.org>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
	for i := range 60 {
		if i%10 == 0 {
			b.WriteString("...")
		}
		b.WriteString(text(rng, 60))
		b.WriteString(". ")
		b.WriteString(text(rng, 10))
		b.WriteString(".\r\n")
	}
	b.WriteString("\r\n--b1\r\nContent-Type: application/pdf; name=\"scans.pdf\"\r\n" +
		"Content-Disposition: attachment; filename=\"scans.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	const trailer = "\r\n--b1--\r\n"
	raw := make([]byte, 57) // 76 base64 characters
	line := make([]byte, 78)
	// Stop while at least 3 octets are left, for a last short line.
	for b.Len()+len(line)+3 <= size-len(trailer) {
		for i := range raw {
			raw[i] = byte(rng.Uint32())
		}
		base64.StdEncoding.Encode(line, raw)
		line[76], line[77] = '\r', '\n'
		b.Write(line)
	}
	for range size - len(trailer) - b.Len() - 2 {
		b.WriteByte('A')
	}
	b.WriteString("\r\n")
	b.WriteString(trailer)
	return b.Bytes()
}

// stuff applies RFC 1939 §3 byte-stuffing to a CRLF message: a line that
// starts with a dot gets another. It does not add the terminator.
func stuff(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/1000+16)
	for len(data) > 0 {
		n := bytes.IndexByte(data, '\n') + 1
		if n == 0 {
			n = len(data)
		}
		if data[0] == '.' {
			out = append(out, '.')
		}
		out = append(out, data[:n]...)
		data = data[n:]
	}
	return out
}
