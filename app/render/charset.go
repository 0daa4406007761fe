package render

import (
	"strings"
	"unicode/utf8"

	"github.com/poppymail/poppy/app/mailhdr"
)

// normalizeCharset lower-cases and trims a charset label as found in a
// Content-Type parameter, an encoded word or a <meta>. It also undoes a
// doubled parameter name (charset="charset=us-ascii", seen from Apple
// Mail) and RFC 2231 language suffixes ("utf-8*en").
func normalizeCharset(label string) string {
	l := strings.ToLower(strings.Trim(label, " \t\"'"))
	l = strings.TrimPrefix(l, "charset=")
	if i := strings.IndexByte(l, '*'); i >= 0 {
		l = l[:i]
	}
	return strings.Trim(l, " \t\"'")
}

// charsetKind classifies the labels decoded without help. The aliases
// follow the WHATWG Encoding Standard, which browsers implement.
func charsetKind(l string) byte {
	switch l {
	case "utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8":
		return 'u'
	case "us-ascii", "ascii", "ansi_x3.4-1968", "iso-ir-6", "iso646-us", "us", "cp367", "ibm367", "csascii":
		return 'a'
	case "iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "l1", "cp819", "ibm819",
		"iso-ir-100", "csisolatin1", "iso_8859-1:1987",
		"windows-1252", "cp1252", "x-cp1252":
		// WHATWG decodes all of these as Windows-1252, a superset of
		// ISO-8859-1 for the printable range.
		return 'w'
	}
	return 0
}

// BuiltinCharset decodes the charsets the package knows without help:
// UTF-8 (invalid sequences become U+FFFD), US-ASCII (read as UTF-8 when
// valid, as browsers and mislabelled mail expect, else as Windows-1252),
// and ISO-8859-1/Windows-1252. It returns ok=false for any other label.
// A [CharsetFunc] may fall back to it.
func BuiltinCharset(label string, input []byte) (s string, ok bool) {
	switch charsetKind(normalizeCharset(label)) {
	case 'u':
		return strings.ToValidUTF8(string(input), "\uFFFD"), true
	case 'a':
		if utf8.Valid(input) {
			return string(input), true
		}
		return decodeWindows1252(input), true
	case 'w':
		return decodeWindows1252(input), true
	}
	return "", false
}

func decodeWindows1252(b []byte) string { return mailhdr.Windows1252(b) }

// decodeCharset decodes data declared in the given charset. It never
// fails: what it cannot decode it shows as UTF-8 with U+FFFD for invalid
// bytes, and returns a note saying so (none when all went well).
//
// A missing label means "whatever works": UTF-8 when valid, else
// Windows-1252 (what a browser does with undeclared 8-bit text).
func decodeCharset(label string, data []byte, hook CharsetFunc) (string, Note) {
	l := normalizeCharset(label)
	if l == "" {
		if utf8.Valid(data) {
			return string(data), Note{}
		}
		return decodeWindows1252(data), Note{}
	}
	if s, ok := BuiltinCharset(l, data); ok {
		if charsetKind(l) == 'u' && !utf8.Valid(data) {
			return s, Note{Kind: NoteInvalidUTF8}
		}
		return s, Note{}
	}
	if hook != nil {
		s, err := safeHook(hook, l, data)
		if err == nil {
			return strings.ToValidUTF8(s, "\uFFFD"), Note{}
		}
	}
	if utf8.Valid(data) {
		return string(data), Note{Kind: NoteUnknownCharset, Value: quote(l)}
	}
	return strings.ToValidUTF8(string(data), "\uFFFD"), Note{Kind: NoteUnknownCharsetInvalid, Value: quote(l)}
}

// safeHook calls a CharsetFunc, turning a panic into an error: a broken
// decoder must not take the whole message down with it.
func safeHook(hook CharsetFunc, label string, data []byte) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = "", errHookPanic
		}
	}()
	return hook(label, data)
}

type constError string

func (e constError) Error() string { return string(e) }

const errHookPanic = constError("render: charset decoder panicked")

// quote quotes s for a problem note, cut to a readable length.
func quote(s string) string {
	n := 0
	for i := range s { // cut after 60 characters, without copying s
		if n == 60 {
			s = s[:i] + "…"
			break
		}
		n++
	}
	return "\u201c" + cleanText(s) + "\u201d"
}
