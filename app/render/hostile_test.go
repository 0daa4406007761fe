package render

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// hostileDir holds one hostile message per attack; its README says how
// the end-to-end tests use them.
const hostileDir = "../../testdata/hostile"

func hostileFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(hostileDir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("only %d hostile messages in %s, want at least 40", len(files), hostileDir)
	}
	return files
}

// TestHostile renders every hostile message with remote content blocked
// and allowed, and checks the output structurally (see safety_test.go).
func TestHostile(t *testing.T) {
	for _, f := range hostileFiles(t) {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(f), ".eml"), func(t *testing.T) {
			h, _, _ := parseHeader(raw)
			if h.get("X-Poppy-Attack") == "" {
				t.Errorf("no X-Poppy-Attack field naming the attack")
			}
			expect := h.get("X-Poppy-Expect")
			for _, allow := range []bool{false, true} {
				var m *Message
				withinBudget(t, len(raw), 5*time.Second, 0, func() {
					m = Render(raw, &Options{AllowRemote: allow})
				})
				for _, v := range checkMessage(m, allow) {
					t.Errorf("AllowRemote=%v: %s", allow, v)
				}
				for _, p := range m.Problems {
					if p == internalErrorNote {
						t.Errorf("AllowRemote=%v: recovered from a panic", allow)
					}
				}
				if string(m.Raw) != string(raw) {
					t.Errorf("Raw is not the input")
				}
				switch expect {
				case "remote-blocked":
					if m.HTML == nil || !m.HTML.HasRemote {
						t.Errorf("AllowRemote=%v: HasRemote not set", allow)
					} else if !allow && m.HTML.RemoteBlocked == 0 {
						t.Errorf("RemoteBlocked = 0 for a message with remote images")
					}
				case "linear":
					// Well within time linear in the size, on the CPU
					// clock (the 5 s bound above is the wall clock's).
					withinBudget(t, len(raw), 100*time.Millisecond, 2*time.Microsecond, func() {
						Render(raw, &Options{AllowRemote: allow})
					})
				case "mailto-address-only":
					checkMailtoAddressOnly(t, m)
				case "remote-blocked-nested":
					if len(m.Nested) != 1 || m.Nested[0].HTML == nil {
						t.Fatalf("want one nested HTML message")
					}
					if !allow && m.Nested[0].HTML.RemoteBlocked == 0 {
						t.Errorf("nested RemoteBlocked = 0")
					}
				}
				if list, ok := strings.CutPrefix(expect, "visible "); ok {
					// "N:TEXT …": TEXT is visible in part N's box.
					for _, item := range strings.Fields(list) {
						n, text, _ := strings.Cut(item, ":")
						part, err := strconv.Atoi(n)
						if err != nil || m.HTML == nil {
							t.Fatalf("X-Poppy-Expect item %q: want N:TEXT and an HTML body", item)
						}
						if why := partVisibility(m.HTML.SrcDoc, text, part); why != "" {
							t.Errorf("AllowRemote=%v: %s is not visible: %s", allow, text, why)
						}
					}
				}
			}
		})
	}
}

// checkMailtoAddressOnly wants at least one mailto: link in m, in its
// HTML body and in its text, and none with a query or fragment.
func checkMailtoAddressOnly(t *testing.T, m *Message) {
	t.Helper()
	var hrefs []string
	if m.HTML != nil {
		hrefs = append(hrefs, linkHrefs(t, m.HTML.Body)...)
	}
	if m.Text != nil {
		for _, s := range m.Text.Spans {
			hrefs = append(hrefs, s.Href)
		}
	}
	mailtos := 0
	for _, h := range hrefs {
		if !hasPrefixFold(h, "mailto:") {
			continue
		}
		mailtos++
		if strings.ContainsAny(h, "?#") || strings.Contains(strings.ToLower(h), "%3f") {
			t.Errorf("mailto: link %q keeps a query", h)
		}
	}
	if mailtos == 0 {
		t.Errorf("no mailto: link at all: the check saw nothing")
	}
}

