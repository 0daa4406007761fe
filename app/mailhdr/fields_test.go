package mailhdr

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestFields(t *testing.T) {
	date := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("", 2*3600))
	tests := []struct {
		name, raw string
		from      string // "name <addr>; ..."
		subject   string
		date      time.Time
		problem   string // a substring of the problems, or ""
	}{
		{"plain", "From: Ann <ann@example.org>\r\nSubject: Hi\r\nDate: Mon, 6 May 2024 07:08:09 +0200\r\n\r\n",
			"Ann <ann@example.org>", "Hi", date, ""},
		{"encoded words", "From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.de>\r\nSubject: =?utf-8?B?R3LDvMOfZQ==?= und =?ISO-8859-1?Q?K=E4se?=\r\n\r\n",
			"Jürgen <j@example.de>", "Grüße und Käse", time.Time{}, ""},
		{"encoded word in quotes", "From: \"=?utf-8?q?Ren=C3=A9e?=\" <r@example.org>\r\n\r\n",
			"Renée <r@example.org>", "", time.Time{}, ""},
		{"8-bit header is Windows-1252", "Subject: caf\xe9 \x80\r\n\r\n", "", "café €", time.Time{}, ""},
		{"malformed encoded word kept", "Subject: =?utf-8?B?!!!?=\r\n\r\n", "", "=?utf-8?B?!!!?=", time.Time{}, ""},
		{"unquoted comma in name", "From: Doe, John <john@example.org>\r\n\r\n", "Doe, John <john@example.org>", "", time.Time{}, "From field is malformed"},
		{"bare name and address", "From: Ann, bob@example.org\r\n\r\n", "Ann <>; <bob@example.org>", "", time.Time{}, "From field is malformed"},
		{"two From fields", "From: Bank <a@bank.example>\r\nFrom: Mallory <m@evil.example>\r\n\r\n",
			"Bank <a@bank.example>; Mallory <m@evil.example>", "", time.Time{}, "2 From fields"},
		{"bidi controls leave addresses", "From: \"PayPal \u202e\" <\u202emoc.lapyap\u200b@evil.example\u2069>\r\n\r\n",
			"PayPal \u202e <moc.lapyap@evil.example>", "", time.Time{}, ""},
		{"bidi controls leave loose addresses", "From: PayPal, \u2066 <\u202emoc.lapyap@evil.example>\r\n\r\n",
			"PayPal, \u2066 <moc.lapyap@evil.example>", "", time.Time{}, "malformed"},
		{"controls", "Subject: a\x00b\x1b[31mc\r\n folded\r\n\r\n", "", "a b [31mc folded", time.Time{}, ""},
		{"date comment", "Date: Mon, 6 May 2024 07:08:09 +0200 (CEST)\r\n\r\n", "", "", date, ""},
		{"date from received", "Received: from a by b; Mon, 6 May 2024 07:08:09 +0200\r\nDate: not a date\r\n\r\n", "", "", date, "could not be read"},
		{"obsolete zone", "Date: 6 May 2024 05:08:09 GMT\r\n\r\n", "", "", date, ""},
		{"empty", "", "", "", time.Time{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, _, _ := Read([]byte(tt.raw))
			f := (&Decoder{}).Fields(h)
			var from []string
			for _, a := range f.From {
				from = append(from, a.Name+" <"+a.Address+">")
				if a.Name == "" {
					from[len(from)-1] = "<" + a.Address + ">"
				}
			}
			if got := strings.Join(from, "; "); got != tt.from {
				t.Errorf("From %q, want %q", got, tt.from)
			}
			if f.Subject != tt.subject {
				t.Errorf("Subject %q, want %q", f.Subject, tt.subject)
			}
			if !f.Date.Equal(tt.date) {
				t.Errorf("Date %v, want %v", f.Date, tt.date)
			}
			p := strings.Join(f.Problems, "|")
			if (tt.problem == "") != (p == "") || !strings.Contains(p, tt.problem) {
				t.Errorf("problems %q, want %q", p, tt.problem)
			}
		})
	}
}

// The charset hook decodes what mime.WordDecoder does not know.
func TestDecoderCharset(t *testing.T) {
	d := &Decoder{Charset: func(label string, b []byte) string {
		if label != "windows-1252" {
			return string(b)
		}
		return Windows1252(b)
	}}
	if got, ok := d.Unstructured("=?windows-1252?Q?5=80?="); !ok || got != "5€" {
		t.Errorf("Unstructured = %q, %v", got, ok)
	}
	var zero *Decoder
	if got, _ := zero.Unstructured("=?x-unknown?Q?caf=E9?="); CleanText(got) != "caf\uFFFD" {
		t.Errorf("a nil Decoder made %q of an unknown charset", got)
	}
}

func TestCleanAddress(t *testing.T) {
	for in, want := range map[string]string{
		"a@b.example":                         "a@b.example",
		"\u202emoc.lapyap@evil.example":       "moc.lapyap@evil.example",
		"a\u200b\u200d\u2060\ufeff@b.example": "a@b.example",
		"\u2066a@b\u2069\u200e\u200f\u061c":   "a@b",
		"a\u00ad@b\U000E0041.example":         "a@b.example",
		" a\r\n@b ":                           "a @b",
	} {
		if got := CleanAddress(in); got != want {
			t.Errorf("CleanAddress(%+q) = %+q, want %+q", in, got, want)
		}
	}
}

func FuzzFields(f *testing.F) {
	f.Add([]byte("From: \"PayPal \u202e\" <\u202emoc.lapyap@evil.example>\r\nFrom: b@c\r\nSubject: =?utf-8?q?a=0D=0Ab?=\r\n\r\n"))
	f.Add([]byte("From a@b Mon\nFrom: Doe, John <j@x>\nReceived: x; 6 May 2024 05:08:09 GMT\nDate: (\n\n"))
	f.Add([]byte(" Subject: \xff\xfe\r\n folded\r\nTo: <<,>>\"\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		h, _, _ := Read(raw)
		fs := (&Decoder{}).Fields(h)
		check := func(what, v string) {
			if !utf8.ValidString(v) || strings.ContainsAny(v, "\r\n\x00") || v != strings.TrimSpace(v) {
				t.Fatalf("%s %q is not one clean line", what, v)
			}
		}
		check("Subject", fs.Subject)
		check("DateRaw", fs.DateRaw)
		for _, a := range fs.From {
			check("name", a.Name)
			check("address", a.Address)
			if strings.IndexFunc(a.Address, IsInvisible) >= 0 {
				t.Fatalf("address %+q keeps an invisible character", a.Address)
			}
		}
	})
}
