package mailhdr

import "testing"

// benchHeader is an inbox message's header as TOP n 0 returns it (about
// 1 KB: trace fields, a DKIM signature, the fields a row shows).
const benchHeader = "Return-Path: <person12@mail3.example.org>\r\n" +
	"Received: from out7.example.org (out7.example.org [198.51.100.17])\r\n\tby mx.example.net with ESMTPS id Zm9vYmFyYmF6cXV4\r\n\tfor <bench@example.net>; Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=k3;\r\n\th=from:to:subject:date:message-id:mime-version; bh=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGk=;\r\n\tb=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5emFiY2RlZmdo\r\n" +
	"From: Invoice Team <person12@mail3.example.org>\r\n" +
	"To: Bench User <bench@example.net>\r\n" +
	"Subject: quarterly review draft notes shipping #42\r\n" +
	"Date: Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"Message-ID: <YWJjZGVmZ2hpamtsbW5v.41@example.org>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\n"

// BenchmarkRead splits a header into its fields.
func BenchmarkRead(b *testing.B) {
	raw := []byte(benchHeader)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		Read(raw)
	}
}

// BenchmarkFields reads what an inbox row shows of a header already
// split: the sign-in's work per message, with Read.
func BenchmarkFields(b *testing.B) {
	h, _, _ := Read([]byte(benchHeader))
	var d Decoder
	b.ReportAllocs()
	for b.Loop() {
		d.Fields(h)
	}
}

// BenchmarkAddresses parses From fields of the usual forms, and one
// that net/mail reads (a comment).
func BenchmarkAddresses(b *testing.B) {
	for _, bc := range []struct{ name, v string }{
		{"name-addr", "Invoice Team <person12@mail3.example.org>"},
		{"quoted", `"Team, Invoice" <person12@mail3.example.org>`},
		{"addr-spec", "person12@mail3.example.org"},
		{"comment", "person12@mail3.example.org (Invoice Team)"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var d Decoder
			vs := []string{bc.v}
			b.ReportAllocs()
			for b.Loop() {
				d.Addresses(vs)
			}
		})
	}
}
