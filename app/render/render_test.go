package render

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// msg joins header lines and a body into a CRLF message.
func msg(header string, body string) []byte {
	crlf := func(s string) string {
		return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	}
	return []byte(crlf(strings.TrimLeft(header, "\n")) + "\r\n" + crlf(body))
}

func mustSafe(t *testing.T, m *Message, allowRemote bool) {
	t.Helper()
	for _, v := range checkMessage(m, allowRemote) {
		t.Error(v)
	}
}

func problems(m *Message) string { return strings.Join(m.Problems, "\n") }

const pngB64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="

func TestRenderBodies(t *testing.T) {
	tests := []struct {
		name      string
		raw       []byte
		opts      *Options
		text      string // want Text.Plain ("-" for Text == nil)
		html      string // want a substring of HTML.Body ("" for HTML == nil)
		problem   string // want a substring of the problems ("" for none)
		nAttached int
	}{
		{
			name: "plain text, CRLF becomes LF",
			raw:  msg("From: a@example.com\nSubject: hi\nContent-Type: text/plain; charset=utf-8\n", "line 1\nline 2\n"),
			text: "line 1\nline 2", // trailing line breaks are dropped
		},
		{
			name: "missing Content-Type is text/plain",
			raw:  msg("Subject: x\n", "hello"),
			text: "hello",
		},
		{
			name: "header only",
			raw:  []byte("Subject: only a header\r\nFrom: a@example.com\r\n"),
			text: "",
		},
		{
			name: "header only, multipart type",
			raw:  msg("Content-Type: multipart/mixed; boundary=x\n", ""),
			text: "",
		},
		{
			name: "empty input",
			raw:  nil,
			text: "",
		},
		{
			name:    "no header at all",
			raw:     []byte("just some text\nand more"),
			text:    "just some text\nand more",
			problem: "no header",
		},
		{
			name: "html only",
			raw:  msg("Content-Type: text/html\n", "<p>Hi <b>there</b></p>"),
			text: "-",
			html: "<p>Hi <b>there</b></p>",
		},
		{
			name: "alternative prefers html, keeps text",
			raw: msg("Content-Type: multipart/alternative; boundary=b\n", `--b
Content-Type: text/plain

plain version
--b
Content-Type: text/html

<p>html version</p>
--b--
`),
			text: "plain version",
			html: "<p>html version</p>",
		},
		{
			name: "alternative with html first still shows html",
			raw: msg("Content-Type: multipart/alternative; boundary=b\n", `--b
Content-Type: text/html

<p>html</p>
--b
Content-Type: text/plain

plain
--b--
`),
			text: "plain",
			html: "<p>html</p>",
		},
		{
			name: "alternative: watch-html ignored, calendar attached",
			raw: msg("Content-Type: multipart/alternative; boundary=b\n", `--b
Content-Type: text/plain

plain
--b
Content-Type: text/watch-html

<b>watch</b>
--b
Content-Type: text/calendar; method=REQUEST

BEGIN:VCALENDAR
END:VCALENDAR
--b--
`),
			text:      "plain",
			nAttached: 1,
		},
		{
			name: "mixed text parts join",
			raw: msg("Content-Type: multipart/mixed; boundary=b\n", `--b

one
--b

two
--b--
`),
			text: "one\n\ntwo",
		},
		{
			name: "mixed html and text join into html",
			raw: msg("Content-Type: multipart/mixed; boundary=b\n", `--b
Content-Type: text/html

<p>html</p>
--b
Content-Type: text/plain

footer http://example.com/x
--b--
`),
			text: "footer http://example.com/x",
			html: `<div id="mail-part-1"><div><p>html</p></div></div><div id="mail-part-2"><div><pre class="mail-text">footer <a href="http://example.com/x" rel="noreferrer noopener" target="_blank">http://example.com/x</a></pre></div></div>`,
		},
		{
			name: "bad boundary shows the body as text",
			raw: msg("Content-Type: multipart/mixed; boundary=nope\n", `--b
Content-Type: text/plain

inside
--b--
`),
			text:    "--b\nContent-Type: text/plain\n\ninside\n--b--",
			problem: "wrong boundary",
		},
		{
			name: "missing final boundary keeps the parts",
			raw: msg("Content-Type: multipart/mixed; boundary=b\n", `--b

first
--b

second`),
			text:    "first\n\nsecond",
			problem: "no final boundary",
		},
		{
			name: "boundary prefix is not a boundary",
			raw: msg("Content-Type: multipart/mixed; boundary=ab\n", `--ab

one
--abc
still one
--ab--
`),
			text: "one\n--abc\nstill one",
		},
		{
			name: "preamble and epilogue are dropped, transport padding allowed",
			raw:  msg("Content-Type: multipart/mixed; boundary=b\n", "preamble\n--b  \n\nbody\n--b--  \nepilogue\n"),
			text: "body",
		},
		{
			name: "windows-1252 body",
			raw:  msg("Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: 8bit\n", "caf\xe9 \x80 \x93quoted\x94"),
			text: "café € “quoted”",
		},
		{
			name: "iso-8859-1 quoted-printable",
			raw:  msg("Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: quoted-printable\n", "M=FCller =\nsoft"),
			text: "Müller soft",
		},
		{
			name: "us-ascii label on UTF-8 text is read as UTF-8",
			raw:  msg("Content-Type: text/plain; charset=us-ascii\n", "naïve ∮"),
			text: "naïve ∮",
		},
		{
			name: "doubled charset parameter",
			raw:  msg("Content-Type: text/plain; charset=\"charset=utf-8\"\n", "é"),
			text: "é",
		},
		{
			name:    "unknown charset without hook",
			raw:     msg("Content-Type: text/plain; charset=x-klingon\n", "ok \xff"),
			text:    "ok \uFFFD",
			problem: "unknown charset “x-klingon”",
		},
		{
			name: "unknown charset with hook",
			raw:  msg("Content-Type: text/plain; charset=X-Upper\n", "shout"),
			opts: &Options{Charset: func(cs string, in []byte) (string, error) {
				if cs != "x-upper" {
					return "", errors.New("unknown")
				}
				return strings.ToUpper(string(in)), nil
			}},
			text: "SHOUT",
		},
		{
			name:    "panicking hook",
			raw:     msg("Content-Type: text/plain; charset=koi8-r\n", "abc"),
			opts:    &Options{Charset: func(string, []byte) (string, error) { panic("boom") }},
			text:    "abc",
			problem: "unknown charset",
		},
		{
			name: "html charset from meta",
			raw:  msg("Content-Type: text/html\n", `<meta charset="iso-8859-1"><p>caf`+"\xe9</p>"),
			text: "-",
			html: "<p>café</p>",
		},
		{
			name:    "base64 text that is not base64",
			raw:     msg("Content-Type: text/plain\nContent-Transfer-Encoding: base64\n", "just words here"),
			text:    "just words here",
			problem: "not base64",
		},
		{
			name:    "unknown transfer encoding",
			raw:     msg("Content-Type: text/plain\nContent-Transfer-Encoding: x-uuencode\n", "begin 644 x"),
			text:    "begin 644 x",
			problem: "unknown transfer encoding",
		},
		{
			name: "format=flowed",
			raw:  msg("Content-Type: text/plain; format=flowed; delsp=no\n", "a long \nparagraph\n> quoted \n> more\n-- \nsig"),
			text: "a long paragraph\n> quoted more\n-- \nsig",
		},
		{
			name:    "multipart without boundary",
			raw:     msg("Content-Type: multipart/report\n", "text"),
			text:    "text",
			problem: "no boundary",
		},
		{
			name:    "invalid content type is text/plain",
			raw:     msg("Content-Type: garbage\n", "x"),
			text:    "x",
			problem: "unusable Content-Type",
		},
		{
			name: "text attachment is not body",
			raw: msg("Content-Type: multipart/mixed; boundary=b\n", `--b

body
--b
Content-Type: text/plain
Content-Disposition: attachment; filename=notes.txt

notes
--b--
`),
			text:      "body",
			nAttached: 1,
		},
		{
			name: "attachment-only message",
			raw: msg("Content-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n",
				base64.StdEncoding.EncodeToString([]byte("%PDF-1.4"))),
			text:      "",
			nAttached: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Render(tt.raw, tt.opts)
			mustSafe(t, m, tt.opts != nil && tt.opts.AllowRemote)
			switch {
			case tt.text == "-" && m.Text != nil:
				t.Errorf("Text = %q, want nil", m.Text.Plain)
			case tt.text != "-" && m.Text == nil:
				t.Errorf("Text = nil, want %q", tt.text)
			case tt.text != "-" && m.Text.Plain != tt.text:
				t.Errorf("Text = %q, want %q", m.Text.Plain, tt.text)
			}
			switch {
			case tt.html == "" && m.HTML != nil:
				t.Errorf("HTML = %q, want nil", m.HTML.Body)
			case tt.html != "" && m.HTML == nil:
				t.Errorf("HTML = nil, want %q", tt.html)
			case tt.html != "" && !strings.Contains(m.HTML.Body, tt.html):
				t.Errorf("HTML = %q, want it to contain %q", m.HTML.Body, tt.html)
			}
			if tt.problem == "" && len(m.Problems) > 0 {
				t.Errorf("unexpected problems: %q", m.Problems)
			}
			if tt.problem != "" && !strings.Contains(problems(m), tt.problem) {
				t.Errorf("problems %q, want one with %q", m.Problems, tt.problem)
			}
			if len(m.Attachments) != tt.nAttached {
				t.Errorf("%d attachments, want %d: %+v", len(m.Attachments), tt.nAttached, m.Attachments)
			}
		})
	}
}

