package ui

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

// The accounts panel offers every shipped language in
// select[name=language], the current one selected, and renders in it.
func TestLanguageSelect(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	for _, tc := range []struct{ tag, heading string }{
		{"en", "Accounts and storage"},
		{"pl", "Konta i pamięć"},
		{"ar", "الحسابات والتخزين"},
		{"de", "Konten und Speicher"},
	} {
		i18n.Set(tc.tag)
		doc := mountHTML(t, &accountsPanel{Lang: tc.tag})
		sel := findAll(doc, func(n *html.Node) bool { return n.Data == "select" && attr(n, "name") == "language" })
		if len(sel) != 1 {
			t.Fatalf("%s: %d select[name=language]", tc.tag, len(sel))
		}
		opts := findAll(sel[0], func(n *html.Node) bool { return n.Data == "option" })
		if len(opts) != len(i18n.Languages()) {
			t.Errorf("%s: %d options for %d languages", tc.tag, len(opts), len(i18n.Languages()))
		}
		var selected []string
		for _, o := range opts {
			if hasAttr(o, "selected") && attr(o, "selected") != "false" { // go-app writes selected="false" in HTML
				selected = append(selected, attr(o, "value"))
			}
		}
		if len(selected) != 1 || selected[0] != tc.tag {
			t.Errorf("%s: selected options %q", tc.tag, selected)
		}
		h := findAll(doc, func(n *html.Node) bool { return n.Data == "h2" })
		if len(h) == 0 || textOf(h[0]) != tc.heading {
			t.Errorf("%s: heading %q, want %q", tc.tag, textOf(h[0]), tc.heading)
		}
	}
}

// A problem's sentence is built from its typed error in the current
// language: no English reaches an Arabic or Polish interface.
func TestSentencesTranslated(t *testing.T) {
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	p := &mailbox.Problem{Kind: mailbox.KindAuth, Err: errors.New("pop3: -ERR [AUTH] bad")}
	en := sentence(p)
	for _, tc := range []struct{ tag, want string }{
		{"ar", "لم يقبل خادم البريد"},
		{"pl", "Serwer poczty nie przyjął"},
		{"de", "Der Mailserver hat den Benutzernamen"},
	} {
		i18n.Set(tc.tag)
		if got := sentence(p); !strings.HasPrefix(got, tc.want) || got == en {
			t.Errorf("%s: sentence = %q, want it to start %q", tc.tag, got, tc.want)
		}
	}
}
