package render

import (
	"strings"
	"testing"
)

// TestNotesMatchProblems: every problem a message has comes with its
// note as data, in the same order, whose English is the problem; and
// the kinds that messages here trigger are the ones expected.
func TestNotesMatchProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		raw  string
		want []NoteKind
	}{
		{"well-formed", "Subject: hi\r\n\r\nbody\r\n", nil},
		{"unknown charset", "Content-Type: text/plain; charset=x-nothing\r\n\r\nbody\r\n", []NoteKind{NoteUnknownCharset}},
		{"bad utf-8", "Content-Type: text/plain; charset=utf-8\r\n\r\nb\xffdy\r\n", []NoteKind{NoteInvalidUTF8}},
		{"header charset", "Subject: =?x-nothing?q?hi?=\r\n\r\nbody\r\n", []NoteKind{NoteUnknownCharset}},
		{"unknown transfer encoding", "Content-Type: text/plain\r\nContent-Transfer-Encoding: x-gzip\r\n\r\nbody\r\n", []NoteKind{NoteUnknownTransferEncoding}},
		{"multipart, no boundary", "Content-Type: multipart/mixed\r\n\r\nbody\r\n", []NoteKind{NoteNoBoundary}},
		{"multipart, no final boundary", "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n", []NoteKind{NoteNoFinalBoundary}},
		{"malformed content-type", "Content-Type: text/plain; charset\r\n\r\nbody\r\n", []NoteKind{NoteMalformedContentType}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := Render([]byte(tc.raw), nil)
			if len(m.Notes) != len(m.Problems) {
				t.Fatalf("%d notes for %d problems: %+v, %q", len(m.Notes), len(m.Problems), m.Notes, m.Problems)
			}
			var kinds []NoteKind
			for i, n := range m.Notes {
				if n.String() != m.Problems[i] {
					t.Errorf("note %d says %q, the problem %q", i, n.String(), m.Problems[i])
				}
				if n.Kind != NoteHeader {
					kinds = append(kinds, n.Kind)
				}
			}
			if len(kinds) != len(tc.want) {
				t.Fatalf("kinds %v, want %v (problems %q)", kinds, tc.want, m.Problems)
			}
			for i := range kinds {
				if kinds[i] != tc.want[i] {
					t.Errorf("kinds %v, want %v (problems %q)", kinds, tc.want, m.Problems)
				}
			}
		})
	}
}

// TestNoteString: each kind has its own English, with its values, the
// part and the header field when given.
func TestNoteString(t *testing.T) {
	seen := map[string]NoteKind{}
	for k := NoteHeader; k <= NoteUnknownTransferEncoding; k++ {
		s := Note{Kind: k, N: 7, Value: "“v”"}.String()
		if s == "" || strings.HasPrefix(s, "note ") {
			t.Errorf("kind %d has no words", k)
		}
		if other, dup := seen[s]; dup {
			t.Errorf("kinds %d and %d both say %q", other, k, s)
		}
		seen[s] = k
	}
	for _, tc := range []struct {
		n    Note
		want string
	}{
		{Note{}, ""},
		{Note{Kind: NoteBodyCut, N: 100, Part: "1.2"}, "part 1.2: the body is longer than 100 bytes and was cut; the whole part is listed as an attachment"},
		{Note{Kind: NoteUnknownCharset, Value: "“x”", InHeader: true}, "in a header field, unknown charset “x”; the text is shown as UTF-8"},
		{Note{Kind: NoteHeader, Value: "the header does not end with a blank line"}, "the header does not end with a blank line"},
	} {
		if got := tc.n.String(); got != tc.want {
			t.Errorf("%+v.String() = %q, want %q", tc.n, got, tc.want)
		}
	}
}
