package pwa

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/routes"
)

// TestCatalogsServedAndPrecached: the catalogs that app.wasm leaves out
// are served from web/ and in the service worker's install list, so
// that choosing a language works offline; roots.pem, which the worker
// caches the same way, shows the list is the one that counts.
func TestCatalogsServedAndPrecached(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	worker, _ := io.ReadAll(get(t, h, "/app-worker.js", nil).Body)
	m := regexp.MustCompile(`(?m)^const resourcesToCache = (\[.*\]);$`).FindSubmatch(worker)
	if m == nil {
		t.Fatalf("no resource list in app-worker.js:\n%.300s", worker)
	}
	var cached []string
	if err := json.Unmarshal(m[1], &cached); err != nil {
		t.Fatal(err)
	}
	want := []string{"/web/roots.pem"}
	for _, l := range i18n.Languages() {
		if l.Tag != i18n.Fallback {
			want = append(want, i18n.CatalogPath(l.Tag))
		}
	}
	if len(want) < 4 {
		t.Fatalf("only %d paths to look for: %q", len(want), want)
	}
	for _, p := range want {
		if !slices.Contains(cached, p) {
			t.Errorf("the service worker does not pre-cache %s: %q", p, cached)
		}
		resp := get(t, h, p, nil)
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != http.StatusOK || len(body) == 0 {
			t.Errorf("GET %s: HTTP %d, %d bytes", p, resp.StatusCode, len(body))
		}
	}
}

func TestAcceptLanguages(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   []string
	}{
		{"", []string{}},
		{"ar", []string{"ar"}},
		{"ar-EG,ar;q=0.9,en;q=0.8", []string{"ar-EG", "ar", "en"}},
		{"en;q=0.5, pl", []string{"pl", "en"}},
		{"de;q=0, pl;q=0.1", []string{"pl"}},
		{"fr;q=0.8, de;q=0.8, pl;q=0.9", []string{"pl", "fr", "de"}},
		{"de;q=x, pl", []string{"pl"}},
		{" , ;q=1, en-GB ", []string{"en-GB"}},
	} {
		if got := acceptLanguages(tc.header); !slices.Equal(got, tc.want) {
			t.Errorf("acceptLanguages(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

// TestShellInTheBrowsersLanguage: the page the bridge draws is in the
// language that Accept-Language asks for, with its direction, its
// words from that language's catalog, and headers saying so; the
// English page, drawn through the same path, is the control that the
// words looked for are the ones that change.
func TestShellInTheBrowsersLanguage(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ accept, tag, dir string }{
		{"", "en", "ltr"},
		{"ar-EG,ar;q=0.9,en;q=0.8", "ar", "rtl"},
		{"pl", "pl", "ltr"},
		{"fr-CH, de;q=0.9", "de", "ltr"},
		{"ja", "en", "ltr"},
	} {
		resp := get(t, h, "/", map[string]string{"Accept-Language": tc.accept})
		body, _ := io.ReadAll(resp.Body)
		page := string(body)
		if got := resp.Header.Get("Content-Language"); got != tc.tag {
			t.Errorf("Accept-Language %q: Content-Language %q, want %q", tc.accept, got, tc.tag)
		}
		if !slices.Contains(resp.Header.Values("Vary"), "Accept-Language") {
			t.Errorf("Accept-Language %q: Vary %q lacks Accept-Language", tc.accept, resp.Header.Values("Vary"))
		}
		if !regexp.MustCompile(`<html [^>]*lang="`+tc.tag+`"`).MatchString(page) || !regexp.MustCompile(`<html [^>]*dir="`+tc.dir+`"`).MatchString(page) {
			t.Errorf("Accept-Language %q: the page opens %.120q, want lang=%s dir=%s", tc.accept, page[strings.Index(page, "<html"):], tc.tag, tc.dir)
		}
		l := i18n.For(tc.tag)
		for _, key := range []string{"User name", "Password", "Mail server", routes.ShellSubmitText, routes.LoadingLabel} {
			want := html.EscapeString(l.T(key))
			if !strings.Contains(page, want) {
				t.Errorf("Accept-Language %q: the page lacks %q (%q in %s)", tc.accept, want, key, tc.tag)
			}
			if tc.tag != "en" && l.T(key) == key {
				t.Errorf("%q is not translated into %s: the check would not see a page left in English", key, tc.tag)
			}
		}
	}
}

// FuzzAcceptLanguages: whatever the header, the ranges are trimmed,
// non-empty pieces of it, no more than it has, each without a
// parameter.
func FuzzAcceptLanguages(f *testing.F) {
	for _, s := range []string{"ar-EG,ar;q=0.9,en;q=0.8", "de;q=0", ";q=1,,", "pl;q=NaN, en;q=-1", "*"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got := acceptLanguages(header)
		if len(got) > strings.Count(header, ",")+1 {
			t.Fatalf("acceptLanguages(%q) = %q: more ranges than the header has", header, got)
		}
		for _, r := range got {
			if r == "" || r != strings.TrimSpace(r) || strings.ContainsAny(r, ",;") || !strings.Contains(header, r) {
				t.Fatalf("acceptLanguages(%q) has %q", header, r)
			}
		}
	})
}