// TestHostileSpecifics pins down how particular attacks come out.
func TestHostileSpecifics(t *testing.T) {
	load := func(name string, opts *Options) *Message {
		t.Helper()
		files, _ := filepath.Glob(filepath.Join(hostileDir, "*-"+name+".eml"))
		if len(files) != 1 {
			t.Fatalf("hostile message %q: found %d files", name, len(files))
		}
		raw, err := os.ReadFile(files[0])
		if err != nil {
			t.Fatal(err)
		}
		return Render(raw, opts)
	}

	t.Run("remote images are counted", func(t *testing.T) {
		m := load("remote-images", nil)
		// body bg, pixel, logo, upper, space, 2 srcset, table, tr, td:
		// 10 distinct URLs (the scheme-relative one is dropped as relative).
		if got := m.HTML.RemoteBlocked; got != 10 {
			t.Errorf("RemoteBlocked = %d, want 10", got)
		}
		if strings.Contains(m.HTML.Body, "remote.example") {
			t.Errorf("a remote URL survived: %s", m.HTML.Body)
		}
		m = load("remote-images", &Options{AllowRemote: true})
		if m.HTML.RemoteBlocked != 0 || !strings.Contains(m.HTML.Body, `src="http://remote.example/pixel.gif"`) ||
			!strings.Contains(m.HTML.Body, `background="http://remote.example/td-bg.png"`) ||
			!strings.Contains(m.HTML.Body, `srcset="http://remote.example/a1.png 1x, http://remote.example/a2.png 2x"`) {
			t.Errorf("AllowRemote did not keep the images: %s", m.HTML.Body)
		}
		if !strings.Contains(m.HTML.CSP, "img-src data: https: http:") {
			t.Errorf("CSP with AllowRemote: %s", m.HTML.CSP)
		}
	})
	t.Run("css remote urls are counted and kept only when allowed", func(t *testing.T) {
		m := load("css-url-remote", nil)
		// sheet-bg, sheet-x, bg, a, td; list-style-image and cursor are
		// not allowed properties at all, so they are not "blocked".
		if m.HTML.RemoteBlocked != 5 {
			t.Errorf("RemoteBlocked = %d, want 5", m.HTML.RemoteBlocked)
		}
		if !strings.Contains(m.HTML.Body, `style="color: red"`) {
			t.Errorf("safe declarations next to a blocked url() were lost: %s", m.HTML.Body)
		}
		m = load("css-url-remote", &Options{AllowRemote: true})
		if !strings.Contains(m.HTML.SrcDoc, "url(http://remote.example/sheet-bg.png)") ||
			!strings.Contains(m.HTML.Body, "url(http://remote.example/bg.png)") {
			t.Errorf("AllowRemote did not keep CSS images: %s", m.HTML.SrcDoc)
		}
	})
	t.Run("cid to text/html is a placeholder", func(t *testing.T) {
		m := load("cid-to-text-html", nil)
		if !strings.Contains(m.HTML.Body, "data:"+placeholder) {
			t.Errorf("want the placeholder image: %s", m.HTML.Body)
		}
		if len(m.Attachments) != 1 || m.Attachments[0].Embedded {
			t.Errorf("the text/html part must be an attachment, not embedded: %+v", m.Attachments)
		}
	})
	t.Run("cid image type is canonical", func(t *testing.T) {
		m := load("cid-quotes", nil)
		if !strings.Contains(m.HTML.Body, `src="data:image/png;base64,iVBOR`) {
			t.Errorf("the PNG was not inlined: %s", m.HTML.Body)
		}
		if strings.Contains(m.HTML.Body, "onerror") {
			t.Errorf("onerror survived: %s", m.HTML.Body)
		}
	})
	t.Run("svg is never inlined", func(t *testing.T) {
		m := load("cid-svg", nil)
		if strings.Contains(m.HTML.Body, "image/svg") {
			t.Errorf("SVG inlined: %s", m.HTML.Body)
		}
	})
	t.Run("links", func(t *testing.T) {
		m := load("link-target-opener", nil)
		if strings.Count(m.HTML.Body, `target="_blank"`) != 4 || strings.Count(m.HTML.Body, "noopener") != 4 ||
			strings.Count(m.HTML.Body, "noreferrer") != 5 {
			t.Errorf("links: %s", m.HTML.Body)
		}
		for _, bad := range []string{"_self", "_top", "_parent", "ping=", `rel="opener"`, "<area"} {
			if strings.Contains(m.HTML.Body, bad) {
				t.Errorf("%q survived: %s", bad, m.HTML.Body)
			}
		}
	})
	t.Run("headers stay text", func(t *testing.T) {
		m := load("encoded-word-headers", nil)
		if want := "<script>alert('POPPY-XSS')</script>x Bcc: victim@poppy.test"; m.Subject != want {
			t.Errorf("Subject = %q, want %q", m.Subject, want)
		}
		if len(m.Attachments) != 1 || m.Attachments[0].Name != "invoicefdp.exe" {
			t.Errorf("attachment name: %+v", m.Attachments)
		}
		if len(m.ReplyTo) != 1 || m.ReplyTo[0].Name != "<img src=x onerror=alert(1)>" {
			t.Errorf("Reply-To: %+v", m.ReplyTo)
		}
	})
	t.Run("html attachment stays an attachment", func(t *testing.T) {
		m := load("html-attachment", nil)
		if m.HTML != nil {
			t.Errorf("an attachment became the HTML body")
		}
		if len(m.Attachments) != 2 || m.Attachments[0].ContentType != "text/html" || m.Attachments[0].Name != "invoice.html" {
			t.Errorf("attachments: %+v", m.Attachments)
		}
	})
	t.Run("text linkify", func(t *testing.T) {
		m := load("text-linkify", nil)
		if m.HTML != nil || m.Text == nil {
			t.Fatalf("want a text body")
		}
		if strings.Contains(m.Text.HTML, "<script") || strings.Contains(m.Text.HTML, `" onmouseover`) {
			t.Errorf("text HTML: %s", m.Text.HTML)
		}
		if !strings.Contains(m.Text.HTML, `<a href="http://google.com" target="_blank" rel="noopener noreferrer">http://google.com</a>?&#34;onmouseover=`) {
			t.Errorf("the quote must end the link: %s", m.Text.HTML)
		}
	})
	t.Run("stray semicolons in a sheet", func(t *testing.T) {
		m := load("css-stray-semicolon", nil)
		if !strings.Contains(m.HTML.SrcDoc, "p { color: green }") || !strings.Contains(m.HTML.SrcDoc, "q { color: blue }") {
			t.Errorf("rules lost: %s", m.HTML.SrcDoc)
		}
	})
	t.Run("css tokenizer dos", func(t *testing.T) {
		var m *Message
		withinBudget(t, 0, 2*time.Second, 0, func() { m = load("css-tokenizer-dos", nil) })
		if !strings.Contains(strings.Join(m.Problems, "\n"), "styles") {
			t.Errorf("no note about dropped styles: %q", m.Problems)
		}
	})
	t.Run("css parser dos", func(t *testing.T) {
		var m *Message
		withinBudget(t, 0, 2*time.Second, 0, func() { m = load("css-parser-dos", nil) })
		if !strings.Contains(strings.Join(m.Problems, "\n"), "styles") {
			t.Errorf("no note about dropped styles: %q", m.Problems)
		}
		if !strings.Contains(m.HTML.Body, "end") {
			t.Errorf("body lost: %s", m.HTML.Body)
		}
	})
}
