package mailbox

import "testing"

// inboxHeader is a header as they come (about 1 KB: trace fields, a DKIM
// signature, the usual fields), like the benchmark report's inbox.
const inboxHeader = "Return-Path: <person12@mail3.example.org>\r\n" +
	"Received: from out7.example.org (out7.example.org [198.51.100.17])\r\n\tby mx.example.net with ESMTPS id Zm9vYmFyYmF6cXV4\r\n\tfor <bench@example.net>; Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=k3;\r\n\th=from:to:subject:date:message-id:mime-version; bh=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGk=;\r\n\tb=YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5emFiY2RlZmdo\r\n\tYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5emFiY2RlZmdo\r\n\tYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXphYmNkZWZnaGlqa2xtbm9w\r\n" +
	"From: Invoice Team <person12@mail3.example.org>\r\n" +
	"To: Bench User <bench@example.net>\r\n" +
	"Subject: quarterly review draft notes shipping #42\r\n" +
	"Date: Sat, 01 Feb 2025 07:30:00 +0000\r\n" +
	"Message-ID: <YWJjZGVmZ2hpamtsbW5v.41@example.org>\r\n" +
	"MIME-Version: 1.0\r\n" +
	"Content-Type: text/plain; charset=utf-8\r\n\r\n"

// BenchmarkParseSummary reads one inbox row from a header, as after TOP
// n 0: the work a sign-in does per message.
func BenchmarkParseSummary(b *testing.B) {
	raw := []byte(inboxHeader)
	dec := newDecoder(nil)
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		parseSummary(raw, dec)
	}
}
