package render

import (
	"strings"
	"unicode/utf8"

	"github.com/poppymail/poppy/app/mailhdr"
)

// cleanText makes a decoded header value fit for one line of UI text
// (see mailhdr.CleanText).
func cleanText(s string) string { return mailhdr.CleanText(s) }

// isBidiControl reports the characters that reorder text (see
// mailhdr.IsBidiControl).
func isBidiControl(r rune) bool { return mailhdr.IsBidiControl(r) }

// SafeFileName turns a declared attachment name (or any text, such as a
// subject for an .eml download) into one safe to offer for download: the last path element only, no control, bidirectional
// or format characters, no leading dots or trailing dots and spaces
// (Windows), at most 200 runes (keeping the extension).
func SafeFileName(name string) string {
	name = cleanText(name)
	if i := strings.LastIndexAny(name, "/\\"); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if mailhdr.IsInvisible(r) {
			return -1
		}
		switch r {
		case ':', '*', '?', '"', '<', '>', '|':
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(name, ". ")
	name = strings.TrimRight(name, ". ")
	if utf8.RuneCountInString(name) > 200 {
		r := []rune(name)
		ext := ""
		if i := strings.LastIndexByte(name, '.'); i >= 0 && utf8.RuneCountInString(name[i:]) <= 16 {
			ext = name[i:]
		}
		keep := 200 - utf8.RuneCountInString(ext)
		name = string(r[:keep]) + ext
	}
	return name
}

// extensionFor gives a file extension for common media types, for
// attachments that arrive without a name. (mime.ExtensionsByType reads
// system files, which a browser does not have.)
func extensionFor(mediaType string) string {
	switch mediaType {
	case "text/plain":
		return ".txt"
	case "text/html":
		return ".html"
	case "text/calendar":
		return ".ics"
	case "text/csv":
		return ".csv"
	case "text/vcard", "text/x-vcard":
		return ".vcf"
	case "message/rfc822", "message/global":
		return ".eml"
	case "message/delivery-status", "message/disposition-notification", "text/rfc822-headers":
		return ".txt"
	case "image/png":
		return ".png"
	case "image/jpeg", "image/jpg", "image/pjpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	case "image/svg+xml":
		return ".svg"
	case "application/pdf":
		return ".pdf"
	case "application/zip", "application/x-zip-compressed":
		return ".zip"
	case "application/pgp-signature":
		return ".asc"
	case "application/pkcs7-signature", "application/x-pkcs7-signature":
		return ".p7s"
	case "application/json":
		return ".json"
	}
	return ".bin"
}
