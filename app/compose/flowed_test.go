package compose

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/poppymail/poppy/app/render"
)

// unflowForTest decodes format=flowed, delsp=no (RFC 3676 section 4.2):
// soft-broken lines are joined, stuffing removed, quoted lines written
// "> text" (depth marks and one space), lines joined with LF.
func unflowForTest(s string) string {
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	open := false
	for _, line := range strings.Split(s, "\n") {
		depth := 0
		for depth < len(line) && line[depth] == '>' {
			depth++
		}
		content := strings.TrimPrefix(line[depth:], " ")
		prefix := line[:depth]
		if depth > 0 && content != "" {
			prefix += " "
		}
		if open {
			out[len(out)-1] += content
		} else {
			out = append(out, prefix+content)
		}
		open = strings.HasSuffix(content, " ") && content != "-- "
	}
	return strings.Join(out, "\n")
}

func TestFlowed(t *testing.T) {
	long := strings.Repeat("lorem ipsum ", 10) // 120 characters
	tests := []struct {
		name, in, want string
	}{
		{"short lines stay", "Hello\n\nBye", "Hello\r\n\r\nBye\r\n"},
		{"CRLF and CR become lines", "a\r\nb\rc", "a\r\nb\r\nc\r\n"},
		{"trailing spaces removed", "soft?   \nno", "soft?\r\nno\r\n"},
		{"signature separator kept", "body\n-- \nAnn", "body\r\n-- \r\nAnn\r\n"},
		{"quoted signature separator kept", "> -- \n> Bob", "> -- \r\n> Bob\r\n"},
		{"space stuffing", " indented\nFrom here", "  indented\r\n From here\r\n"},
		{"a typed > is a quote (RFC 3676 section 4.5)", ">tight", "> tight\r\n"},
		{"quote depth", "> one\n>> two\n>", "> one\r\n>> two\r\n>\r\n"},
		{"78 characters stay", strings.Repeat("a ", 39), strings.TrimSpace(strings.Repeat("a ", 39)) + "\r\n"},
		{"long line wraps with soft breaks", strings.TrimSpace(long),
			"lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum \r\n" +
				"lorem ipsum lorem ipsum lorem ipsum lorem ipsum\r\n"},
		{"quoted long line keeps its depth", ">> " + strings.TrimSpace(long),
			">> lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum lorem \r\n" +
				">> ipsum lorem ipsum lorem ipsum lorem ipsum lorem ipsum\r\n"},
		{"a long word stays whole", "see " + strings.Repeat("u", 100) + " ok",
			"see \r\n" + strings.Repeat("u", 100) + " \r\nok\r\n"},
		{"double spaces are not lost", strings.Repeat("x", 70) + "  " + strings.Repeat("y", 10),
			strings.Repeat("x", 70) + "  \r\n" + strings.Repeat("y", 10) + "\r\n"},
		{"wrapped From is stuffed", strings.Repeat("z", 70) + " From me " + strings.Repeat("w", 5),
			strings.Repeat("z", 70) + " \r\n From me " + strings.Repeat("w", 5) + "\r\n"},
		{"controls removed", "a\x00b\x1bc\td", "abc\td\r\n"},
		{"trailing empty lines dropped", "a\n\n\n", "a\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flowed(cleanBody(tt.in))
			if got != tt.want {
				t.Errorf("flowed(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			for _, line := range strings.Split(strings.TrimSuffix(got, "\r\n"), "\r\n") {
				if utf8.RuneCountInString(line) > flowMax && strings.Contains(strings.TrimRight(line, " "), " ") {
					t.Errorf("line of %d characters with a space to break at: %q", utf8.RuneCountInString(line), line)
				}
			}
		})
	}
}

// TestFlowedReadByReader: what Build writes, Poppy's own reader
// (app/render, RFC 3676 decoding) shows as the person typed it.
func TestFlowedReadByReader(t *testing.T) {
	body := "Dear Bob,\n\n" + strings.Repeat("This sentence goes on. ", 20) +
		"\n\nOn Fri, Ann wrote:\n> " + strings.Repeat("quoted words ", 15) +
		"\n>> " + strings.Repeat("older words ", 15) + "\n\n-- \nAnn Smith\nExample Ltd."
	msg, _ := mustBuild(t, Draft{From: Address{Address: "a@example.org"}, To: []Address{{Address: "b@example.org"}}, Body: body})
	m := render.Render(msg, nil)
	if m.Text == nil {
		t.Fatalf("no text body; problems %q", m.Problems)
	}
	want := strings.ReplaceAll(body, "words \n", "words\n")
	want = strings.ReplaceAll(want, "goes on. \n", "goes on.\n")
	if m.Text.Plain != want {
		t.Errorf("the reader shows\n%q\nwant\n%q", m.Text.Plain, want)
	}
}
