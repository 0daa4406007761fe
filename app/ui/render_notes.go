package ui

import (
	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/render"
)

// frameTitle is the title of the iframe that shows an HTML body, in the
// current language (render.IFrameTitle is its English, a catalog key).
func frameTitle() string { return i18n.T(render.IFrameTitle) }

// noteText words one of render's notes about a message (what could not
// be shown as it was meant) in the current language. What the message
// declared (a charset, a Content-Type) stays as it wrote it, quoted.
// The header reader's own notes (NoteHeader) are English words of
// package mailhdr, shown as they are.
func noteText(n render.Note) string {
	var s string
	switch n.Kind {
	case render.NoteHeader:
		s = n.Value
	case render.NoteInternalError:
		s = i18n.T("internal error while rendering this message; its source is shown as text")
	case render.NoteTooManyParts:
		s = i18n.N("the message has more than {0} parts; the rest is only in the source", n.N)
	case render.NoteMultipartTooDeep:
		s = i18n.T("multiparts are nested too deeply; this one is listed as an attachment")
	case render.NoteMessageTooDeep:
		s = i18n.T("messages are nested too deeply; this one is listed as an attachment")
	case render.NoteNoBoundary:
		s = i18n.T("a multipart has no boundary; its body is shown as text")
	case render.NoteNoPartsFound:
		s = i18n.T("no part of a multipart was found (wrong boundary?); its body is shown as text")
	case render.NoteNoFinalBoundary:
		s = i18n.T("a multipart has no final boundary; the parts found are shown")
	case render.NoteUnusableContentType:
		s = i18n.T("unusable Content-Type {0}; read as text/plain", n.Value)
	case render.NoteMalformedContentType:
		s = i18n.T("malformed Content-Type {0}; read leniently", n.Value)
	case render.NoteMalformedDisposition:
		s = i18n.T("malformed Content-Disposition {0}; read leniently", n.Value)
	case render.NoteBodyCut:
		s = i18n.T("the body is longer than {0} and was cut; the whole part is listed as an attachment", i18n.Current().Size(int64(n.N)))
	case render.NoteAttachmentTooLarge:
		s = i18n.T("the attachment is larger than the size limit; it is only in the source")
	case render.NoteHTMLTooDeep:
		s = i18n.T("an HTML part is nested too deeply to show as HTML; its text is shown")
	case render.NoteStylesTooLarge:
		s = i18n.T("the message's styles are too large to check; they were removed")
	case render.NoteInlineImagesTooLarge:
		s = i18n.T("an inline image was not shown: the message's inline images exceed the size limit")
	case render.NoteInvalidUTF8:
		s = i18n.T("text declared as UTF-8 has invalid bytes; they are shown as \uFFFD")
	case render.NoteUnknownCharset:
		s = i18n.T("unknown charset {0}; the text is shown as UTF-8", n.Value)
	case render.NoteUnknownCharsetInvalid:
		s = i18n.T("unknown charset {0}; the text is shown as UTF-8, with \uFFFD for the bytes that are not", n.Value)
	case render.NoteNotBase64:
		s = i18n.T("a text part declared as base64 is not base64; it is shown undecoded")
	case render.NoteBase64Skipped:
		s = i18n.T("damaged base64: characters outside the alphabet were skipped, and the data may be incomplete")
	case render.NoteBase64Damaged:
		s = i18n.T("damaged base64: the data may be incomplete")
	case render.NoteUnknownTransferEncoding:
		s = i18n.T("unknown transfer encoding {0}; the part is shown undecoded", n.Value)
	default:
		return n.String() // a kind this interface has no words for yet
	}
	if n.InHeader {
		s = i18n.T("in a header field: {0}", s)
	}
	if n.Part != "" {
		s = i18n.T("part {0}: {1}", n.Part, s)
	}
	return s
}
