package render

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplitMultipart(t *testing.T) {
	tests := []struct {
		name, body    string
		max           int
		parts         []string
		found, closed bool
		more          bool
	}{
		{"crlf", "--b\r\nA\r\n--b\r\nB\r\n--b--\r\n", 10, []string{"A", "B"}, true, true, false},
		{"lf", "--b\nA\n--b\nB\n--b--\n", 10, []string{"A", "B"}, true, true, false},
		{"preamble and padding", "pre\r\n--b \t\r\nA\r\n--b--junk", 10, []string{"A"}, true, true, false},
		{"empty part", "--b\r\n--b\r\nB\r\n--b--", 10, []string{"", "B"}, true, true, false},
		{"longer boundary", "--b\r\nA\r\n--bb\r\nA2\r\n--b--", 10, []string{"A\r\n--bb\r\nA2"}, true, true, false},
		{"mid-line", "--b\r\nA --b\r\n--b--", 10, []string{"A --b"}, true, true, false},
		{"unclosed", "--b\r\nA\r\n--b\r\nB\r\n", 10, []string{"A", "B\r\n"}, true, false, false},
		{"unclosed, blank last part", "--b\r\nA\r\n--b\r\n\r\n", 10, []string{"A"}, true, false, false},
		{"none", "no delimiter", 10, nil, false, false, false},
		{"max", "--b\nA\n--b\nB\n--b\nC\n--b--", 2, []string{"A", "B"}, true, false, true},
		{"delimiter at end", "--b", 10, nil, true, false, false},
	}
	for _, tt := range tests {
		parts, found, closed, more := splitMultipart([]byte(tt.body), "b", tt.max)
		var got []string
		for _, p := range parts {
			got = append(got, string(p))
		}
		if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.parts) || found != tt.found || closed != tt.closed || more != tt.more {
			t.Errorf("%s: got %q found=%v closed=%v more=%v, want %q %v %v %v", tt.name, got, found, closed, more,
				tt.parts, tt.found, tt.closed, tt.more)
		}
	}
}

func TestDecodeTransfer(t *testing.T) {
	tests := []struct {
		cte, in string
		text    bool
		want    string
		note    string
	}{
		{"", "raw\r\n", false, "raw\r\n", ""},
		{"7BIT", "x", false, "x", ""},
		{"quoted-printable", "a=3Db=\r\nc  \r\nd=\ne", false, "a=bc\r\nde", ""},
		{"quoted-printable", "bad =ZZ and =4", false, "bad =ZZ and =4", ""},
		{"quoted-printable", "lower =c3=a9", false, "lower é", ""},
		{"base64", "aGVs\r\nbG8=\r\n", false, "hello", ""},
		{"base64", "aGVs bG8", false, "hello", ""},
		{"base64", "aGVs*bG8=", false, "hello", "damaged"},
		{"base64", "aGVsbG8=garbage", false, "hello", "damaged"},
		{"base64", "aGVsbA", false, "hell", ""},
		{"base64", "aGVsb", false, "hel", "damaged"},
		{"base64", "plain words, not base64", true, "plain words, not base64", "not base64"},
		{"x-gzip", "data", false, "data", "unknown transfer encoding"},
	}
	for _, tt := range tests {
		got, n := decodeTransfer(transferEncoding(tt.cte), []byte(tt.in), tt.text)
		note := n.String()
		if string(got) != tt.want || (tt.note == "") != (note == "") || !strings.Contains(note, tt.note) {
			t.Errorf("decodeTransfer(%q, %q) = %q, %q; want %q, %q", tt.cte, tt.in, got, note, tt.want, tt.note)
		}
	}
	if transferEncoding(` "Base64" (comment)`) != "base64" {
		t.Errorf("transferEncoding does not normalize")
	}
}

