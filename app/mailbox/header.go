package mailbox

import (
	"bytes"
	"io"
	"strings"

	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/thread"
)

// newDecoder returns the header decoder for inbox rows: user (may be nil)
// decodes encoded words in charsets other than UTF-8, US-ASCII and
// ISO-8859-1; when it is nil or fails, the raw bytes are kept (and made
// valid UTF-8 later), so a subject is never lost to an unknown charset.
func newDecoder(user func(string, io.Reader) (io.Reader, error)) *mailhdr.Decoder {
	if user == nil {
		return &mailhdr.Decoder{}
	}
	return &mailhdr.Decoder{Charset: func(charset string, b []byte) string {
		if r, err := user(charset, bytes.NewReader(b)); err == nil && r != nil {
			if d, err := io.ReadAll(r); err == nil {
				return string(d)
			}
		}
		return string(b)
	}}
}

// parseSummary makes an inbox row from a header section. It never fails:
// each field that does not parse is left empty. The fields are read by
// mailhdr, as the reader (app/render) reads them, so the row and the
// open message agree; a row shows the first sender.
func parseSummary(raw []byte, dec *mailhdr.Decoder) Summary {
	h, _, _ := mailhdr.Read(raw)
	return summaryOf(h, dec)
}

// summaryOf is parseSummary of a header section already read.
func summaryOf(h mailhdr.Header, dec *mailhdr.Decoder) Summary {
	f := dec.Fields(h)
	s := Summary{Subject: f.Subject, Date: f.Date}
	if len(f.From) > 0 {
		s.FromName, s.FromAddr = f.From[0].Name, f.From[0].Address
	}
	s.HasAttachment = guessAttachment(h.Get("Content-Type"), h.Get("Content-Disposition"))
	s.Thread = thread.Key(h.Get("Message-Id"), h.Get("In-Reply-To"), h.Get("References"))
	return s
}

// guessAttachment looks at the top-level Content-Type and
// Content-Disposition only: multipart/mixed nearly always carries a file,
// and a single part that is not text (a bare PDF) is one.
func guessAttachment(ctype, disp string) bool {
	if d, _, _ := strings.Cut(disp, ";"); strings.EqualFold(strings.TrimSpace(d), "attachment") {
		return true
	}
	// The media type as mime.ParseMediaType returns it when it parses,
	// without the parameters' map it would build for every row.
	t, _, _ := strings.Cut(ctype, ";")
	mt := strings.ToLower(strings.TrimSpace(t))
	switch {
	case mt == "multipart/mixed":
		return true
	case strings.HasPrefix(mt, "application/"):
		// Signed or encrypted wrappers and calendar invitations are not
		// what a person means by an attachment mark.
		return mt != "application/pkcs7-mime" && mt != "application/x-pkcs7-mime" && mt != "application/ics"
	case strings.HasPrefix(mt, "image/"), strings.HasPrefix(mt, "audio/"), strings.HasPrefix(mt, "video/"):
		return true
	}
	return false
}
