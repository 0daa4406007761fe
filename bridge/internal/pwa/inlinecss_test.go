package pwa

import (
	"io"
	"strings"
	"testing"
)

func TestInlineStyles(t *testing.T) {
	css := map[string][]byte{"/app.css": []byte("a{color:red}"), "/web/app.css": []byte("b{}"), "/evil.css": []byte("x{}</STYLE><script>")}
	for _, tc := range []struct{ name, page, want string }{
		{"stylesheet, in place", `<head><link rel="stylesheet" type="text/css" href="/app.css"><title>`, `<head><style>a{color:red}</style><title>`},
		{"attributes in another order", `<link href="/web/app.css" type="text/css" rel="stylesheet">`, `<style>b{}</style>`},
		{"the cascade's order kept", `<link rel="stylesheet" href="/app.css"><link rel="stylesheet" href="/web/app.css">`, `<style>a{color:red}</style><style>b{}</style>`},
		{"preload dropped", `<link type="text/css" rel="preload" href="/app.css" as="style"><i>`, `<i>`},
		{"another file kept", `<link rel="stylesheet" href="/other.css">`, `<link rel="stylesheet" href="/other.css">`},
		{"an icon kept", `<link href="/app.css" rel="icon">`, `<link href="/app.css" rel="icon">`},
		{"a stylesheet that would end the element stays linked", `<link rel="stylesheet" href="/evil.css">`, `<link rel="stylesheet" href="/evil.css">`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(inlineStyles(css)([]byte(tc.page))); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// The page the bridge serves carries both stylesheets, go-app's and the
// app's, and links neither: the sign-in shell paints without waiting for
// a request.
func TestPageInlinesStyles(t *testing.T) {
	dir, _ := webDir(t, false, false)
	h, err := New(&Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	goappCSS, err := io.ReadAll(get(t, h, "/app.css", nil).Body)
	if err != nil || len(goappCSS) == 0 {
		t.Fatalf("go-app's /app.css: %d bytes, %v", len(goappCSS), err)
	}
	body, _ := io.ReadAll(get(t, h, "/", nil).Body)
	page := string(body)
	for _, want := range []string{"<style>" + string(goappCSS) + "</style>", "<style>body{}</style>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %.60q…", want)
		}
	}
	for _, tag := range linkTag.FindAllString(page, -1) {
		if href := attr(hrefAttr, []byte(tag)); href == "/app.css" || href == "/web/app.css" {
			t.Errorf("the page still links %s: %s", href, tag)
		}
	}
	// The files stay served: the service worker caches them, and a page
	// cached before this change links them.
	if res := get(t, h, "/web/app.css", nil); res.StatusCode != 200 {
		t.Errorf("/web/app.css: %s", res.Status)
	}
}
