package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestMailtoQueryDropped holds issue 9's "drop the query of mailto:
// links": a mailto: link keeps its address and loses its query (which
// can carry attach=) and fragment, in HTML bodies and in linkified plain
// text; an address that hides a query in percent-encoding is no link.
func TestMailtoQueryDropped(t *testing.T) {
	tests := []struct {
		href string
		want string // "" for no link
	}{
		{"mailto:bob@example.com?attach=/etc/passwd", "mailto:bob@example.com"},
		{"mailto:bob@example.com?subject=hi&body=x&attach=%2Fhome%2Fme%2F.ssh%2Fid_rsa", "mailto:bob@example.com"},
		{"MAILTO:bob@example.com?Attach=C:/x", "mailto:bob@example.com"},
		{"mailto:bob@example.com#frag", "mailto:bob@example.com"},
		{"mailto:bob@example.com?", "mailto:bob@example.com"},
		{"mailto:bob@example.com", "mailto:bob@example.com"},
		{"mailto:bob@example.com%3Fattach=/etc/passwd", ""},
		{"mailto:bob@example.com%26attach=/etc/passwd", ""},
	}
	for _, tc := range tests {
		t.Run(tc.href, func(t *testing.T) {
			// HTML body: the href attribute of the one link.
			m := Render(msg("Content-Type: text/html\n", `<p><a href="`+tc.href+`">mail me</a></p>`), nil)
			mustSafe(t, m, false)
			got := linkHrefs(t, m.HTML.Body)
			switch {
			case tc.want == "" && len(got) != 0:
				t.Errorf("HTML: link kept as %q", got)
			case tc.want != "" && (len(got) != 1 || !strings.EqualFold(got[0], tc.want)):
				t.Errorf("HTML: hrefs %q, want %q", got, tc.want)
			}
			// Plain text: the span's Href; its Text keeps what was written.
			text := "write to " + tc.href + " now"
			m = Render(msg("Content-Type: text/plain\n", text), nil)
			mustSafe(t, m, false)
			var hrefs []string
			for _, s := range m.Text.Spans {
				if s.Href != "" {
					hrefs = append(hrefs, s.Href)
					if !strings.HasPrefix(tc.href, s.Text) && s.Text != tc.href {
						t.Errorf("text: link text %q, want the text as written", s.Text)
					}
				}
			}
			switch {
			case tc.want == "" && len(hrefs) != 0:
				t.Errorf("text: linked as %q", hrefs)
			case tc.want != "" && (len(hrefs) != 1 || !strings.EqualFold(hrefs[0], tc.want)):
				t.Errorf("text: hrefs %q, want %q", hrefs, tc.want)
			}
			if tc.want != "" && strings.Contains(strings.ToLower(m.Text.HTML), "attach") && strings.Contains(m.Text.HTML, `href="`+tc.href) {
				t.Errorf("text HTML links the query: %s", m.Text.HTML)
			}
		})
	}
}

// linkHrefs lists the href of every <a> in an HTML body, as the browser
// parses it.
func linkHrefs(t *testing.T, body string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var hrefs []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" && attr(n, "href") != "" {
			hrefs = append(hrefs, attr(n, "href"))
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return hrefs
}

// TestDNSPrefetchOff holds issue 9's "turn DNS prefetching off" inside
// the message frame: the meta comes right after the CSP meta, before
// anything of the message, with and without remote content.
func TestDNSPrefetchOff(t *testing.T) {
	const meta = `<meta http-equiv="x-dns-prefetch-control" content="off">`
	for _, allow := range []bool{false, true} {
		m := Render(msg("Content-Type: text/html\n", `<p><a href="https://remote.example/">a link whose host a browser would resolve</a></p>`), &Options{AllowRemote: allow})
		csp := `<meta http-equiv="Content-Security-Policy" content="` + html.EscapeString(CSP(allow)) + `">`
		if !strings.HasPrefix(m.HTML.SrcDoc, csp+meta) {
			t.Errorf("AllowRemote=%v: SrcDoc does not start with the CSP meta then %s:\n%s", allow, meta, m.HTML.SrcDoc)
		}
		mustSafe(t, m, allow) // checkSrcDoc also wants it second in <head>
	}
}