func TestRenderHeaders(t *testing.T) {
	raw := msg(`From: =?ISO-8859-1?Q?Andr=E9?= Pirard <andre@example.com>
To: "=?UTF-8?Q?Miros=C5=82aw?=" <m@example.com>, bob@example.com
Cc: undisclosed-recipients:;
Reply-To: Ｆｕｌｌ <full@example.com>
Subject: =?windows-1252?q?=93quoted=94?= and =?utf-8?b?4oKs?=
 folded
Date: Fri, 19 Oct 2012 12:22:49 -0700
Message-ID: <abc@example.com>
X-Raw: caf`+"\xe9"+`
`, "body")
	m := Render(raw, nil)
	if want := "“quoted” and € folded"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	if len(m.From) != 1 || m.From[0].Name != "André Pirard" || m.From[0].Address != "andre@example.com" {
		t.Errorf("From = %+v", m.From)
	}
	if len(m.To) != 2 || m.To[0].Name != "Mirosław" || m.To[1].Address != "bob@example.com" {
		t.Errorf("To = %+v", m.To)
	}
	if len(m.Cc) != 0 {
		t.Errorf("Cc = %+v", m.Cc)
	}
	if len(m.ReplyTo) != 1 || m.ReplyTo[0].String() != "Ｆｕｌｌ <full@example.com>" {
		t.Errorf("ReplyTo = %+v", m.ReplyTo)
	}
	if want := time.Date(2012, 10, 19, 19, 22, 49, 0, time.UTC); !m.Date.Equal(want) {
		t.Errorf("Date = %v", m.Date)
	}
	if m.MessageID != "abc@example.com" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if len(m.Problems) != 0 {
		t.Errorf("problems: %q", m.Problems)
	}
}

