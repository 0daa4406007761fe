package mbox

import (
	"bytes"
	"strings"
	"testing"
)

// FuzzReader reads any input, then checks that what it read survives a
// write and a second read unchanged: the Reader's output is what the
// Writer's mboxrd quoting and separators must carry exactly. The seeds in
// testdata/fuzz/FuzzReader hold each tricky case of the table tests.
func FuzzReader(f *testing.F) {
	f.Add([]byte(sepA + "\nSubject: a\n\nbody\n\n"))
	f.Fuzz(checkRoundTrip)
}

func checkRoundTrip(t *testing.T, data []byte) {
	{
		first, rep1, err := readAllErr(bytes.NewReader(data), &ReaderOptions{MaxMessageSize: 1 << 12})
		if err != nil {
			t.Fatalf("reading from memory failed: %v", err)
		}
		skippedLarge := 0
		for _, p := range rep1.Skipped {
			if p.Bytes <= 0 || p.Offset < 0 || p.Offset+p.Bytes > int64(len(data)) {
				t.Fatalf("skip outside the input: %+v (input %d bytes)", p, len(data))
			}
			if p.Message > 0 {
				skippedLarge++
			}
		}
		if rep1.Messages+skippedLarge != len(first) {
			t.Fatalf("report counts %d + %d messages, Next gave %d", rep1.Messages, skippedLarge, len(first))
		}

		var buf bytes.Buffer
		w := NewWriter(&buf)
		var kept []got
		for _, m := range first {
			if m.TooLarge {
				continue
			}
			if err := w.WriteMessage(m.From, m.Date, strings.NewReader(m.Body)); err != nil {
				t.Fatal(err)
			}
			kept = append(kept, m)
		}
		second, rep2, err := readAllErr(&buf, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(second) != len(kept) || len(rep2.Skipped)+len(rep2.Warnings) != 0 {
			t.Fatalf("rewritten: %d messages (%s), want %d", len(second), rep2, len(kept))
		}
		for i, m := range kept {
			want := m.Body
			if want != "" && !strings.HasSuffix(want, "\n") {
				// The Writer ends every message with a newline; a CR
				// before it then reads as part of the line ending.
				want = strings.TrimRight(want, "\r") + "\n"
			}
			s := second[i]
			if s.Body != want || s.From != m.From || !s.Date.Equal(writtenDate(m.Date)) {
				t.Fatalf("message %d changed in a round trip:\n got %+v\nwant %+v", i, s, m)
			}
		}
	}
}
