package pwa

import (
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
)

// TestPageInlinesStyles: the page carries go-app's stylesheet and then
// the app's, in that order (the cascade's), as style elements, and links
// neither: no render-blocking fetch stands before the first paint. The
// files are still served, for the service worker and the message frame.
func TestPageInlinesStyles(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	goApp, _ := io.ReadAll(get(t, h, "/app.css", nil).Body)
	ours, _ := io.ReadAll(get(t, h, "/web/app.css", nil).Body)
	if len(goApp) < 100 || string(ours) != "body{}" {
		t.Fatalf("the sheets are not served: go-app's %d bytes, the app's %q", len(goApp), ours)
	}
	// go-app orders a tag's attributes at random: ask often enough to
	// meet every order.
	for range 20 {
		page, _ := io.ReadAll(get(t, h, "/", nil).Body)
		styles := regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllSubmatch(page, -1)
		if len(styles) != 2 || string(styles[0][1]) != string(goApp) || string(styles[1][1]) != string(ours) {
			t.Fatalf("the page does not carry go-app's sheet and then the app's (%d style elements)", len(styles))
		}
		for _, link := range regexp.MustCompile(`<link\s[^>]*>`).FindAll(page, -1) {
			if strings.Contains(string(link), ".css") {
				t.Errorf("the page still links %s", link)
			}
		}
	}
}

// TestInlineEdit: the edit on go-app's markup, with the control that a
// tag it does not know passes unchanged.
func TestInlineEdit(t *testing.T) {
	in, err := newInlined(map[string][]byte{"/a.css": []byte("p{color:red}")}, map[string][]byte{"/s.js": []byte("run()")})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ page, want string }{
		{`<link type="text/css" rel="preload" href="/a.css" as="style">`, ``},
		{`<link href="/a.css" type="text/css" rel="stylesheet">`, `<style>p{color:red}</style>`},
		{`<script src="/s.js"></script>`, `<script>run()</script>`},
		{`<link rel="stylesheet" href="/other.css">`, `<link rel="stylesheet" href="/other.css">`},
		{`<link rel="icon" href="/a.css">`, `<link rel="icon" href="/a.css">`},
		{`<script defer src="/app.js"></script>`, `<script defer src="/app.js"></script>`},
	} {
		if got := string(in.edit([]byte(tc.page))); got != tc.want {
			t.Errorf("edit(%s) = %s, want %s", tc.page, got, tc.want)
		}
	}
}

// TestInlineRefusesEndTags: a file whose text would end its element, or
// change how the parser reads a script, is refused with errInlineEnds.
func TestInlineRefusesEndTags(t *testing.T) {
	for _, tc := range []struct {
		name            string
		styles, scripts map[string][]byte
		bad             bool
	}{
		{"clean", map[string][]byte{"/a.css": []byte("a{}")}, map[string][]byte{"/s.js": []byte("x < y")}, false},
		{"style end", map[string][]byte{"/a.css": []byte("a{}</style><script>")}, nil, true},
		{"style end, upper case", map[string][]byte{"/a.css": []byte("a{}</STYLE >")}, nil, true},
		{"script end", nil, map[string][]byte{"/s.js": []byte(`s = "</script>"`)}, true},
		{"comment opener", nil, map[string][]byte{"/s.js": []byte(`s = "<!--"`)}, true},
		{"script opener", nil, map[string][]byte{"/s.js": []byte(`s = "<Script"`)}, true},
	} {
		_, err := newInlined(tc.styles, tc.scripts)
		if got := errors.Is(err, errInlineEnds); got != tc.bad {
			t.Errorf("%s: error %v, want errInlineEnds %v", tc.name, err, tc.bad)
		}
	}
}

// FuzzInlineEdit: the edit never fails on any page, and a page without
// a tag it knows comes back unchanged.
func FuzzInlineEdit(f *testing.F) {
	in, err := newInlined(map[string][]byte{"/a.css": []byte("p{}")}, map[string][]byte{"/s.js": []byte("run()")})
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`<link rel="stylesheet" href="/a.css"><script src="/s.js"></script>`))
	f.Add([]byte(`<link rel=stylesheet href=/a.css>`))
	f.Fuzz(func(t *testing.T, page []byte) {
		got := in.edit(page)
		if !strings.Contains(string(page), "/a.css") && !strings.Contains(string(page), "/s.js") && string(got) != string(page) {
			t.Errorf("edit changed a page that names none of its files: %q → %q", page, got)
		}
	})
}

// TestStaticPageLoadsScript: a page exported for a web server with a
// fixed policy (Options.Static) loads snapshot.js and carries no inline
// script, so its policy needs no hash; its stylesheets stay inline.
func TestStaticPageLoadsScript(t *testing.T) {
	dir, _ := webDir(t, false, false)
	for _, static := range []bool{false, true} {
		h, err := New(&Options{Dir: dir, Static: static})
		if err != nil {
			t.Fatal(err)
		}
		res := get(t, h, "/", nil)
		page, _ := io.ReadAll(res.Body)
		inline := strings.Contains(string(page), "<script>")
		loads := strings.Contains(string(page), `src="/snapshot.js"`)
		hashed := strings.Contains(res.Header.Get("Content-Security-Policy"), "'sha256-")
		if inline == static || loads != static || hashed == static || !strings.Contains(string(page), "<style>") {
			t.Errorf("Static %v: inline script %v, loads /snapshot.js %v, hash in the policy %v", static, inline, loads, hashed)
		}
	}
}
