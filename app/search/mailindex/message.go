package mailindex

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/poppymail/poppy/app/render"
	"github.com/poppymail/poppy/app/search"
)

// maxIndexedText bounds the text of one message that is indexed: a
// 20 MB log pasted into a body would cost the index more than it helps
// a search.
const maxIndexedText = 1 << 20

// Doc makes the index's document of the raw message uid of account:
// subject, addresses, attachment names and the body's text (the HTML
// body's text when there is no plain-text one), forwarded messages'
// included. opts sets the charsets render knows (nil: its built-in ones).
func Doc(account, uid string, raw []byte, opts *render.Options) *search.Doc {
	m := render.Render(raw, opts)
	d := &search.Doc{
		Key:     search.Key{Account: account, UIDL: uid},
		Date:    m.Date,
		Subject: m.Subject,
		From:    addresses(m.From),
		To:      addresses(m.To),
		Cc:      addresses(m.Cc),
	}
	var body strings.Builder
	addText(&body, &d.Attachments, m)
	d.Body = body.String()
	return d
}

// addText appends m's text, and its nested messages', to b, and the
// names of their attachments to names.
func addText(b *strings.Builder, names *[]string, m *render.Message) {
	if b.Len() >= maxIndexedText {
		return
	}
	switch {
	case m.Text != nil && m.Text.Plain != "":
		b.WriteString(m.Text.Plain)
	case m.HTML != nil:
		htmlText(b, m.HTML.Body)
	}
	b.WriteByte('\n')
	for _, a := range m.Attachments {
		if !a.Embedded {
			*names = append(*names, a.Name)
		}
	}
	for _, n := range m.Nested {
		b.WriteString(n.Subject)
		b.WriteByte('\n')
		for _, a := range append(append(n.From, n.To...), n.Cc...) {
			b.WriteString(a.String())
			b.WriteByte('\n')
		}
		addText(b, names, n)
	}
	if b.Len() > maxIndexedText {
		s := b.String()[:maxIndexedText]
		b.Reset()
		b.WriteString(strings.ToValidUTF8(s, ""))
	}
}

func addresses(as []render.Address) []search.Address {
	out := make([]search.Address, len(as))
	for i, a := range as {
		out[i] = search.Address{Name: a.Name, Email: a.Address}
	}
	return out
}

// htmlText appends the text of sanitized HTML (render's HTMLBody.Body)
// to b: its text nodes, with a space between elements so that words of
// adjacent cells do not run together, and without style sheets. Only
// words matter here, so no layout is kept.
func htmlText(b *strings.Builder, s string) {
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0
	for {
		switch tt := z.Next(); tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken:
			name, _ := z.TagName()
			if a := atom.Lookup(name); a == atom.Style || a == atom.Script || a == atom.Title {
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			}
			b.WriteByte(' ')
		default:
			b.WriteByte(' ')
		}
	}
}