func TestParseMediaType(t *testing.T) {
	tests := []struct {
		in, typ string
		params  map[string]string
		ok      bool
	}{
		{"text/plain; charset=UTF-8", "text/plain", map[string]string{"charset": "UTF-8"}, true},
		{"Text/HTML", "text/html", map[string]string{}, true},
		{`application/pdf; name="a.pdf"; name="b.pdf"`, "application/pdf", map[string]string{"name": "a.pdf"}, false},
		{`application/pdf name="x.pdf"`, "application/pdf", map[string]string{"name": "x.pdf"}, false},
		{`application/pdf; name=Invoice_(1).pdf`, "application/pdf", map[string]string{"name": "Invoice_(1).pdf"}, false},
		{"attachment; filename*=UTF-8''%E2%82%AC.txt", "attachment", map[string]string{"filename": "€.txt"}, true},
		{"attachment; filename*=iso-8859-1''caf%E9.txt", "attachment", map[string]string{"filename": "café.txt"}, true},
		{`attachment; filename*0="a b"; filename*1=".txt"`, "attachment", map[string]string{"filename": "a b.txt"}, true},
		{`attachment; filename*1*=%E9.txt; filename*0*=iso-8859-1''caf`, "attachment", map[string]string{"filename": "café.txt"}, true},
		{`x/y; a="unterminated`, "x/y", map[string]string{"a": "unterminated"}, false},
		{`x/y; novalue; b=2`, "x/y", map[string]string{"b": "2"}, false},
	}
	for _, tt := range tests {
		typ, params, ok := parseMediaType(tt.in, nil)
		if typ != tt.typ || fmt.Sprint(params) != fmt.Sprint(tt.params) || ok != tt.ok {
			t.Errorf("parseMediaType(%q) = %q %v %v, want %q %v %v", tt.in, typ, params, ok, tt.typ, tt.params, tt.ok)
		}
	}
}

func TestCharsets(t *testing.T) {
	tests := []struct {
		label, in, want string
		noted           bool
	}{
		{"", "plain", "plain", false},
		{"", "caf\xe9", "café", false},
		{"UTF-8", "ok \xff", "ok \uFFFD", true},
		{"us-ascii", "naïve", "naïve", false},
		{"us-ascii", "\x93x\x94", "“x”", false},
		{"latin1", "\xe9\x80", "é€", false},
		{"cp1252", "\x81\x9f", "\u0081Ÿ", false},
		{`"ISO-8859-1"`, "\xfc", "ü", false},
		{"x-unknown", "abc", "abc", true},
		{"x-unknown", "a\xffb", "a\uFFFDb", true},
	}
	for _, tt := range tests {
		got, n := decodeCharset(tt.label, []byte(tt.in), nil)
		note := n.String()
		if got != tt.want || tt.noted != (note != "") {
			t.Errorf("decodeCharset(%q, %q) = %q, %q; want %q (note %v)", tt.label, tt.in, got, note, tt.want, tt.noted)
		}
	}
	hook := func(label string, in []byte) (string, error) { return "<" + label + ">" + string(in), nil }
	if got, _ := decodeCharset("KOI8-R", []byte("x"), hook); got != "<koi8-r>x" {
		t.Errorf("hook: %q", got)
	}
	if got, _ := decodeCharset("utf-8", []byte("x"), hook); got != "x" {
		t.Errorf("the hook must not see utf-8: %q", got)
	}
	if s, ok := BuiltinCharset("windows-1252", []byte{0x80}); !ok || s != "€" {
		t.Errorf("BuiltinCharset: %q %v", s, ok)
	}
	if _, ok := BuiltinCharset("shift_jis", nil); ok {
		t.Errorf("BuiltinCharset claims shift_jis")
	}
}

