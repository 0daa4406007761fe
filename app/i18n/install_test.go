package i18n

import (
	"errors"
	"testing"
)

// restore puts back the locale of tag as it was when called.
func restore(t *testing.T, tag string) {
	t.Helper()
	old, _ := locale(tag)
	cur := Current()
	t.Cleanup(func() {
		mu.Lock()
		loaded[tag] = old
		mu.Unlock()
		current.Store(cur)
	})
}

func TestInstall(t *testing.T) {
	restore(t, "pl")
	Set("pl") // chosen before its catalog arrives, as the app does
	if err := Install("pl", []byte(`{"Sign in": "Zaloguj", "{0} messages": {"one": "{0} wiadomość", "few": "{0} wiadomości", "other": "{0} wiadomości"}}`)); err != nil {
		t.Fatal(err)
	}
	if !HasCatalog("pl") {
		t.Error("HasCatalog(pl) after Install = false")
	}
	for _, tc := range []struct{ got, want string }{
		{T("Sign in"), "Zaloguj"},
		{N("{0} messages", 3), "3 wiadomości"},
		{T("Not in this catalog"), "Not in this catalog"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for _, tc := range []struct {
		tag, data string
	}{
		{"xx", `{}`},
		{"pl", `{"a": 3}`},
		{"de", `not json`},
	} {
		if err := Install(tc.tag, []byte(tc.data)); !errors.Is(err, ErrCatalog) {
			t.Errorf("Install(%q, %s) = %v, want ErrCatalog", tc.tag, tc.data, err)
		}
	}
	if T("Sign in") != "Zaloguj" {
		t.Error("a failed Install changed the current catalog")
	}
}

func TestCatalogPath(t *testing.T) {
	for _, l := range Languages() {
		if got, want := CatalogPath(l.Tag), "/web/i18n-"+l.Tag+".json"; got != want {
			t.Errorf("CatalogPath(%q) = %q, want %q", l.Tag, got, want)
		}
	}
	if !HasCatalog(Fallback) {
		t.Error("English is not embedded")
	}
	if HasCatalog("xx") {
		t.Error("HasCatalog(xx) = true")
	}
}

func TestSetErrorText(t *testing.T) {
	t.Cleanup(func() { SetErrorText(nil) })
	err := errors.New("raw words")
	if got := For("en").T("failed: {0}", err); got != "failed: raw words" {
		t.Errorf("without a hook: %q", got)
	}
	SetErrorText(func(e error) string { return "worded: " + e.Error() })
	if got := For("en").T("failed: {0}", err); got != "failed: worded: raw words" {
		t.Errorf("with a hook: %q", got)
	}
	SetErrorText(nil)
	if got := For("en").T("failed: {0}", err); got != "failed: raw words" {
		t.Errorf("after removing the hook: %q", got)
	}
}
