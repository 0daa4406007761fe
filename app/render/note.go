package render

import "strconv"

// Note is one thing about a message that could not be shown as it was
// meant, as data: the interface words it in the reader's language
// (Message.Notes), while Message.Problems keeps the same notes in
// English (Note.String) for logs and tests. This package does not
// translate: it is used natively too, and a kind with its values is
// what any language needs.
type Note struct {
	Kind NoteKind
	// Part is the IMAP-style path of the MIME part concerned ("1.2"),
	// or "" for the message as a whole.
	Part string
	// InHeader: the note is about a header field (a charset there).
	InHeader bool
	// N is the limit that was reached, for the kinds that have one.
	N int
	// Value is what the message declared (a charset, a Content-Type),
	// quoted and cut to a readable length; for NoteHeader, the header
	// reader's own words (package mailhdr, English).
	Value string
}

// NoteKind is what a Note says. The zero value is no note.
type NoteKind int

const (
	noteNone NoteKind = iota
	// NoteHeader: the header reader's words are in Value.
	NoteHeader
	// NoteInternalError: rendering failed; the source is shown as text.
	NoteInternalError
	// NoteTooManyParts: more than N parts; the rest is only in the source.
	NoteTooManyParts
	// NoteMultipartTooDeep: multiparts nested too deeply; this one is an attachment.
	NoteMultipartTooDeep
	// NoteMessageTooDeep: messages nested too deeply; this one is an attachment.
	NoteMessageTooDeep
	// NoteNoBoundary: a multipart without a boundary, shown as text.
	NoteNoBoundary
	// NoteNoPartsFound: no part of a multipart found, shown as text.
	NoteNoPartsFound
	// NoteNoFinalBoundary: a multipart without its final boundary.
	NoteNoFinalBoundary
	// NoteUnusableContentType: Value could not be used; read as text/plain.
	NoteUnusableContentType
	// NoteMalformedContentType: Value is malformed; read leniently.
	NoteMalformedContentType
	// NoteMalformedDisposition: Value is malformed; read leniently.
	NoteMalformedDisposition
	// NoteBodyCut: the body is longer than N bytes and was cut.
	NoteBodyCut
	// NoteAttachmentTooLarge: an attachment over the size limit, only in the source.
	NoteAttachmentTooLarge
	// NoteHTMLTooDeep: an HTML part nested too deeply; its text is shown.
	NoteHTMLTooDeep
	// NoteStylesTooLarge: the styles were too large to check, and removed.
	NoteStylesTooLarge
	// NoteInlineImagesTooLarge: an inline image not shown, over the limit.
	NoteInlineImagesTooLarge
	// NoteInvalidUTF8: text declared as UTF-8 has invalid bytes.
	NoteInvalidUTF8
	// NoteUnknownCharset: charset Value is unknown; the text is UTF-8.
	NoteUnknownCharset
	// NoteUnknownCharsetInvalid: as NoteUnknownCharset, with U+FFFD for bytes that are not UTF-8.
	NoteUnknownCharsetInvalid
	// NoteNotBase64: a text part declared as base64 is not; shown undecoded.
	NoteNotBase64
	// NoteBase64Skipped: damaged base64, characters skipped.
	NoteBase64Skipped
	// NoteBase64Damaged: damaged base64.
	NoteBase64Damaged
	// NoteUnknownTransferEncoding: transfer encoding Value is unknown; shown undecoded.
	NoteUnknownTransferEncoding
)

// String is the note in English, as Message.Problems has it.
func (n Note) String() string {
	var s string
	switch n.Kind {
	case noteNone:
		return ""
	case NoteHeader:
		s = n.Value
	case NoteInternalError:
		s = "internal error while rendering this message; its source is shown as text"
	case NoteTooManyParts:
		s = "the message has more than " + strconv.Itoa(n.N) + " parts; the rest is only in the source"
	case NoteMultipartTooDeep:
		s = "multiparts are nested too deeply; this one is listed as an attachment"
	case NoteMessageTooDeep:
		s = "messages are nested too deeply; this one is listed as an attachment"
	case NoteNoBoundary:
		s = "a multipart has no boundary; its body is shown as text"
	case NoteNoPartsFound:
		s = "no part of a multipart was found (wrong boundary?); its body is shown as text"
	case NoteNoFinalBoundary:
		s = "a multipart has no final boundary; the parts found are shown"
	case NoteUnusableContentType:
		s = "unusable Content-Type " + n.Value + "; read as text/plain"
	case NoteMalformedContentType:
		s = "malformed Content-Type " + n.Value + "; read leniently"
	case NoteMalformedDisposition:
		s = "malformed Content-Disposition " + n.Value + "; read leniently"
	case NoteBodyCut:
		s = "the body is longer than " + strconv.Itoa(n.N) + " bytes and was cut; the whole part is listed as an attachment"
	case NoteAttachmentTooLarge:
		s = "the attachment is larger than the size limit; it is only in the source"
	case NoteHTMLTooDeep:
		s = "an HTML part is nested too deeply to show as HTML; its text is shown"
	case NoteStylesTooLarge:
		s = "the message's styles are too large to check; they were removed"
	case NoteInlineImagesTooLarge:
		s = "an inline image was not shown: the message's inline images exceed the size limit"
	case NoteInvalidUTF8:
		s = "text declared as UTF-8 has invalid bytes; they are shown as \uFFFD"
	case NoteUnknownCharset:
		s = "unknown charset " + n.Value + "; the text is shown as UTF-8"
	case NoteUnknownCharsetInvalid:
		s = "unknown charset " + n.Value + "; the text is shown as UTF-8, with \uFFFD for the bytes that are not"
	case NoteNotBase64:
		s = "a text part declared as base64 is not base64; it is shown undecoded"
	case NoteBase64Skipped:
		s = "damaged base64: characters outside the alphabet were skipped, and the data may be incomplete"
	case NoteBase64Damaged:
		s = "damaged base64: the data may be incomplete"
	case NoteUnknownTransferEncoding:
		s = "unknown transfer encoding " + n.Value + "; the part is shown undecoded"
	default:
		s = "note " + strconv.Itoa(int(n.Kind))
	}
	if n.InHeader {
		s = "in a header field, " + s
	}
	if n.Part != "" {
		s = "part " + n.Part + ": " + s
	}
	return s
}
