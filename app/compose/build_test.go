package compose

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/emersion/go-message/mail"
)

func TestBuildParsesBack(t *testing.T) {
	d := Draft{
		From:        Address{Name: "Ann Smith", Address: "ann@example.org"},
		To:          []Address{{Name: "Bob", Address: "bob@example.net"}, {Address: "carol@example.com"}},
		Cc:          []Address{{Name: "Smith, J", Address: "j@example.com"}},
		Subject:     "Lunch on Friday",
		Body:        "Hi Bob,\n\nShall we meet at noon?\n\nAnn",
		InReplyTo:   "orig@example.net",
		References:  []string{"root@example.net", "<orig@example.net>"},
		Attachments: []Attachment{{Filename: "menu.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4\x00\xff\xfe binary")}},
	}
	msg, env := mustBuild(t, d)
	h, parts := parseBack(t, msg)

	date, err := h.Date()
	if err != nil || !date.Equal(fixedNow) {
		t.Errorf("Date = %v, %v; want %v", date, err, fixedNow)
	}
	if got := h.Get("Date"); got != "Sun, 06 Dec 2026 10:30:00 +0100" {
		t.Errorf("Date field = %q", got)
	}
	for key, want := range map[string]string{
		"From": `"Ann Smith" <ann@example.org>`,
		"To":   `"Bob" <bob@example.net>, <carol@example.com>`,
		"Cc":   `"Smith, J" <j@example.com>`,
	} {
		list, err := h.AddressList(key)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		var s []string
		for _, a := range list {
			s = append(s, a.String())
		}
		if got := strings.Join(s, ", "); got != want {
			t.Errorf("%s = %s; want %s", key, got, want)
		}
	}
	if s, _ := h.Subject(); s != d.Subject {
		t.Errorf("Subject = %q", s)
	}
	if id, _ := h.MessageID(); id != env.MessageID || !strings.HasSuffix(id, "@example.org") {
		t.Errorf("Message-ID = %q, envelope says %q", id, env.MessageID)
	}
	if ids, _ := h.MsgIDList("In-Reply-To"); len(ids) != 1 || ids[0] != "orig@example.net" {
		t.Errorf("In-Reply-To = %q", ids)
	}
	if ids, _ := h.MsgIDList("References"); strings.Join(ids, " ") != "root@example.net orig@example.net" {
		t.Errorf("References = %q", ids)
	}
	if v := h.Get("MIME-Version"); v != "1.0" {
		t.Errorf("MIME-Version = %q", v)
	}

	if len(parts) != 2 {
		t.Fatalf("%d parts; want text and one attachment", len(parts))
	}
	ct := parts[0].header.Get("Content-Type")
	if ct != "text/plain; charset=utf-8; format=flowed" {
		t.Errorf("text Content-Type = %q", ct)
	}
	if want := "Hi Bob,\r\n\r\nShall we meet at noon?\r\n\r\nAnn\r\n"; string(parts[0].body) != want {
		t.Errorf("text = %q; want %q", parts[0].body, want)
	}
	a := parts[1]
	if a.filename != "menu.pdf" || !bytes.Equal(a.body, d.Attachments[0].Data) {
		t.Errorf("attachment %q = %q; want menu.pdf = %q", a.filename, a.body, d.Attachments[0].Data)
	}
	if mt, _, _ := a.header.(*mail.AttachmentHeader).ContentType(); mt != "application/pdf" {
		t.Errorf("attachment type = %q", mt)
	}
	if cte := a.header.Get("Content-Transfer-Encoding"); cte != "base64" {
		t.Errorf("attachment encoding = %q", cte)
	}
}

