package mbox

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

const (
	sepA = "From a@example.com Thu Jan  1 00:00:00 2015"
	sepB = "From b@example.com Fri Jan  2 00:00:00 2015"
)

var (
	dateA = date("Thu Jan  1 00:00:00 2015")
	dateB = date("Fri Jan  2 00:00:00 2015")
)

func TestReader(t *testing.T) {
	tests := []struct {
		name     string
		input    string
		opts     *ReaderOptions
		want     []got
		garbage  int64 // bytes reported as ErrGarbage
		messages int   // Report.Messages
	}{
		{name: "empty input", input: "", messages: 0},
		{
			name:  "two messages",
			input: sepA + "\nSubject: a\n\nbody a\n\n" + sepB + "\nSubject: b\n\nbody b\n\n",
			want: []got{
				{From: "a@example.com", Date: dateA, Body: "Subject: a\n\nbody a\n"},
				{From: "b@example.com", Date: dateB, Body: "Subject: b\n\nbody b\n"},
			},
			messages: 2,
		},
		{
			name:  "CRLF file",
			input: sepA + "\r\nSubject: a\r\n\r\nbody a\r\n\r\n" + sepB + "\r\nSubject: b\r\n\r\nbody b\r\n\r\n",
			want: []got{
				{From: "a@example.com", Date: dateA, Body: "Subject: a\n\nbody a\n"},
				{From: "b@example.com", Date: dateB, Body: "Subject: b\n\nbody b\n"},
			},
			messages: 2,
		},
		{
			name:  "CRLF and LF mixed, CR runs",
			input: sepA + "\r\nSubject: a\n\r\nline\r\r\nlone\rcr\n\n" + sepB + "\nx\r\n\r\n",
			want: []got{
				{From: "a@example.com", Date: dateA, Body: "Subject: a\n\nline\nlone\rcr\n"},
				{From: "b@example.com", Date: dateB, Body: "x\n"},
			},
			messages: 2,
		},
		{
			name:     "CRLF output",
			input:    sepA + "\nSubject: a\n\nbody\r\n\n",
			opts:     &ReaderOptions{CRLF: true},
			want:     []got{{From: "a@example.com", Date: dateA, Body: "Subject: a\r\n\r\nbody\r\n"}},
			messages: 1,
		},
		{
			name:  "mboxrd unquoting at several depths",
			input: sepA + "\n\n>From a\n>>From b\n>>>From c\nFrom d\n>Fromage\n> From e\n>\n\n",
			want: []got{{From: "a@example.com", Date: dateA,
				Body: "\nFrom a\n>From b\n>>From c\nFrom d\n>Fromage\n> From e\n>\n"}},
			messages: 1,
		},
		{
			name: "unquoted From lines in a body (mboxo)",
			input: sepA + "\n\nHi,\nFrom what I hear\n\nFrom the desk of Ann\n\nFrom: not a header\n\n" +
				"x\n" + sepB + "\n\n",
			want: []got{{From: "a@example.com", Date: dateA,
				Body: "\nHi,\nFrom what I hear\n\nFrom the desk of Ann\n\nFrom: not a header\n\nx\n" + sepB + "\n"}},
			messages: 1,
		},
		{
			name:  "a separator needs the empty line before it",
			input: sepA + "\nbody\n" + sepB + "\n\n" + sepB + "\nnext\n\n",
			want: []got{
				{From: "a@example.com", Date: dateA, Body: "body\n" + sepB + "\n"},
				{From: "b@example.com", Date: dateB, Body: "next\n"},
			},
			messages: 2,
		},
		{
			name:  "empty message and empty lines kept",
			input: sepA + "\n\n" + sepB + "\n\n\nx\n\n\n\n",
			want: []got{
				{From: "a@example.com", Date: dateA, Body: ""},
				{From: "b@example.com", Date: dateB, Body: "\n\nx\n\n\n"},
			},
			messages: 2,
		},
		{
			name:    "garbage before the first separator",
			input:   "junk\nmore junk\n" + sepA + "\nx\n\n",
			want:    []got{{From: "a@example.com", Date: dateA, Body: "x\n"}},
			garbage: 15, messages: 1,
		},
		{
			name:    "no separator at all",
			input:   "Subject: an eml, not an mbox\n\nhi\n",
			garbage: 33,
		},
		{
			name:     "truncated in a line",
			input:    sepA + "\nx\n\n" + sepB + "\nSubject: b\n\npart",
			want:     []got{{From: "a@example.com", Date: dateA, Body: "x\n"}, {From: "b@example.com", Date: dateB, Body: "Subject: b\n\npart", Truncated: true}},
			messages: 2,
		},
		{
			name:     "truncated at a line end",
			input:    sepA + "\nx\n",
			want:     []got{{From: "a@example.com", Date: dateA, Body: "x\n", Truncated: true}},
			messages: 1,
		},
		{
			name:     "separator as the last line, no newline",
			input:    sepA + "\nx\n\n" + sepB,
			want:     []got{{From: "a@example.com", Date: dateA, Body: "x\n"}, {From: "b@example.com", Date: dateB, Truncated: true}},
			messages: 2,
		},
		{
			name:     "a message over the limit is skipped, the next is read",
			input:    sepA + "\n0123456789\n\n" + sepB + "\nsmall\n\n",
			opts:     &ReaderOptions{MaxMessageSize: 10},
			want:     []got{{From: "a@example.com", Date: dateA, TooLarge: true}, {From: "b@example.com", Date: dateB, Body: "small\n"}},
			messages: 1,
		},
		{
			name:     "a message at the limit is read",
			input:    sepA + "\n012345678\n\n",
			opts:     &ReaderOptions{MaxMessageSize: 10},
			want:     []got{{From: "a@example.com", Date: dateA, Body: "012345678\n"}},
			messages: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msgs, rep := readAll(t, tt.input, tt.opts)
			if !reflect.DeepEqual(msgs, tt.want) {
				t.Errorf("messages:\n got %+v\nwant %+v", msgs, tt.want)
			}
			if rep.Messages != tt.messages {
				t.Errorf("Report.Messages = %d, want %d", rep.Messages, tt.messages)
			}
			var garbage int64
			tooLarge, truncated := 0, 0
			for _, p := range rep.Skipped {
				switch {
				case errors.Is(p, ErrGarbage):
					garbage += p.Bytes
				case errors.Is(p, ErrTooLarge):
					tooLarge++
				default:
					t.Errorf("unexpected skip %v", p)
				}
			}
			for _, p := range rep.Warnings {
				if errors.Is(p, ErrTruncated) {
					truncated++
				}
			}
			if garbage != tt.garbage {
				t.Errorf("garbage = %d bytes, want %d", garbage, tt.garbage)
			}
			wantLarge, wantTrunc := 0, 0
			for _, m := range tt.want {
				if m.TooLarge {
					wantLarge++
				}
				if m.Truncated {
					wantTrunc++
				}
			}
			if tooLarge != wantLarge || truncated != wantTrunc {
				t.Errorf("report: %d too large, %d truncated; want %d, %d (%s)", tooLarge, truncated, wantLarge, wantTrunc, rep)
			}
		})
	}
}

