package compose

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseAddressList(t *testing.T) {
	tests := []struct {
		in   string
		want []Address
	}{
		{"", nil},
		{" , ;, ", nil},
		{"bob@y.org", []Address{{Address: "bob@y.org"}}},
		{`Ann <ann@x.org>, bob@y.org; "Smith, J" <j@z.org>`, []Address{
			{Name: "Ann", Address: "ann@x.org"}, {Address: "bob@y.org"}, {Name: "Smith, J", Address: "j@z.org"}}},
		{"ann@x.org,, bob@y.org,", []Address{{Address: "ann@x.org"}, {Address: "bob@y.org"}}},
		{"ann@x.org;\nbob@y.org\r\n", []Address{{Address: "ann@x.org"}, {Address: "bob@y.org"}}},
		{"<ann@x.org>", []Address{{Address: "ann@x.org"}}},
		{"Ann Smith ann@x.org", []Address{{Name: "Ann Smith", Address: "ann@x.org"}}},
		{`"Ann Smith" ann@x.org`, []Address{{Name: "Ann Smith", Address: "ann@x.org"}}},
		{"ann@x.org (Ann)", []Address{{Name: "Ann", Address: "ann@x.org"}}},
		{"=?utf-8?q?Ren=C3=A9e?= <renee@x.org>", []Address{{Name: "Renée", Address: "renee@x.org"}}},
		{"Renée Dupré <renee@x.org>", []Address{{Name: "Renée Dupré", Address: "renee@x.org"}}},
		{"kunde@bücher.de", []Address{{Address: "kunde@bücher.de"}}},
		{"jörg@example.de", []Address{{Address: "jörg@example.de"}}},
		{"用户@例子.广告", []Address{{Address: "用户@例子.广告"}}},
		{"ann@x.org, ANN@X.ORG, Ann <Ann@x.org>", []Address{{Address: "ann@x.org"}}},
		{`"odd,name;here" <o@x.org>; p@x.org`, []Address{{Name: "odd,name;here", Address: "o@x.org"}, {Address: "p@x.org"}}},
		{"root@localhost", []Address{{Address: "root@localhost"}}},
		{"a@[192.0.2.1]", []Address{{Address: "a@[192.0.2.1]"}}},
	}
	for _, tt := range tests {
		got, err := ParseAddressList(tt.in)
		if err != nil {
			t.Errorf("ParseAddressList(%q): %v", tt.in, err)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseAddressList(%q) = %q; want %q", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseAddressList(%q)[%d] = %q; want %q", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestParseAddressListErrors(t *testing.T) {
	tests := []struct {
		in, entry, reason string
	}{
		{"ann@x.org, bob", "bob", "no @"},
		{"ann@", "ann@", "domain is missing"},
		{"@x.org", "@x.org", "before @ is missing"},
		{"a@b@c.org", "a@b@c.org", "more than one @"},
		{"Ann <ann@x.org", "Ann <ann@x.org", "not written"},
		{"ann@x..org", "ann@x..org", ""},
		{"ann@-x.org", "ann@-x.org", "starts or ends with -"},
		{"ann@x_y.org", "ann@x_y.org", "contains '_'"},
		{strings.Repeat("l", 65) + "@x.org", strings.Repeat("l", 65) + "@x.org", "longer than 64"},
		{"ann@x.org, \xff@x.org", "\xff@x.org", "not text"},
		{"ann@exa\u200bmple.org", "ann@exa\u200bmple.org", "invisible"},
	}
	for _, tt := range tests {
		_, err := ParseAddressList(tt.in)
		var ae *AddressError
		if !errors.Is(err, ErrInvalidAddress) || !errors.As(err, &ae) {
			t.Errorf("ParseAddressList(%q) err = %v; want an *AddressError", tt.in, err)
			continue
		}
		if ae.Entry != tt.entry || !strings.Contains(ae.Reason, tt.reason) {
			t.Errorf("ParseAddressList(%q): entry %q reason %q; want entry %q, reason with %q", tt.in, ae.Entry, ae.Reason, tt.entry, tt.reason)
		}
		if !strings.HasPrefix(err.Error(), "compose: ") || !strings.Contains(err.Error(), strconv.Quote(ae.Entry)) {
			t.Errorf("error %q does not start with compose: or name the entry", err)
		}
	}
}

func TestNeedsSMTPUTF8(t *testing.T) {
	for addr, want := range map[string]bool{
		"ann@x.org": false, "jörg@x.org": true, "ann@bücher.de": true, "": false,
	} {
		if got := NeedsSMTPUTF8(addr); got != want {
			t.Errorf("NeedsSMTPUTF8(%q) = %v", addr, got)
		}
	}
}

// FuzzParseAddressList: any input either fails with an *AddressError or
// gives addresses that Build accepts, that a header written by Build
// carries back, and that parse again to themselves.
func FuzzParseAddressList(f *testing.F) {
	for _, s := range []string{
		`Ann <ann@x.org>, bob@y.org; "Smith, J" <j@z.org>,`,
		"kunde@bücher.de", "jörg@example.de", "Ann Smith ann@x.org",
		"=?utf-8?q?Ren=C3=A9e?= <renee@x.org>", "a@[192.0.2.1]", `"a\"b" <c@d.e>`,
		"(comment) a@b.c", "<<a@b>>", "a@b,", "\x00@\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		list, err := ParseAddressList(s)
		if err != nil {
			var ae *AddressError
			if !errors.As(err, &ae) || !strings.HasPrefix(err.Error(), "compose: ") {
				t.Fatalf("error %v is not an *AddressError", err)
			}
			return
		}
		if len(list) == 0 {
			return
		}
		d := Draft{From: Address{Address: "me@example.org"}, To: list, Body: "x"}
		msg, env, err := Build(d, testOptions())
		if err != nil {
			t.Fatalf("Build refuses parsed addresses %q: %v", list, err)
		}
		checkLines(t, msg)
		if len(env.To) != len(list) {
			t.Fatalf("envelope %q for %q", env.To, list)
		}
		h, _ := parseBack(t, msg)
		back, err := h.AddressList("To")
		if err != nil || len(back) != len(list) {
			t.Fatalf("To field of %q read back as %v, %v", list, back, err)
		}
		for i := range back {
			if back[i].Address != list[i].Address {
				t.Fatalf("address %q came back as %q", list[i].Address, back[i].Address)
			}
		}
	})
}