func TestRenderHeaderOddities(t *testing.T) {
	tests := []struct {
		name, header string
		check        func(*Message) string
		problem      string
	}{
		{"raw latin1 subject", "Subject: caf\xe9\n", func(m *Message) string {
			return check(m.Subject == "café", m.Subject)
		}, ""},
		{"encoded word in unknown charset", "Subject: =?x-unknown?q?abc?=\n", func(m *Message) string {
			return check(m.Subject == "abc", m.Subject)
		}, "unknown charset"},
		{"malformed encoded word", "Subject: =?utf-8?q?broken\n", func(m *Message) string {
			return check(m.Subject == "=?utf-8?q?broken", m.Subject)
		}, ""},
		{"control characters", "Subject: =?utf-8?q?a=0D=0Ab=00c?=\n", func(m *Message) string {
			return check(m.Subject == "a b c", m.Subject)
		}, ""},
		{"two mailboxes without a comma", "From: Bob <bob@x> Bobby <bobby@x>\n", func(m *Message) string {
			return check(len(m.From) == 2 && m.From[1].Address == "bobby@x", fmt.Sprint(m.From))
		}, "From field is malformed"},
		{"unparseable address kept as text", "To: not an address\n", func(m *Message) string {
			return check(len(m.To) == 1 && m.To[0].Name == "not an address", fmt.Sprint(m.To))
		}, "malformed"},
		{"bad date", "Date: yesterday-ish\n", func(m *Message) string {
			return check(m.Date.IsZero() && m.DateRaw == "yesterday-ish", m.DateRaw)
		}, "could not be read"},
		{"date without weekday and with zone name", "Date: 2 Jan 2006 15:04:05 GMT\n", func(m *Message) string {
			return check(m.Date.Year() == 2006, m.Date.String())
		}, ""},
		{"mbox From line", "From someone@example.com Thu Oct 18 22:48:39 2012\nSubject: mbox\n", func(m *Message) string {
			return check(m.Subject == "mbox", m.Subject)
		}, ""},
		{"leading white space", " Subject: lead\n", func(m *Message) string {
			return check(m.Subject == "lead", m.Subject)
		}, "starts with white space"},
		{"space before colon", "Subject : spaced\n", func(m *Message) string {
			return check(m.Subject == "spaced", m.Subject)
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Render(msg(tt.header, "body"), nil)
			if msg := tt.check(m); msg != "" {
				t.Error(msg)
			}
			if tt.problem == "" && len(m.Problems) > 0 {
				t.Errorf("unexpected problems %q", m.Problems)
			}
			if tt.problem != "" && !strings.Contains(problems(m), tt.problem) {
				t.Errorf("problems %q, want %q", m.Problems, tt.problem)
			}
		})
	}
}