// TestReaderSkipsUnread shows that Next skips what the caller did not read,
// and that a skipped message over the limit is still reported.
func TestReaderSkipsUnread(t *testing.T) {
	input := sepA + "\n" + strings.Repeat("long line\n", 100) + "\n" + sepB + "\nb\n\n"
	r := NewReader(strings.NewReader(input), &ReaderOptions{MaxMessageSize: 100})
	for i := 0; ; i++ {
		m, err := r.Next()
		if err == io.EOF {
			if i != 2 {
				t.Fatalf("read %d messages, want 2", i)
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if m.Number != i+1 {
			t.Errorf("Number = %d, want %d", m.Number, i+1)
		}
	}
	rep := r.Report()
	if rep.Messages != 1 || len(rep.Skipped) != 1 || !errors.Is(rep.Skipped[0], ErrTooLarge) {
		t.Fatalf("report = %s", rep)
	}
	p := rep.Skipped[0]
	if p.Message != 1 || p.Offset != 0 || p.Bytes != int64(strings.Index(input, sepB)) || p.From != "a@example.com" {
		t.Errorf("skipped = %+v", p)
	}
	var asProblem *Problem
	if !errors.As(error(p), &asProblem) {
		t.Error("a skip is not a *Problem")
	}
}

// TestReaderLongLines feeds lines longer than the buffer, with a CRLF
// split across the buffer edge and a quoted From at the start.
func TestReaderLongLines(t *testing.T) {
	long := strings.Repeat("x", bufSize-1) + "\r\n" // CR is the buffer's last byte
	longer := ">From " + strings.Repeat("y", 3*bufSize) + "\r\n"
	input := sepA + "\n" + long + longer + "\n" + sepB + "\nb\n\n"
	msgs, rep := readAll(t, input, nil)
	want := []got{
		{From: "a@example.com", Date: dateA, Body: strings.Repeat("x", bufSize-1) + "\nFrom " + strings.Repeat("y", 3*bufSize) + "\n"},
		{From: "b@example.com", Date: dateB, Body: "b\n"},
	}
	if !reflect.DeepEqual(msgs, want) {
		t.Errorf("long lines did not come through (%d messages, %s)", len(msgs), rep)
	}
}

type failingReader struct{ err error }

func (f failingReader) Read([]byte) (int, error) { return 0, f.err }

func TestReaderReadError(t *testing.T) {
	boom := errors.New("disk gone")
	r := NewReader(io.MultiReader(strings.NewReader(sepA+"\nx\n"), failingReader{boom}), nil)
	m, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.ReadAll(m); !errors.Is(err, boom) {
		t.Errorf("Read error = %v, want %v", err, boom)
	}
	if _, err := r.Next(); !errors.Is(err, boom) {
		t.Errorf("Next error = %v, want %v", err, boom)
	}
}

func TestReportString(t *testing.T) {
	input := "junk\n" + sepA + "\n0123456789\n\n" + sepB + "\nb\n\n" + sepB + "\nc"
	_, rep := readAll(t, input, &ReaderOptions{MaxMessageSize: 10})
	want := "2 messages read, 2 skipped: mbox: bytes before the first \"From \" line belong to no message (5 bytes at the start of the file skipped); " +
		"mbox: message larger than the size limit (message 1 from a@example.com, 56 bytes at byte 5); " +
		"warning: mbox: the file ends in the middle of a message, which may be incomplete (message 3 from b@example.com, 45 bytes at byte 108)"
	if got := rep.String(); got != want {
		t.Errorf("Report.String() =\n%s\nwant\n%s", got, want)
	}
}
