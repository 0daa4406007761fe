package render

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzRender feeds arbitrary bytes to Render: it must never panic (the
// recover in Render would hide one, so the note it leaves is checked),
// must stay within a time budget linear in the input (see timeBudget),
// and every output must pass the structural safety check. The seeds are
// the corpus, the hostile messages and testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	for _, pattern := range []string{
		filepath.Join(mimeDir, "*", "*.raw"),
		filepath.Join(hostileDir, "*.eml"),
	} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b, false)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw []byte, allowRemote bool) {
		var m *Message
		withinBudget(t, len(raw), 200*time.Millisecond, 5*time.Microsecond, func() {
			m = Render(raw, &Options{AllowRemote: allowRemote, MaxParts: 200})
		})
		if recovered(m) {
			t.Fatalf("Render panicked")
		}
		for _, v := range checkMessage(m, allowRemote) {
			t.Errorf("unsafe output: %s", v)
		}
		if string(m.Raw) != string(raw) {
			t.Errorf("Raw is not the input")
		}
		_ = Headers(raw, nil)
	})
}

// recovered reports whether rendering m or a nested message recovered
// from a panic.
func recovered(m *Message) bool {
	for _, p := range m.Problems {
		if p == internalErrorNote {
			return true
		}
	}
	for _, n := range m.Nested {
		if recovered(n) {
			return true
		}
	}
	return false
}

// FuzzLinkify cuts arbitrary text into spans: they must add up to the
// text, link only http(s) URLs with a host and mailto: addresses without
// a query, and the cut must stay within a time budget linear in the text
// (the budget catches a quadratic loop on the pathological seeds of
// testdata/fuzz/FuzzLinkify: a URL followed by many ')' or ']', runs of
// schemes, many links).
func FuzzLinkify(f *testing.F) {
	for _, s := range []string{"see http://x.org/a_(b).", "mailto:a@b.example?attach=/etc/passwd", "http://[::1]:80/)]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var spans []Span
		withinBudget(t, len(text), 2*time.Millisecond, 500*time.Nanosecond, func() { spans = linkify(text) })
		var joined strings.Builder
		for _, s := range spans {
			joined.WriteString(s.Text)
			if s.Href == "" {
				continue
			}
			if !validLink(s.Href) {
				t.Errorf("span links to %q, which is not a valid link", s.Href)
			}
			if hasPrefixFold(s.Href, "mailto:") && strings.ContainsAny(s.Href, "?#") {
				t.Errorf("mailto: link %q keeps a query or fragment", s.Href)
			}
			// (An apostrophe may stay inside a link; every href is
			// escaped on output.)
			if strings.ContainsAny(s.Href, " \t\r\n\"<>") {
				t.Errorf("href %q holds white space, a double quote or an angle bracket", s.Href)
			}
		}
		if joined.String() != text {
			t.Errorf("spans do not add up to the text")
		}
	})
}

// FuzzCSS puts arbitrary CSS into a style attribute and a <style> sheet
// of an HTML message, the two ways CSS reaches the sanitizer: the output
// must pass the safety check, and rendering must stay within a time
// budget linear in the CSS (the seeds of testdata/fuzz/FuzzCSS include
// escape bombs, escape chains, url( nesting and parenthesis runs).
func FuzzCSS(f *testing.F) {
	for _, s := range []string{`color: red; background: url(http://remote.example/x.png)`, `font-family: "\5FAE\8F6F\96C5\9ED1"`, `p { color: \72 ed }`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, css string) {
		attr := strings.NewReplacer("&", "&amp;", `"`, "&quot;").Replace(css)
		raw := htmlMessage(`<p style="` + attr + `">x</p><style>` + css + `</style><p>y</p>`)
		for _, allow := range []bool{false, true} {
			var m *Message
			withinBudget(t, len(raw), 20*time.Millisecond, 4*time.Microsecond, func() {
				m = Render(raw, &Options{AllowRemote: allow})
			})
			if recovered(m) {
				t.Fatalf("Render panicked")
			}
			for _, v := range checkMessage(m, allow) {
				t.Errorf("AllowRemote=%v: unsafe output: %s", allow, v)
			}
		}
	})
}
