package ui

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/poppymail/poppy/app/i18n"
)

// The help lists every key onKey answers, each named as a person reads
// it, from the one table both use; the keys it once left out are there.
func TestHelpListsEveryKey(t *testing.T) {
	doc := mountHTML(t, (&Shell{}).renderHelp())
	terms := findAll(doc, func(n *html.Node) bool { return n.Data == "dt" })
	if len(terms) != len(shortcuts) {
		t.Fatalf("the help lists %d shortcuts, the table has %d", len(terms), len(shortcuts))
	}
	help := textOf(doc)
	named := map[string]string{"ArrowDown": "↓", "ArrowUp": "↑", "ArrowLeft": "←", "ArrowRight": "→"}
	for i, sc := range shortcuts {
		if got := textOf(terms[i]); got != sc.shown {
			t.Errorf("term %d = %q, want %q", i, got, sc.shown)
		}
		for _, k := range sc.keys {
			if name := cmp.Or(named[k], k); !strings.Contains(sc.shown, name) {
				t.Errorf("key %q does %q, but the help names it %q", k, sc.does, sc.shown)
			}
			if got, ok := findShortcut(k); !ok || got.shown != sc.shown {
				t.Errorf("findShortcut(%q) = %q, %v", k, got.shown, ok)
			}
		}
	}
	for _, want := range []string{"Backspace", "↓", "↑", "Escape", "ticked"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help does not mention %q", want)
		}
	}
	if _, ok := findShortcut("q"); ok {
		t.Error("findShortcut answers a key no shortcut has")
	}
}

// The help names the keys as the language's keyboards are labelled:
// German ones say Pos1, Ende, Entf and Umschalt; English, through the
// same render, the control, says Home.
func TestHelpKeyNamesTranslated(t *testing.T) {
	haveCatalogs(t)
	t.Cleanup(func() { i18n.Set(i18n.Fallback) })
	for _, tc := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"Home", "End", "Enter", "Shift+R", "Delete or Backspace"}},
		{"de", []string{"Pos1", "Ende", "Eingabe", "Umschalt+R", "Entf oder Rücktaste", "u oder Esc"}},
		{"pl", []string{"Home", "Shift+R", "Delete lub Backspace"}},
	} {
		i18n.Set(tc.lang)
		doc := mountHTML(t, (&Shell{}).renderHelp())
		var terms []string
		for _, n := range findAll(doc, func(n *html.Node) bool { return n.Data == "dt" }) {
			terms = append(terms, textOf(n))
		}
		for _, w := range tc.want {
			if !slices.Contains(terms, w) {
				t.Errorf("%s: the help's keys %q lack %q", tc.lang, terms, w)
			}
		}
	}
}
