package mailhdr

import (
	"net/mail"
	"testing"
)

func TestParseMailboxFast(t *testing.T) {
	for _, tc := range []struct {
		in         string
		name, addr string
		ok         bool // false: left to net/mail
	}{
		{in: "alice@example.org", addr: "alice@example.org", ok: true},
		{in: "  alice@example.org ", addr: "alice@example.org", ok: true},
		{in: "<alice@example.org>", addr: "alice@example.org", ok: true},
		{in: "Alice Liddell <alice@example.org>", name: "Alice Liddell", addr: "alice@example.org", ok: true},
		{in: "Alice<alice@example.org>", name: "Alice", addr: "alice@example.org", ok: true},
		{in: "A. B. Liddell <a.b@mail.example.org>", name: "A. B. Liddell", addr: "a.b@mail.example.org", ok: true},
		{in: `"Liddell, Alice" <alice@example.org>`, name: "Liddell, Alice", addr: "alice@example.org", ok: true},
		{in: `"" <alice@example.org>`, addr: "alice@example.org", ok: true},
		{in: `"a<b>" <x@y>`, name: "a<b>", addr: "x@y", ok: true},
		{in: "Alice  Liddell <alice@example.org>"},      // two spaces: net/mail joins them
		{in: "Alice Liddell  <alice@example.org>"},      // two spaces before the angle
		{in: "=?utf-8?q?Alice?= <alice@example.org>"},   // an encoded word
		{in: `"=?utf-8?q?Alice?=" <alice@example.org>`}, // one in quotes
		{in: `"A\"B" <x@y>`},                     // an escape
		{in: `"A" B <x@y>`},                      // a quoted word and an atom
		{in: "Alice (work) <alice@example.org>"}, // a comment
		{in: "alice@example.org (Alice)"},
		{in: "Ålice <alice@example.org>"}, // not ASCII
		{in: "Alice\t<alice@example.org>"},
		{in: "a@b, c@d"},
		{in: "Team: a@b, c@d;"},
		{in: "<alice@example.org"},
		{in: "Alice alice@example.org>"},
		{in: "<>"},
		{in: "< alice@example.org>"},
		{in: "<.alice@example.org>"},
		{in: "<al..ice@example.org>"},
		{in: "<alice@example.org.>"},
		{in: "<alice@[192.0.2.1]>"},
		{in: "alice"},
		{in: `"`},
		{in: `" <a@b>`},
		{in: ""},
	} {
		name, addr, ok := parseMailboxFast(tc.in)
		if ok != tc.ok || name != tc.name || addr != tc.addr {
			t.Errorf("%q = %q, %q, %v; want %q, %q, %v", tc.in, name, addr, ok, tc.name, tc.addr, tc.ok)
		}
	}
}

// Where the fast path answers, net/mail's parser (as Addresses calls
// it) reads the same one mailbox.
func FuzzParseMailboxFast(f *testing.F) {
	for _, s := range []string{
		"alice@example.org", "Alice Liddell <alice@example.org>", `"Liddell, Alice" <alice@example.org>`,
		"<a@b>", ". <a@b>", "a..b <c@d>", `"(x)" <a@b>`, "a@b <c@d>", "x <a@b@c>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		name, addr, ok := parseMailboxFast(s)
		if !ok {
			return
		}
		p := mail.AddressParser{WordDecoder: (&Decoder{}).words()}
		list, err := p.ParseList(s)
		if err != nil {
			t.Fatalf("%q: fast path %q <%s>, net/mail refuses: %v", s, name, addr, err)
		}
		if len(list) != 1 || list[0].Name != name || list[0].Address != addr {
			t.Fatalf("%q: fast path %q <%s>, net/mail %v", s, name, addr, list)
		}
	})
}
