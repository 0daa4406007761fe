package mbox

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestWriter(t *testing.T) {
	d := date("Thu Jan  1 00:00:00 2015")
	tests := []struct {
		name string
		from string
		msg  string
		want string
	}{
		{"plain", "a@example.com", "Subject: a\n\nbody\n", sepA + "\nSubject: a\n\nbody\n\n"},
		{"CRLF normalised", "a@example.com", "Subject: a\r\n\r\nbody\r\nx\r\r\n", sepA + "\nSubject: a\n\nbody\nx\n\n"},
		{"final newline added", "a@example.com", "Subject: a\n\nbody", sepA + "\nSubject: a\n\nbody\n\n"},
		{"empty message", "a@example.com", "", sepA + "\n\n"},
		{"quoting at several depths", "a@example.com",
			"From a\n>From b\n>>From c\nFromage\n> From d\n From e\n",
			sepA + "\n>From a\n>>From b\n>>>From c\nFromage\n> From d\n From e\n\n"},
		{"quoting after CRLF", "a@example.com", "x\r\nFrom y\r\n", sepA + "\nx\n>From y\n\n"},
		{"unknown sender", "", "x\n", "From MAILER-DAEMON Thu Jan  1 00:00:00 2015\nx\n\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := NewWriter(&b).WriteMessage(tt.from, d, strings.NewReader(tt.msg)); err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("wrote %q, want %q", b.String(), tt.want)
			}
		})
	}
}

// TestWriterLongLine: a CRLF split at the buffer edge is still
// normalised, and a long quoted line is quoted once.
func TestWriterLongLine(t *testing.T) {
	msg := strings.Repeat("x", bufSize-1) + "\r\n>From " + strings.Repeat("y", 2*bufSize) + "\r\n"
	var b bytes.Buffer
	if err := NewWriter(&b).WriteMessage("a@example.com", dateA, strings.NewReader(msg)); err != nil {
		t.Fatal(err)
	}
	want := sepA + "\n" + strings.Repeat("x", bufSize-1) + "\n>>From " + strings.Repeat("y", 2*bufSize) + "\n\n"
	if b.String() != want {
		t.Error("long lines were not written as expected")
	}
}

// TestRoundTrip writes messages and reads them back byte for byte (after
// CRLF normalisation and the final newline the Writer adds).
func TestRoundTrip(t *testing.T) {
	msgs := []struct {
		from string
		date time.Time
		body string
	}{
		{"a@example.com", dateA, "Subject: a\n\nbody\n"},
		{"", dateB, "Subject: quoting\n\nFrom me\n>From you\n>>>From them\n\n" + sepB + "\n\n>" + sepB + "\n"},
		{"c@example.com", dateA, ""},
		{"d@example.com", dateB, "\n\n\nempty lines around\n\n\n"},
		{"e@example.com", dateA, "Subject: crlf\r\n\r\nline\r\n"},
		{"f@example.com", dateB, "no final newline"},
		{"g@example.com", time.Date(2020, 2, 29, 23, 59, 59, 0, time.FixedZone("", -7*3600)), "tz\n"},
	}
	var b bytes.Buffer
	w := NewWriter(&b)
	for _, m := range msgs {
		if err := w.WriteMessage(m.from, m.date, strings.NewReader(m.body)); err != nil {
			t.Fatal(err)
		}
	}
	out, rep := readAll(t, b.String(), nil)
	if len(out) != len(msgs) || rep.Messages != len(msgs) || len(rep.Skipped)+len(rep.Warnings) != 0 {
		t.Fatalf("read %d messages, want %d (%s)", len(out), len(msgs), rep)
	}
	for i, m := range msgs {
		want := strings.ReplaceAll(m.body, "\r\n", "\n")
		if want != "" && !strings.HasSuffix(want, "\n") {
			want += "\n"
		}
		from := m.from
		if from == "" {
			from = "MAILER-DAEMON"
		}
		if out[i].Body != want || out[i].From != from || !out[i].Date.Equal(m.date) {
			t.Errorf("message %d: got %+v, want from %q date %v body %q", i, out[i], from, m.date, want)
		}
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }

func TestWriterErrors(t *testing.T) {
	boom := errors.New("disk full")
	w := NewWriter(failingWriter{boom})
	err := w.WriteMessage("a@b", dateA, strings.NewReader("x\n"))
	if !errors.Is(err, boom) || !strings.HasPrefix(err.Error(), "mbox: ") {
		t.Errorf("error = %v, want one wrapping %v", err, boom)
	}
	if err2 := w.WriteMessage("a@b", dateA, strings.NewReader("x\n")); !errors.Is(err2, boom) {
		t.Errorf("a failed Writer accepted a message: %v", err2)
	}

	gone := errors.New("store gone")
	var b bytes.Buffer
	err = NewWriter(&b).WriteMessage("a@b", dateA, io.MultiReader(strings.NewReader("x\n"), failingReader{gone}))
	if !errors.Is(err, gone) || !strings.Contains(err.Error(), "reading the message") {
		t.Errorf("error = %v, want one wrapping %v", err, gone)
	}
}
