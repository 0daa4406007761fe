package render

import (
	"strings"
	"testing"
)

func TestLinkify(t *testing.T) {
	// In want, [text|href] is a link whose text differs from its href,
	// [url] a link to itself; everything else is text.
	tests := []struct{ in, want string }{
		{"", ""},
		{"no links here", "no links here"},
		{"see http://example.com.", "see [http://example.com]."},
		{"HTTPS://EXAMPLE.COM/A", "[HTTPS://EXAMPLE.COM/A]"},
		{"(see https://x.org/a_(b)), ok", "(see [https://x.org/a_(b)]), ok"},
		{"[https://x.org/]", "[[https://x.org/]]"},
		{"<http://x.org/path?q=1&r=2>", "<[http://x.org/path?q=1&r=2]>"},
		{"mailto:a@b.example?subject=hi!", "[mailto:a@b.example?subject=hi|mailto:a@b.example]!"},
		{"a http://x.org/1 b https://y.org/2 c", "a [http://x.org/1] b [https://y.org/2] c"},
		{"http://例え.jp/パス", "[http://例え.jp/パス]"},
		{"http://x.org/\u202Egnp.exe", "[http://x.org/]\u202Egnp.exe"},
		// not links
		{"http://", "http://"},
		{"http:// x", "http:// x"},
		{"xhttp://evil.example", "xhttp://evil.example"},
		{"javascript:alert(1)", "javascript:alert(1)"},
		{"data:text/html,<script>", "data:text/html,<script>"},
		{"mailto:nobody", "mailto:nobody"},
		{"mailto:mailto:mailto:", "mailto:mailto:mailto:"},
		{"ftp://x.org/", "ftp://x.org/"},
		// breaking out of the href
		{`http://x.org/"onmouseover="alert(1)"`, `[http://x.org/]"onmouseover="alert(1)"`},
		{`http://x.org/'onmouseover='alert(1)`, `[http://x.org/'onmouseover='alert(1)]`},
		{"http://x.org/&quot;onclick=alert(1)", "[http://x.org/&quot;onclick=alert(1)]"},
		{"http://x.org/<script>", "[http://x.org/]<script>"},
		{"http://x.org/`x`", "[http://x.org/]`x`"},
		{"http://\"onclick=alert(1)", "http://\"onclick=alert(1)"},
	}
	for _, tt := range tests {
		spans := linkify(tt.in)
		var got strings.Builder
		for _, s := range spans {
			switch {
			case s.Href == "":
				got.WriteString(s.Text)
			case s.Href == s.Text:
				got.WriteString("[" + s.Text + "]")
			default:
				got.WriteString("[" + s.Text + "|" + s.Href + "]")
			}
		}
		if got.String() != tt.want {
			t.Errorf("linkify(%q) = %q, want %q", tt.in, got.String(), tt.want)
		}
		tb := newTextBody(tt.in)
		for _, v := range checkTextHTML(tb.HTML) {
			t.Errorf("linkify(%q): %s", tt.in, v)
		}
	}
}

func TestTextHTMLEscaping(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<b>&amp;</b>`, `<pre class="mail-text">&lt;b&gt;&amp;amp;&lt;/b&gt;</pre>`},
		{`http://x.org/?a=1&b="2"`, `<pre class="mail-text"><a href="http://x.org/?a=1&amp;b=" target="_blank" rel="noopener noreferrer">http://x.org/?a=1&amp;b=</a>&#34;2&#34;</pre>`},
		{`http://x.org/&quot;x`, `<pre class="mail-text"><a href="http://x.org/&amp;quot;x" target="_blank" rel="noopener noreferrer">http://x.org/&amp;quot;x</a></pre>`},
		{"it's", `<pre class="mail-text">it&#39;s</pre>`},
	}
	for _, tt := range tests {
		if got := newTextBody(tt.in).HTML; got != tt.want {
			t.Errorf("HTML(%q) =\n %s\nwant\n %s", tt.in, got, tt.want)
		}
	}
}

func TestUnflow(t *testing.T) {
	tests := []struct {
		in    string
		delsp bool
		want  string
	}{
		{"one \ntwo\n", false, "one two\n"},
		{"one \ntwo\n", true, "onetwo\n"},
		{" >not quoted\n", false, ">not quoted\n"},
		{"> a \n> b\nc\n", false, "> a b\nc\n"},
		{"> a \n>> b\n", false, "> a \n>> b\n"},
		{"-- \nsig", false, "-- \nsig"},
		{"last \n", false, "last \n"},
	}
	for _, tt := range tests {
		if got := unflow(tt.in, tt.delsp); got != tt.want {
			t.Errorf("unflow(%q, %v) = %q, want %q", tt.in, tt.delsp, got, tt.want)
		}
	}
}
