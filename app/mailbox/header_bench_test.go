package mailbox

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

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

// BenchmarkSortNewestFirst orders a revisit's 10,000 rows, which come
// out of the Mailbox's map in no order, as Messages does: by keys and
// one move each, against the rows themselves sorted in place.
func BenchmarkSortNewestFirst(b *testing.B) {
	base := time.Date(2025, 2, 1, 7, 30, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([]Summary, 10000)
	for i, n := range r.Perm(len(rows)) {
		rows[i] = Summary{UID: fmt.Sprintf("uid-%05d", n), Number: n + 1, FromName: "Invoice Team",
			FromAddr: "person@example.org", Subject: "quarterly review", Date: base.Add(time.Duration(n) * time.Minute), Size: 4096}
	}
	work := make([]Summary, len(rows))
	b.Run("keys", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(work, rows)
			sortNewestFirst(work)
		}
	})
	b.Run("rows in place", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			copy(work, rows)
			slices.SortFunc(work, func(a, b Summary) int { return newestFirst(&a, &b) })
		}
	})
}