// TestBuildBccAbsent: Bcc addresses are in the envelope and nowhere in
// the message. The positive control puts the same address in Cc and
// finds it through the same search.
func TestBuildBccAbsent(t *testing.T) {
	const secret = "hidden.person@example.com"
	d := Draft{
		From: Address{Address: "ann@example.org"},
		To:   []Address{{Address: "bob@example.net"}},
		Bcc:  []Address{{Name: "Hidden", Address: secret}},
		Body: "hello",
	}
	msg, env := mustBuild(t, d)
	if !contains(env.To, secret) {
		t.Errorf("envelope recipients %q lack the Bcc address", env.To)
	}
	if bytes.Contains(bytes.ToLower(msg), []byte("hidden")) {
		t.Errorf("the Bcc address or name appears in the message:\n%s", msg)
	}
	h, _ := parseBack(t, msg)
	if h.Has("Bcc") {
		t.Errorf("the message has a Bcc field")
	}

	d.Cc, d.Bcc = d.Bcc, nil // control: the same search sees a Cc
	msg, _ = mustBuild(t, d)
	if !bytes.Contains(bytes.ToLower(msg), []byte("hidden")) {
		t.Fatalf("control failed: the Cc address is not found in the message")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestBuildEnvelope(t *testing.T) {
	d := Draft{
		From: Address{Address: "ann@example.org"},
		To:   []Address{{Address: "Bob@Example.net"}, {Address: "carol@example.com"}},
		Cc:   []Address{{Address: "bob@example.NET"}},
		Bcc:  []Address{{Address: "CAROL@example.com"}, {Address: "dave@example.com"}},
		Body: "x",
	}
	_, env := mustBuild(t, d)
	if env.From != "ann@example.org" || strings.Join(env.To, " ") != "Bob@Example.net carol@example.com dave@example.com" {
		t.Errorf("envelope = %+v", env)
	}
	if env.SMTPUTF8 || env.EightBit {
		t.Errorf("an ASCII message is flagged SMTPUTF8=%v EightBit=%v", env.SMTPUTF8, env.EightBit)
	}
	d.Cc = []Address{{Address: "jörg@example.com"}}
	_, env = mustBuild(t, d)
	if !env.SMTPUTF8 || !env.EightBit {
		t.Errorf("a UTF-8 Cc address is not flagged: %+v", env)
	}
}

func TestBuildErrors(t *testing.T) {
	ok := Draft{From: Address{Address: "ann@example.org"}, To: []Address{{Address: "bob@example.net"}}}
	tests := []struct {
		name  string
		edit  func(*Draft)
		want  error
		entry string
	}{
		{"no sender", func(d *Draft) { d.From = Address{Name: "Ann"} }, ErrNoSender, ""},
		{"no recipients", func(d *Draft) { d.To = nil }, ErrNoRecipients, ""},
		{"bad recipient", func(d *Draft) { d.Cc = []Address{{Address: "bob@"}} }, ErrInvalidAddress, "bob@"},
		{"bad Bcc", func(d *Draft) { d.Bcc = []Address{{Address: "no-at-sign"}} }, ErrInvalidAddress, "no-at-sign"},
		{"bad sender", func(d *Draft) { d.From = Address{Address: "ann@exa mple.org"} }, ErrInvalidAddress, "ann@exa mple.org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			_, _, err := Build(d, nil)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v; want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "compose: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			var ae *AddressError
			if tt.entry != "" && (!errors.As(err, &ae) || ae.Entry != tt.entry) {
				t.Errorf("err = %#v; want an *AddressError for %q", err, tt.entry)
			}
		})
	}
	if _, _, err := Build(ok, nil); err != nil {
		t.Fatalf("control: the valid draft fails: %v", err)
	}
}

// TestBuildNonASCII: a non-ASCII display name, subject and file name are
// encoded (RFC 2047, RFC 2231) so that the header is ASCII, and decode
// back to exactly what was given.
func TestBuildNonASCII(t *testing.T) {
	d := Draft{
		From:    Address{Name: "Zoë Ærø-Ñúñez", Address: "zoe@example.org"},
		To:      []Address{{Name: "Jürgen Groß", Address: "juergen@example.de"}, {Name: "王小明", Address: "wang@example.cn"}},
		Subject: "Grüße — Über die Straße 🌍",
		Body:    "Schöne Grüße!",
		Attachments: []Attachment{
			{Filename: "Übersicht 2026 – café.pdf", ContentType: "application/pdf", Data: []byte("pdf")},
			{Filename: "報告書.txt", ContentType: "text/plain; charset=utf-8", Data: []byte("本文\n")},
			{Filename: strings.Repeat("é", 190) + ".bin", Data: []byte{0, 1, 2}},
		},
	}
	msg, _ := mustBuild(t, d)
	for i, c := range []byte(headerBlock(msg)) {
		if c >= 0x80 {
			t.Fatalf("the header has a raw 8-bit octet at %d:\n%s", i, headerBlock(msg))
		}
	}
	h, parts := parseBack(t, msg)
	from, _ := h.AddressList("From")
	to, _ := h.AddressList("To")
	if len(from) != 1 || from[0].Name != d.From.Name || len(to) != 2 || to[0].Name != d.To[0].Name || to[1].Name != d.To[1].Name {
		t.Errorf("names = %v %v", from, to)
	}
	if s, err := h.Subject(); s != d.Subject || err != nil {
		t.Errorf("Subject = %q, %v", s, err)
	}
	if len(parts) != 4 {
		t.Fatalf("%d parts", len(parts))
	}
	for i, a := range d.Attachments {
		p := parts[i+1]
		if p.filename != a.Filename || !bytes.Equal(p.body, a.Data) {
			t.Errorf("attachment %d = %q %q; want %q %q", i, p.filename, p.body, a.Filename, a.Data)
		}
	}
}

// TestBuildLineLength: nothing a person types makes a line longer than
// 998 octets: a 5,000-character line of text (ASCII, then non-ASCII), a
// 5,000-character word, subject and file name.
func TestBuildLineLength(t *testing.T) {
	word := strings.Repeat("x", 5000)
	for _, body := range []string{
		word,
		strings.Repeat("word ", 1000),
		strings.Repeat("é", 5000),
		strings.Repeat("ж ", 2500),
		"> " + word,
	} {
		d := Draft{
			From:        Address{Name: strings.Repeat("N", 300), Address: "ann@example.org"},
			To:          []Address{{Name: strings.Repeat("ü", 300), Address: "bob@example.net"}},
			Subject:     word,
			Body:        body,
			Attachments: []Attachment{{Filename: strings.Repeat("f", 5000) + ".txt", Data: []byte(word)}},
		}
		msg, _ := mustBuild(t, d) // checks every line
		h, parts := parseBack(t, msg)
		if s, _ := h.Subject(); s != word {
			t.Errorf("the long subject came back as %d characters", len(s))
		}
		if got := unflowForTest(string(parts[0].body)); got != strings.TrimRight(body, " ") {
			t.Errorf("body of %d characters came back as %d: %.80q", len(body), len(got), got)
		}
		if !bytes.Equal(parts[1].body, []byte(word)) || !strings.HasPrefix(parts[1].filename, "fff") {
			t.Errorf("attachment came back as %d octets named %.20q", len(parts[1].body), parts[1].filename)
		}
	}
}

// TestBuildTransferEncoding: the text part's encoding follows its content.
func TestBuildTransferEncoding(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"short ASCII lines", "Hello\nworld", "7bit"},
		{"a long ASCII word", strings.Repeat("y", 100), "quoted-printable"},
		{"mostly ASCII", "Café au lait, s'il vous plaît, at the usual place.", "quoted-printable"},
		{"Cyrillic", "Привет, как дела? Всё хорошо.", "base64"},
		{"Japanese", "こんにちは、元気ですか。", "base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, _ := mustBuild(t, Draft{From: Address{Address: "a@example.org"}, To: []Address{{Address: "b@example.org"}}, Body: tt.body})
			h, parts := parseBack(t, msg)
			if got := h.Get("Content-Transfer-Encoding"); got != tt.want {
				t.Errorf("encoding = %q; want %q", got, tt.want)
			}
			if got := unflowForTest(string(parts[0].body)); got != tt.body {
				t.Errorf("body = %q; want %q", got, tt.body)
			}
		})
	}
}

