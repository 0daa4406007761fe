package mailhdr

import (
	"strings"
	"testing"
)

func TestRead(t *testing.T) {
	tests := []struct {
		name, in string
		fields   string // name=value;...
		body     string
		problem  string
	}{
		{"simple", "A: 1\r\nB: 2\r\n\r\nbody", "A=1;B=2;", "body", ""},
		{"folded", "A: one\r\n  two\r\n\tthree\r\n\r\n", "A=one two three;", "", ""},
		{"no body", "A: 1\r\nB: 2", "A=1;B=2;", "", ""},
		{"lf", "A: 1\nB: 2\n\nbody\n", "A=1;B=2;", "body\n", ""},
		{"blank line with spaces", "A: 1\r\n  \r\nbody", "A=1;", "body", ""},
		{"no header", "hello\nworld", "", "hello\nworld", "no header"},
		{"missing blank line", "A: 1\nhello world\n", "A=1;", "hello world\n", "does not end"},
		{"unindented parameter", "A: x;\nname=y\n\n", "A=x; name=y;", "", "not indented"},
		{"colon in value", "A: b: c\n\n", "A=b: c;", "", ""},
		{"empty value", "A:\n\n", "A=;", "", ""},
		{"bad key", "A B: c\n\n", "", "A B: c\n\n", "no header"},
		{"mbox line", "From a@b Mon Jan  1 00:00:00 2024\nA: 1\n\n", "A=1;", "", ""},
		{"space before colon", "A : 1\n\n", "A=1;", "", ""},
		{"cr before fold", "A: one\r\t\n two\r\n\r\n", "A=one two;", "", ""},
		{"leading white space", " A: 1\n\n", "A=1;", "", "starts with white space"},
	}
	for _, tt := range tests {
		h, body, probs := Read([]byte(tt.in))
		var got strings.Builder
		for _, f := range h.fields {
			got.WriteString(string(f.name) + "=" + unfold(f.value) + ";")
		}
		p := strings.Join(probs, "|")
		if got.String() != tt.fields || string(body) != tt.body || (tt.problem == "") != (p == "") || !strings.Contains(p, tt.problem) {
			t.Errorf("%s: fields %q body %q problems %q; want %q %q %q", tt.name, got.String(), body, p, tt.fields, tt.body, tt.problem)
		}
	}
}

func TestGet(t *testing.T) {
	h, _, _ := Read([]byte("Subject: one\r\nsubject: two\r\nX-A: \r\n folded\r\n\r\n"))
	if got := h.Get("SUBJECT"); got != "one" {
		t.Errorf("Get = %q, want the first value", got)
	}
	if got := strings.Join(h.All("Subject"), "|"); got != "one|two" {
		t.Errorf("All = %q", got)
	}
	if got := h.Get("x-a"); got != "folded" {
		t.Errorf("folded value %q", got)
	}
	if h.Get("Missing") != "" || h.All("Missing") != nil || (Header{}).Get("Subject") != "" {
		t.Errorf("a missing field has a value")
	}
}