func check(ok bool, got string) string {
	if ok {
		return ""
	}
	return "got " + fmt.Sprintf("%q", got)
}

func TestAttachments(t *testing.T) {
	bin := make([]byte, 256)
	for i := range bin {
		bin[i] = byte(i)
	}
	b64 := base64.StdEncoding.EncodeToString(bin)
	var wrapped strings.Builder
	for len(b64) > 76 {
		wrapped.WriteString(b64[:76] + "\n")
		b64 = b64[76:]
	}
	wrapped.WriteString(b64)
	raw := msg("Content-Type: multipart/mixed; boundary=b\n", `--b

see attached
--b
Content-Type: application/octet-stream; name="bin.dat"
Content-Disposition: attachment; filename*=utf-8''%E2%82%AC%20report.dat
Content-Transfer-Encoding: base64

`+wrapped.String()+`
--b
Content-Type: text/csv
Content-Disposition: attachment; filename*0="part"; filename*1=".csv"
Content-Transfer-Encoding: quoted-printable

a;b=3Dc
1;2
--b
Content-Type: application/x-thing; name="=?utf-8?b?w6kudHh0?="
Content-Disposition: attachment; filename*=iso-8859-1''caf%E9.txt

x
--b
Content-Type: image/png
Content-Disposition: inline
Content-ID: <img@x>
Content-Transfer-Encoding: base64

`+pngB64+`
--b
Content-Type: application/pdf
Content-Disposition: attachment; filename="../../etc/passwd"

%PDF
--b--
`)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	if len(m.Problems) != 0 {
		t.Errorf("problems: %q", m.Problems)
	}
	want := []struct {
		name, typ, path string
		data            []byte
		inline          bool
		cid             string
	}{
		{"€ report.dat", "application/octet-stream", "2", bin, false, ""},
		{"part.csv", "text/csv", "3", []byte("a;b=c\r\n1;2"), false, ""},
		{"café.txt", "application/x-thing", "4", []byte("x"), false, ""},
		{"part-5.png", "image/png", "5", mustB64(pngB64), true, "img@x"},
		{"passwd", "application/pdf", "6", []byte("%PDF"), false, ""},
	}
	if len(m.Attachments) != len(want) {
		t.Fatalf("%d attachments, want %d: %+v", len(m.Attachments), len(want), m.Attachments)
	}
	for i, w := range want {
		a := m.Attachments[i]
		if a.Name != w.name || a.ContentType != w.typ || a.PartPath != w.path || !bytes.Equal(a.Data, w.data) ||
			a.Size != int64(len(w.data)) || a.Inline != w.inline || a.ContentID != w.cid {
			t.Errorf("attachment %d = {%q %q %q %q inline=%v cid=%q size=%d}, want %+v", i, a.Name, a.ContentType, a.PartPath,
				a.Data, a.Inline, a.ContentID, a.Size, w)
		}
	}
}

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestCIDImages(t *testing.T) {
	raw := msg("Content-Type: multipart/related; boundary=b; type=text/html\n", `--b
Content-Type: text/html

<p><img src="cid:logo@x" alt="logo"><img src="cid:logo%40x"><img src="cid:missing@x"><img src="cid:doc@x"></p>
--b
Content-Type: application/octet-stream
Content-ID: <logo@x>
Content-Transfer-Encoding: base64

`+pngB64+`
--b
Content-Type: text/html
Content-ID: <doc@x>

<script>alert(1)</script>
--b--
`)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	img := `<img src="data:image/png;base64,` + pngB64 + `"`
	if strings.Count(m.HTML.Body, img) != 2 {
		t.Errorf("want the sniffed PNG twice (cid and %%-escaped cid): %s", m.HTML.Body)
	}
	if strings.Count(m.HTML.Body, "data:"+placeholder) != 2 {
		t.Errorf("want two placeholders (missing part, HTML part): %s", m.HTML.Body)
	}
	if !m.Attachments[0].Embedded || !m.Attachments[0].Inline || m.Attachments[1].Embedded {
		t.Errorf("Embedded flags: %+v", m.Attachments)
	}
	if m.HTML.RemoteBlocked != 0 || m.HTML.HasRemote {
		t.Errorf("no remote content here")
	}

	// The inline budget.
	m = Render(raw, &Options{MaxInlineBytes: 10})
	mustSafe(t, m, false)
	if strings.Contains(m.HTML.Body, img) || !strings.Contains(problems(m), "inline images exceed") {
		t.Errorf("budget not applied: %s %q", m.HTML.Body, m.Problems)
	}
}