func TestBuildMessageID(t *testing.T) {
	seen := map[string]bool{}
	d := Draft{From: Address{Address: "ann@Mail.Example.ORG"}, To: []Address{{Address: "b@example.org"}}}
	for i := 0; i < 200; i++ {
		_, env := mustBuild(t, d)
		left, domain, ok := strings.Cut(env.MessageID, "@")
		if !ok || domain != "mail.example.org" || len(left) < 30 {
			t.Fatalf("Message-ID %q is not long and random on the sender's domain", env.MessageID)
		}
		if seen[env.MessageID] {
			t.Fatalf("Message-ID %q repeated", env.MessageID)
		}
		seen[env.MessageID] = true
	}
	// A fixed random source gives a fixed id: the bits come from Rand.
	opts := testOptions()
	opts.Rand = bytes.NewReader(make([]byte, 16))
	_, env, err := Build(d, opts)
	if want := strconv.FormatInt(fixedNow.UnixMilli(), 36) + ".00000000000000000000000000000000@mail.example.org"; err != nil || env.MessageID != want {
		t.Errorf("Message-ID = %q, %v", env.MessageID, err)
	}
	// A kept id is reused (a retry is the same message).
	d.MessageID = "<kept@example.org>"
	msg, env := mustBuild(t, d)
	if env.MessageID != "kept@example.org" || !strings.Contains(string(msg), "Message-Id: <kept@example.org>\r\n") {
		t.Errorf("kept Message-ID: %q", env.MessageID)
	}
	// An address whose domain cannot be a msg-id's falls back.
	d.MessageID, d.From.Address = "", "jörg@bücher.de"
	_, env = mustBuild(t, d)
	if !strings.HasSuffix(env.MessageID, "@poppy.invalid") {
		t.Errorf("Message-ID for an IDN sender = %q", env.MessageID)
	}
}

