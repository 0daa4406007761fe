package compose

import (
	"strings"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/render"
)

// Options tunes Reply and Forward. A nil *Options, and every zero field,
// means the default.
type Options struct {
	// Charset decodes the original's text in charsets that app/render
	// does not know itself (in the browser, wrap TextDecoder). Nil means
	// only UTF-8, US-ASCII, ISO-8859-1 and Windows-1252.
	Charset render.CharsetFunc
}

// original is a message being answered or forwarded, read the way the
// reader shows it.
type original struct {
	msg *render.Message
	hdr mailhdr.Header
	dec *mailhdr.Decoder
}

// readOriginal reads raw with app/render, whose limits bound the time
// and memory an arbitrary message costs. With whole set, attachments of
// any size keep their bytes (an inline forward re-attaches them all).
func readOriginal(raw []byte, opts *Options, whole bool) original {
	ro := &render.Options{}
	if opts != nil {
		ro.Charset = opts.Charset
	}
	if whole {
		ro.MaxPartSize = -1
	}
	h, _, _ := mailhdr.Read(raw)
	dec := &mailhdr.Decoder{}
	if ro.Charset != nil {
		hook := ro.Charset
		dec.Charset = func(label string, data []byte) string {
			if s, ok := render.BuiltinCharset(label, data); ok {
				return s
			}
			s, err := hook(label, data)
			if err != nil {
				return strings.ToValidUTF8(string(data), "\uFFFD")
			}
			return s
		}
	}
	return original{msg: render.Render(raw, ro), hdr: h, dec: dec}
}

// text is the original's body as plain text: its text/plain part (with
// format=flowed paragraphs joined), or a text rendering of its sanitized
// HTML when that is all it has.
func (o original) text() string {
	if o.msg.Text != nil && strings.TrimSpace(o.msg.Text.Plain) != "" {
		return o.msg.Text.Plain
	}
	if o.msg.HTML != nil {
		return htmlText(o.msg.HTML.Body)
	}
	if o.msg.Text != nil {
		return o.msg.Text.Plain
	}
	return ""
}

// addresses reads an address field of the original header.
func (o original) addresses(name string) []Address {
	list, _ := o.dec.AddressField(o.hdr, name)
	return fromFields(list)
}

// mailbox is what mailhdr.Address and render.Address are both made of.
type mailbox interface {
	~struct {
		Name    string
		Address string
	}
}

// fromFields keeps the mailboxes of a parsed field that have an address.
func fromFields[T mailbox](list []T) []Address {
	var out []Address
	for _, a := range list {
		if m := mailhdr.Address(a); m.Address != "" {
			out = append(out, Address{Name: m.Name, Address: m.Address})
		}
	}
	return out
}

// msgIDs reads every <id> of a References or In-Reply-To field, leniently:
// whatever sits between angle brackets.
func msgIDs(v string) []string {
	var out []string
	for {
		i := strings.IndexByte(v, '<')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(v[i:], '>')
		if j < 0 {
			return out
		}
		if id := cleanMsgID(v[i+1 : i+j]); id != "" {
			out = append(out, id)
		}
		v = v[i+j+1:]
	}
}

// readHeader reads only the original's header fields.
func readHeader(raw []byte, opts *Options) render.Summary {
	ro := &render.Options{}
	if opts != nil {
		ro.Charset = opts.Charset
	}
	return render.Headers(raw, ro)
}