func TestNested(t *testing.T) {
	inner := msg("From: inner@example.com\nSubject: inner\nContent-Type: multipart/mixed; boundary=i\n", `--i

inner body
--i
Content-Type: application/zip
Content-Disposition: attachment; filename=z.zip

PK
--i--
`)
	raw := msg("Subject: outer\nContent-Type: multipart/mixed; boundary=o\n", `--o

outer body
--o
Content-Type: message/rfc822

`+string(inner)+`
--o
Content-Type: message/rfc822
Content-Transfer-Encoding: base64

`+base64.StdEncoding.EncodeToString(msg("Subject: encoded\n", "b64 inner"))+`
--o--
`)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	if m.Text.Plain != "outer body" || len(m.Nested) != 2 {
		t.Fatalf("outer: %q, %d nested", m.Text.Plain, len(m.Nested))
	}
	n := m.Nested[0]
	if n.Subject != "inner" || n.Text.Plain != "inner body" || len(n.Attachments) != 1 || n.Attachments[0].PartPath != "2.2" {
		t.Errorf("nested: %q %q %+v", n.Subject, n.Text.Plain, n.Attachments)
	}
	if !bytes.HasPrefix(n.Raw, []byte("From: inner@example.com")) {
		t.Errorf("nested Raw: %q", n.Raw)
	}
	if m.Nested[1].Subject != "encoded" || m.Nested[1].Text.Plain != "b64 inner" {
		t.Errorf("base64 nested: %q %q", m.Nested[1].Subject, m.Nested[1].Text.Plain)
	}

	digest := msg("Content-Type: multipart/digest; boundary=d\n", `--d

Subject: first

one
--d

Subject: second

two
--d--
`)
	m = Render(digest, nil)
	if len(m.Nested) != 2 || m.Nested[1].Subject != "second" || m.Nested[1].Text.Plain != "two" {
		t.Errorf("digest: %+v", m.Nested)
	}
}

func TestLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("Content-Type: multipart/mixed; boundary=b\r\n\r\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "--b\r\nContent-Type: application/octet-stream\r\n\r\npart %d\r\n", i)
	}
	b.WriteString("--b--\r\n")
	m := Render([]byte(b.String()), &Options{MaxParts: 5})
	if len(m.Attachments) != 4 || !strings.Contains(problems(m), "more than 5 parts") {
		t.Errorf("MaxParts: %d attachments, problems %q", len(m.Attachments), m.Problems)
	}
	if m.Text == nil {
		t.Errorf("no body")
	}

	deep := "text at the bottom"
	for i := 0; i < 40; i++ {
		deep = fmt.Sprintf("Content-Type: multipart/mixed; boundary=b%d\r\n\r\n--b%d\r\n%s\r\n--b%d--\r\n", i, i, deep, i)
	}
	m = Render([]byte(deep), nil)
	mustSafe(t, m, false)
	if !strings.Contains(problems(m), "nested too deeply") {
		t.Errorf("MaxDepth: %q", m.Problems)
	}
	m = Render([]byte(deep), &Options{MaxDepth: -1})
	if m.Text == nil || m.Text.Plain != "text at the bottom" {
		t.Errorf("unlimited depth: %+v", m.Text)
	}

	nested := msg("Subject: 0\n", "bottom")
	for i := 1; i < 40; i++ {
		nested = msg(fmt.Sprintf("Subject: %d\nContent-Type: message/rfc822\n", i), string(nested))
	}
	m = Render(nested, nil)
	mustSafe(t, m, false)
	if !strings.Contains(problemsDeep(m), "nested too deeply") {
		t.Errorf("nested messages are not limited")
	}

	big := msg("Content-Type: multipart/mixed; boundary=b\n", "--b\n\nbody\n--b\nContent-Type: application/zip\n\n"+strings.Repeat("x", 1000)+"\n--b--\n")
	m = Render(big, &Options{MaxPartSize: 100})
	if len(m.Attachments) != 1 || !m.Attachments[0].Omitted || m.Attachments[0].Data != nil || m.Attachments[0].Size != 1000 {
		t.Errorf("MaxPartSize: %+v", m.Attachments)
	}

	long := msg("Content-Type: text/plain; charset=utf-8\n", strings.Repeat("é", 100))
	m = Render(long, &Options{MaxBodySize: 51})
	if m.Text.Plain != strings.Repeat("é", 25) || len(m.Attachments) != 1 || len(m.Attachments[0].Data) != 200 {
		t.Errorf("MaxBodySize: %q, %+v", m.Text.Plain, m.Attachments)
	}
}

func problemsDeep(m *Message) string {
	s := problems(m)
	for _, n := range m.Nested {
		s += "\n" + problemsDeep(n)
	}
	return s
}

func TestRemoteContent(t *testing.T) {
	raw := msg("Content-Type: text/html\n", `<body background="https://t.example/bg.png">
<img src="https://t.example/a.png" width="10"><img src="https://t.example/a.png"><img srcset="https://t.example/b.png 2x">
<p style="background-image: url('https://t.example/c.png'); color: red">x</p><a href="https://t.example/">link</a>`)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	if !m.HTML.HasRemote || m.HTML.RemoteBlocked != 4 {
		t.Errorf("blocked: HasRemote=%v RemoteBlocked=%d", m.HTML.HasRemote, m.HTML.RemoteBlocked)
	}
	if strings.Contains(m.HTML.Body, "t.example/a.png") || !strings.Contains(m.HTML.Body, `href="https://t.example/"`) {
		t.Errorf("blocked body: %s", m.HTML.Body)
	}
	if m.HTML.CSP != "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'" {
		t.Errorf("CSP = %q", m.HTML.CSP)
	}
	m = Render(raw, &Options{AllowRemote: true})
	mustSafe(t, m, true)
	if !m.HTML.HasRemote || m.HTML.RemoteBlocked != 0 {
		t.Errorf("allowed: HasRemote=%v RemoteBlocked=%d", m.HTML.HasRemote, m.HTML.RemoteBlocked)
	}
	for _, want := range []string{`src="https://t.example/a.png"`, `srcset="https://t.example/b.png 2x"`,
		`background="https://t.example/bg.png"`, `url(&#39;https://t.example/c.png&#39;)`} {
		if !strings.Contains(m.HTML.Body, want) {
			t.Errorf("allowed body lacks %s: %s", want, m.HTML.Body)
		}
	}
}

