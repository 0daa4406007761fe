package render

import (
	"fmt"
	"strings"
)

// A worstCase is a family of pathological messages: gen(n) builds one of
// about n bytes whose cost is concentrated on one code path. Together
// they cover every loop of the package that a message of n bytes can
// drive n times (see TestLinearTime).
type worstCase struct {
	name string
	gen  func(n int) []byte
}

const worstHeader = "From: a@example.com\r\nTo: b@example.com\r\nSubject: worst case\r\nDate: Mon, 1 Jul 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"

func htmlMessage(body string) []byte {
	return []byte(worstHeader + "Content-Type: text/html; charset=utf-8\r\n\r\n" + body)
}

func textMessage(body string) []byte {
	return []byte(worstHeader + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body)
}

// repeatTo repeats unit until the result has about n bytes.
func repeatTo(unit string, n int) string {
	return strings.Repeat(unit, max(1, n/len(unit)))
}

var worstCases = []worstCase{
	// bluemonday decodes CSS escapes one at a time (scan.go).
	{"css-escapes-attribute", func(n int) []byte {
		return htmlMessage(`<p style="color: ` + repeatTo(`\41`, n) + `">x</p>`)
	}},
	{"css-escapes-chain", func(n int) []byte {
		return htmlMessage(`<p style="color: \5c ` + repeatTo(`5c `, n) + `41">x</p>`)
	}},
	{"css-escapes-declarations", func(n int) []byte {
		return htmlMessage(`<p style="` + repeatTo(`color: \5c 5c 5c 5c 5c 5c 5c 5c 5c 5c 5c 41; `, n) + `">x</p>`)
	}},
	{"css-escapes-many-attributes", func(n int) []byte {
		return htmlMessage(repeatTo(`<p style="font-family: \5FAE\8F6F\96C5\9ED1\5FAE\8F6F\96C5\9ED1\5FAE\8F6F\96C5\9ED1\5FAE\8F6F\96C5\9ED1">x</p>`, n))
	}},
	{"css-escapes-sheet", func(n int) []byte {
		return htmlMessage(`<style>p { color: ` + repeatTo(`\41`, n) + ` }</style><p>x</p>`)
	}},
	{"css-url-nesting", func(n int) []byte {
		return htmlMessage(`<p style="background: ` + repeatTo(`url(`, n) + `">x</p>`)
	}},
	{"css-one-declaration", func(n int) []byte {
		return htmlMessage(`<p style="color: ` + repeatTo(`a `, n) + `">x</p>`)
	}},
	{"css-sheet-rules", func(n int) []byte {
		return htmlMessage(`<style>` + repeatTo(`p.c{color:red;margin:0 !important}@media (max-width:600px){td{width:100%}}`, n) + `</style><p>x</p>`)
	}},
	{"css-sheet-parens", func(n int) []byte {
		return htmlMessage(`<style>p{width:` + repeatTo(`calc(`, n) + `}</style><p>x</p>`)
	}},
	// linkEnd trims closing brackets (text.go).
	{"text-closing-parens", func(n int) []byte {
		return textMessage("see http://example.com/" + repeatTo(")", n))
	}},
	{"text-closing-squares", func(n int) []byte {
		return textMessage("see http://example.com/" + repeatTo("]", n))
	}},
	{"text-brackets-punctuation", func(n int) []byte {
		return textMessage("see http://example.com/" + repeatTo(").]!", n))
	}},
	{"text-scheme-runs", func(n int) []byte {
		return textMessage(repeatTo("mailto:", n))
	}},
	{"text-many-links", func(n int) []byte {
		return textMessage(repeatTo("http://a.b/(c) ", n))
	}},
	{"text-flowed-quotes", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n\r\n" + repeatTo(">>>> a \r\n", n))
	}},
	{"text-in-html", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b\r\nContent-Type: text/plain\r\n\r\nhttp://example.com/" + repeatTo(")", n) + "\r\n--b--\r\n")
	}},
	// HTML structure.
	{"html-deep-nesting", func(n int) []byte {
		return htmlMessage(repeatTo("<div>", n))
	}},
	{"html-deep-formatting", func(n int) []byte {
		return htmlMessage(repeatTo("<b><i><u><s>", n))
	}},
	{"html-distinct-formatting", func(n int) []byte {
		var sb strings.Builder
		for i := 0; sb.Len() < n; i++ {
			fmt.Fprintf(&sb, "<b class=c%d></p>x", i)
		}
		return htmlMessage(sb.String())
	}},
	{"html-tables", func(n int) []byte {
		return htmlMessage(repeatTo("<table><tr><td>", n))
	}},
	{"html-misnested", func(n int) []byte {
		return htmlMessage(repeatTo("<a href=http://x.y/><p><b>x</a></p></b>", n))
	}},
	{"html-many-attributes", func(n int) []byte {
		var sb strings.Builder
		sb.WriteString("<p")
		for i := 0; sb.Len() < n; i++ {
			fmt.Fprintf(&sb, " a%d=1", i)
		}
		return htmlMessage(sb.String() + ">x</p>")
	}},
	{"html-unclosed-comment", func(n int) []byte {
		return htmlMessage("<p>x</p><!--" + repeatTo("<p>y", n))
	}},
	{"html-remote-images", func(n int) []byte {
		var sb strings.Builder
		for i := 0; sb.Len() < n; i++ {
			fmt.Fprintf(&sb, `<img src="http://remote.example/%d.png">`, i)
		}
		return htmlMessage(sb.String())
	}},
	{"html-angle-brackets", func(n int) []byte {
		return htmlMessage(repeatTo("<", n))
	}},
	// Header fields and MIME structure.
	{"header-long-subject", func(n int) []byte {
		return []byte("Subject: " + repeatTo("a", n) + "\r\nFrom: a@example.com\r\n\r\nx")
	}},
	{"header-folded-lines", func(n int) []byte {
		return []byte("Subject: a" + repeatTo("\r\n a", n) + "\r\nFrom: a@example.com\r\n\r\nx")
	}},
	{"header-encoded-words", func(n int) []byte {
		return []byte("Subject: " + repeatTo("=?utf-8?q?a?= ", n) + "\r\nFrom: a@example.com\r\n\r\nx")
	}},
	{"header-address-list", func(n int) []byte {
		return []byte("From: a@example.com\r\nTo: " + repeatTo("\"x\" <a@b.c>, ", n) + "\r\n\r\nx")
	}},
	{"header-address-comments", func(n int) []byte {
		return []byte("From: " + repeatTo("(", n) + "a@example.com\r\n\r\nx")
	}},
	{"header-many-fields", func(n int) []byte {
		return []byte(repeatTo("X-A: b\r\n", n) + "From: a@example.com\r\n\r\nx")
	}},
	{"header-content-type-params", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain; " + repeatTo("a*1*=b; ", n) + "\r\n\r\nx")
	}},
	{"header-params-without-values", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain; " + repeatTo("a;", n) + "charset=utf-8\r\n\r\nx")
	}},
	{"header-params-quotes", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain; " + repeatTo(`a="\";`, n) + "\r\n\r\nx")
	}},
	{"header-params-continuations", func(n int) []byte {
		var sb strings.Builder
		for i := 0; sb.Len() < n; i++ {
			fmt.Fprintf(&sb, "name*%d*=a%%41; ", i)
		}
		return []byte(worstHeader + "Content-Type: application/octet-stream; " + sb.String() + "\r\n\r\nx")
	}},
	{"mime-many-parts", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + repeatTo("--b\r\n\r\nx\r\n", n) + "--b--\r\n")
	}},
	{"mime-many-html-parts", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: multipart/mixed; boundary=b\r\n\r\n" + repeatTo("--b\r\nContent-Type: text/html\r\n\r\n<div><p>x\r\n", n) + "--b--\r\n")
	}},
	{"mime-boundary-lookalikes", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: multipart/mixed; boundary=bbbbbbbb\r\n\r\n--bbbbbbbb\r\n\r\n" + repeatTo("--bbbbbbb\r\n", n) + "--bbbbbbbb--\r\n")
	}},
	{"mime-nested-messages", func(n int) []byte {
		return []byte(worstHeader + strings.Repeat("Content-Type: message/rfc822\r\n\r\n", 20) + repeatTo("X-A: b\r\n", n) + "\r\nx")
	}},
	{"mime-base64-junk", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n" + repeatTo("QUJD!\r\n", n))
	}},
	{"mime-quoted-printable-junk", func(n int) []byte {
		return []byte(worstHeader + "Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" + repeatTo("=\r\n=Z=", n))
	}},
}
