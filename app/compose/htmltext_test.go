package compose

import (
	"strings"
	"testing"
)

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>one</p><p>two</p>", "one\n\ntwo"},
		{"a<br>b<br/>c", "a\nb\nc"},
		{"<div>  spaced \n\t out  </div>", "spaced out"},
		{"<b>bold</b><i>it</i> next", "boldit next"},
		{"<ul><li>x</li><li>y</li></ul>after", "* x\n* y\n\nafter"},
		{"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a b\nc"},
		{"<pre>  keep\n    this</pre>", "keep\n    this"},
		{`<a href="https://example.com/a">here</a>`, "here <https://example.com/a>"},
		{`<a href="https://example.com/a">https://example.com/a</a>`, "https://example.com/a"},
		{`<a href="mailto:a@x.org">a@x.org</a>`, "a@x.org"},
		{"<style>p{}</style><title>t</title><script>x()</script>shown", "shown"},
		{"&lt;tag&gt; &amp; &eacute;", "<tag> & é"},
		{"<p>unclosed <b>tags", "unclosed tags"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	// A link with an enormous text stays linear: its text is compared,
	// not kept, beyond a bound.
	big := `<a href="https://x.org/">` + strings.Repeat("w<b></b>", 200000) + "</a>"
	if got := htmlText(big); !strings.HasSuffix(got, " <https://x.org/>") {
		t.Errorf("long link text: %.40q", got[len(got)-40:])
	}
}