func TestStyleSheets(t *testing.T) {
	raw := msg("Content-Type: text/html\n", `<html><head><style>
@import url(x.css);
@charset "utf-8";
@font-face { font-family: x; src: url(https://f.example/x.woff) }
body { color: #333; position: fixed }
.btn, a.btn:hover { background-color: #06c !important; behavior: url(x.htc) }
@media only screen and (max-width: 600px) { .col { width: 100% !important } }
p < b { color: red }
.x { background: url(https://t.example/sheet.png) }
</style></head><body><p class="col">x</p></body></html>`)
	m := Render(raw, nil)
	mustSafe(t, m, false)
	for _, want := range []string{"body { color: #333 }", ".btn, a.btn:hover { background-color: #06c !important }",
		"@media only screen and (max-width: 600px) {\n.col { width: 100% !important }\n}"} {
		if !strings.Contains(m.HTML.SrcDoc, want) {
			t.Errorf("sheet lacks %q:\n%s", want, m.HTML.SrcDoc)
		}
	}
	for _, bad := range []string{"@import", "x.css", "@charset", "font-face", "position", "behavior", "sheet.png", "p < b"} {
		if strings.Contains(m.HTML.SrcDoc, bad) {
			t.Errorf("sheet kept %q", bad)
		}
	}
	if m.HTML.RemoteBlocked != 1 {
		t.Errorf("RemoteBlocked = %d, want 1 (the sheet's background)", m.HTML.RemoteBlocked)
	}
}

func TestSandboxContract(t *testing.T) {
	if IFrameSandbox != "allow-popups allow-popups-to-escape-sandbox" {
		t.Errorf("IFrameSandbox = %q", IFrameSandbox)
	}
	for _, bad := range []string{"allow-scripts", "allow-same-origin", "allow-forms", "allow-top-navigation", "allow-modals"} {
		if strings.Contains(IFrameSandbox, bad) {
			t.Errorf("IFrameSandbox grants %s", bad)
		}
	}
	if IFrameTitle != "Message body" {
		t.Errorf("IFrameTitle = %q", IFrameTitle)
	}
}

func TestHeadersSummary(t *testing.T) {
	tests := []struct {
		name, raw string
		attach    bool
	}{
		{"mixed", "From: A <a@x>\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n", true},
		{"alternative", "Content-Type: multipart/alternative; boundary=b\r\n", false},
		{"plain", "Subject: p\r\n", false},
		{"pdf alone", "Content-Type: application/pdf\r\n", true},
		{"disposition", "Content-Type: text/plain\r\nContent-Disposition: attachment; filename=a.txt\r\n", true},
		{"outlook hint", "Content-Type: multipart/related; boundary=b\r\nX-MS-Has-Attach: yes\r\n", true},
	}
	for _, tt := range tests {
		s := Headers([]byte(tt.raw), nil)
		if s.HasAttachment != tt.attach {
			t.Errorf("%s: HasAttachment = %v", tt.name, s.HasAttachment)
		}
	}
	s := Headers([]byte("From: =?utf-8?q?J=C3=BCrgen?= <j@x>\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nDate: Mon, 1 Jul 2024 10:00:00 +0200\r\n\r\nbody is ignored"), nil)
	if len(s.From) != 1 || s.From[0].Name != "Jürgen" || s.Subject != "Grüße" || s.Date.IsZero() || s.ContentType != "text/plain" {
		t.Errorf("summary: %+v", s)
	}
}

// TestConcurrent renders messages with different options in parallel:
// the policy and its callbacks are per call (run with -race).
func TestConcurrent(t *testing.T) {
	raw := msg("Content-Type: text/html\n", `<img src="https://t.example/a.png"><p style="color:red">x</p>`)
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(allow bool) {
			defer wg.Done()
			m := Render(raw, &Options{AllowRemote: allow, Charset: func(string, []byte) (string, error) { return "", errors.New("no") }})
			if allow != strings.Contains(m.HTML.Body, "t.example") {
				t.Errorf("AllowRemote=%v leaked across calls", allow)
			}
		}(i%2 == 0)
	}
	wg.Wait()
}