func TestBuildForwardAsAttachment(t *testing.T) {
	orig := []byte("From: Ann <ann@example.org>\r\nSubject: Plans\r\nMessage-ID: <p@example.org>\r\n\r\nSee you.\r\n")
	tests := []struct {
		name string
		raw  []byte
		cte  string
		want []byte
	}{
		{"7bit", orig, "7bit", orig},
		{"8bit", append(append([]byte{}, orig...), "Grüße\r\n"...), "8bit", append(append([]byte{}, orig...), "Grüße\r\n"...)},
		{"LF becomes CRLF", bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\n")), "7bit", orig},
		{"NUL needs base64", append(append([]byte{}, orig...), 0), "base64", append(append([]byte{}, orig...), 0)},
		{"long line needs base64", append(append([]byte{}, orig...), strings.Repeat("z", 1200)...), "base64", append(append([]byte{}, orig...), strings.Repeat("z", 1200)...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Draft{From: Address{Address: "me@example.org"}, To: []Address{{Address: "b@example.org"}}, Forward: &Original{Raw: tt.raw}}
			msg, env := mustBuild(t, d)
			_, parts := parseBack(t, msg)
			if len(parts) != 2 {
				t.Fatalf("%d parts", len(parts))
			}
			p := parts[1]
			if mt, _, _ := p.header.(*mail.AttachmentHeader).ContentType(); mt != "message/rfc822" {
				t.Errorf("type %q", mt)
			}
			if cte := p.header.Get("Content-Transfer-Encoding"); cte != tt.cte {
				t.Errorf("encoding %q; want %q", cte, tt.cte)
			}
			if !bytes.Equal(p.body, tt.want) {
				t.Errorf("forwarded bytes = %q; want %q", p.body, tt.want)
			}
			if p.filename != "Plans.eml" {
				t.Errorf("file name %q", p.filename)
			}
			if env.EightBit != (tt.cte == "8bit") {
				t.Errorf("EightBit = %v", env.EightBit)
			}
		})
	}
}
