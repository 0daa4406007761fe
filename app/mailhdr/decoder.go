package mailhdr

import (
	"bytes"
	"io"
	"mime"
	"strings"
	"unicode/utf8"
)

// Decoder decodes header field values. The zero Decoder is ready to use:
// it decodes encoded words in UTF-8, US-ASCII and ISO-8859-1 (those of
// mime.WordDecoder) and keeps the bytes of any other charset, shown as
// UTF-8 with U+FFFD where they are not.
type Decoder struct {
	// Charset decodes the text of an RFC 2047 encoded word declared in
	// another charset. It never fails: what it cannot decode it returns
	// as well as it can. It must not retain data. In the browser it wraps
	// TextDecoder, which knows every WHATWG encoding.
	Charset func(label string, data []byte) string
}

func (d *Decoder) words() *mime.WordDecoder {
	var hook func(string, []byte) string
	if d != nil {
		hook = d.Charset
	}
	return &mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		if hook == nil {
			return bytes.NewReader(b), nil
		}
		return strings.NewReader(hook(charset, b)), nil
	}}
}

// Unstructured decodes an unstructured field value (RFC 5322 section
// 3.2.5), such as a Subject or a file name parameter: raw 8-bit bytes
// that are not UTF-8 are read as Windows-1252, then encoded words are
// decoded. ok is false if an encoded word was malformed (the value is
// then left as written). The result is not cleaned (see CleanText).
func (d *Decoder) Unstructured(v string) (s string, ok bool) {
	if !strings.Contains(v, "=?") && utf8.ValidString(v) {
		return v, true // as unstructured would, without a decoder to make
	}
	return unstructured(v, d.words())
}

func unstructured(v string, wd *mime.WordDecoder) (string, bool) {
	if !utf8.ValidString(v) {
		v = Windows1252([]byte(v))
	}
	if !strings.Contains(v, "=?") {
		return v, true // nothing to decode; DecodeHeader would copy
	}
	s, err := wd.DecodeHeader(v)
	if err != nil {
		return v, false
	}
	return s, true
}