func TestCSSValue(t *testing.T) {
	tests := []struct {
		v      string
		remote bool
		ok     bool
	}{
		{"red", false, true},
		{"#fff", false, true},
		{"rgb(1, 2, 3)", false, true},
		{"calc(100% - (2 * 3px))", false, true},
		{"linear-gradient(to right, #fff, rgba(0,0,0,.5))", false, true},
		{"'helvetica neue', arial, sans-serif", false, true},
		{"url(http://x.example/a.png)", false, false},
		{"url(http://x.example/a.png)", true, true},
		{"#fff url('https://x.example/a.png') no-repeat", true, true},
		{"url(data:image/png;base64,AAAA)", true, false},
		{"url(javascript:alert(1))", true, false},
		{"url(//x.example/a.png)", true, false},
		{"url(a.png)", true, false},
		{"url(http://x.example/a b.png)", true, false},
		{"url (http://x.example/a.png)", true, true}, // not a CSS function, but checked as one
		{"expression(alert(1))", false, false},
		{"image-set('a.png' 1x)", true, false},
		{"attr(title)", false, false},
		{"var(--x)", false, false},
		{`red\;background:blue`, false, false},
		{"red; background: blue", false, false},
		{"</style><script>", false, false},
		{"@import", false, false},
		{"x/*comment*/", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		st := &htmlState{allowRemote: tt.remote, blocked: map[string]bool{}}
		if got := st.cssValue(tt.v); got != tt.ok {
			t.Errorf("cssValue(%q, remote=%v) = %v, want %v", tt.v, tt.remote, got, tt.ok)
		}
	}
	st := &htmlState{blocked: map[string]bool{}}
	st.cssValue("url(http://a.example/1) , url(https://a.example/2)")
	if len(st.blocked) != 2 || !st.hasRemote {
		t.Errorf("every url() of a blocked value must be counted: %v", st.blocked)
	}
}

func TestCleanFilename(t *testing.T) {
	tests := []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{`C:\Users\x\evil.exe`, "evil.exe"},
		{"invoice\u202Efdp.exe", "invoicefdp.exe"},
		{"a\x00b\r\nc.txt", "a b c.txt"},
		{"...hidden", "hidden"},
		{"trailing. ", "trailing"},
		{`what?<>:"|*.txt`, "what_______.txt"},
		{strings.Repeat("é", 300) + ".txt", strings.Repeat("é", 196) + ".txt"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SafeFileName(tt.in); got != tt.want {
			t.Errorf("SafeFileName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseSheet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a { color: red }", "a{color:red}"},
		{"a;", ""}, // douceur loops forever on this
		{"p{color:red};q{color:blue}", "p{color:red}q{color:blue}"},
		{`a , b:hover{ color : red !important; x: y ! IMPORTANT ;}`, "a , b:hover{color:red!;x:y!}"},
		{"@import url(x.css); a{b:c}", "a{b:c}"},
		{"@media screen and (max-width:600px){ .c{width:100%} @media print { d{e:f} } }", "@media screen and (max-width:600px)[.c{width:100%}@media print[d{e:f}]]"},
		{"@font-face { font-family: x; src: url(y) } a{b:c}", "a{b:c}"},
		{"a{b:c; d{e:f} g:h}", "a{b:c;g:h}"},
		{"a{b:c", "a{b:c}"},
		{"a{b:'unclosed}", "a{b:}"},
		{"/* c */ a /* c */ { b /* c */: c /* c */ }", "a{b:c}"},
		{"<!-- a{b:c} -->", "a{b:c}"},
		{"}}} a{b:c}", "a{b:c}"},
		{"a{:c;b;d:}", "a{d:}"},
	}
	for _, tt := range tests {
		if got := dumpRules(parseSheet(tt.in)); got != tt.want {
			t.Errorf("parseSheet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	deep := strings.Repeat("@media x{", 10000) + "a{b:c}"
	if got := dumpRules(parseSheet(deep)); got != "@media x[@media x[@media x[]]]" {
		t.Errorf("deep @media: %q", got)
	}
}

func dumpRules(rules []cssRule) string {
	var sb strings.Builder
	for _, r := range rules {
		if r.isMedia {
			sb.WriteString("@media " + r.media + "[" + dumpRules(r.rules) + "]")
			continue
		}
		sb.WriteString(r.selector + "{")
		for i, d := range r.decls {
			if i > 0 {
				sb.WriteByte(';')
			}
			sb.WriteString(d.prop + ":" + d.value)
			if d.important {
				sb.WriteString("!")
			}
		}
		sb.WriteString("}")
	}
	return sb.String()
}

func TestCSSCostLimits(t *testing.T) {
	if got := urlScanCost("a url(x) url(y) url(zz"); got != 5+5+6 {
		t.Errorf("urlScanCost = %d", got)
	}
	for name, attr := range map[string]string{
		"url( tokenizer":   strings.Repeat("url(", 16384),
		"long declaration": "color: " + strings.Repeat("a ", 20000),
		"too many bytes":   strings.Repeat("color: red; ", 100000),
	} {
		if !cssTooCostly([]string{attr}, nil) {
			t.Errorf("%s: not caught", name)
		}
	}
	if cssTooCostly([]string{strings.Repeat("color: red; background: url(http://x/y.png); ", 1000)}, []string{strings.Repeat("p { color: red } ", 5000)}) {
		t.Errorf("ordinary CSS refused")
	}
}
