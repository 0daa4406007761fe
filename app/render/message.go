package render

import "time"

// IFrameSandbox is the exact value of the sandbox attribute of the
// <iframe> that shows [HTMLBody.SrcDoc]. It grants only what links need:
// opening a new tab (allow-popups) that is a normal page rather than a
// sandboxed one (allow-popups-to-escape-sandbox). It deliberately lacks
// allow-scripts (nothing in the message may run) and allow-same-origin
// (the document is an opaque origin: it cannot read the app's storage,
// cookies or DOM even if something were to run), and allow-forms,
// allow-top-navigation and allow-modals.
const IFrameSandbox = "allow-popups allow-popups-to-escape-sandbox"

// IFrameTitle is the title attribute of that <iframe>: it names the frame
// for screen readers, and the UI's automation contract (end-to-end tests)
// finds the frame by it.
const IFrameTitle = "Message body"

// Message is a rendered message. Every string in it is plain text except
// TextBody.HTML and the HTMLBody documents, which are safe HTML built by
// this package.
type Message struct {
	From, To, Cc, ReplyTo []Address
	Subject               string    // decoded (RFC 2047), control characters removed
	Date                  time.Time // zero if missing or unparseable (see DateRaw)
	DateRaw               string    // the Date field as written
	MessageID             string    // without angle brackets

	// Text is the plain-text body. It is non-nil whenever HTML is nil
	// (possibly empty: a header-only message has an empty Text), and also
	// when an HTML body came with a plain-text alternative.
	Text *TextBody
	// HTML is the HTML body, or nil. When set, the UI should prefer it.
	HTML *HTMLBody

	// Attachments lists every part that is not part of the body, in
	// message order, including images that the HTML body shows inline.
	Attachments []Attachment
	// Nested lists the message/rfc822 parts (forwarded messages), each
	// rendered with the same options.
	Nested []*Message

	// Problems lists, for people, what could not be parsed or decoded and
	// how it is shown instead. Empty for a well-formed message.
	Problems []string
	// Notes are Problems as data, in the same order, for an interface
	// that words them in its reader's language.
	Notes []Note

	// Raw is the source as given to Render (not copied): the UI offers it
	// as "view source" and as an .eml download.
	Raw []byte
}

// Address is one mailbox of an address field. A mailbox that could not
// be parsed keeps its text in Name, with Address empty.
type Address struct {
	Name    string // display name, decoded; may be empty
	Address string // addr-spec, e.g. "alice@example.com"; may be empty
}

// String formats a for display: "Name <address>", or whichever is set.
func (a Address) String() string {
	switch {
	case a.Name == "":
		return a.Address
	case a.Address == "":
		return a.Name
	}
	return a.Name + " <" + a.Address + ">"
}

// TextBody is a plain-text body.
type TextBody struct {
	// Plain is the decoded text with LF line endings, format=flowed
	// paragraphs joined and trailing line breaks removed; several text
	// parts are separated by a blank line.
	Plain string
	// Spans is Plain cut into runs of text and links, in order; joining
	// every Span.Text gives Plain back. A UI can build DOM nodes from it
	// without any HTML parsing.
	Spans []Span
	// HTML is Plain as one <pre class="mail-text"> element whose text is
	// escaped and whose links are <a href target="_blank"
	// rel="noopener noreferrer">. Style pre.mail-text with
	// "white-space: pre-wrap". It is safe to insert into the page.
	HTML string
}

// Span is a run of plain text; when Href is set the run is a link.
// Href is an absolute http, https or mailto URL taken verbatim from the
// text, except that a mailto URL keeps only its address (its query, such
// as "?attach=…", and fragment are dropped; Text keeps them); it never
// contains white space, quotes or angle brackets.
type Span struct {
	Text string
	Href string
}

// HTMLBody is an HTML body, sanitized and wrapped for a sandboxed iframe.
type HTMLBody struct {
	// SrcDoc is the complete document for
	//	<iframe sandbox="<IFrameSandbox>" title="<IFrameTitle>" srcdoc="...">
	// It starts with the Content-Security-Policy <meta> (CSP), then
	// <meta http-equiv="x-dns-prefetch-control" content="off">,
	// <meta name="referrer" content="no-referrer">, <base target="_blank">
	// and the package's own and the message's sanitized styles.
	SrcDoc string
	// Body is the sanitized body alone, as it appears inside SrcDoc. When
	// the body has several parts (HTML, or plain text mixed into HTML),
	// each is sanitized on its own as a closed fragment and put in a
	// <div id="mail-part-N">, N counting from 1, in order; the message
	// cannot set an id itself.
	Body string
	// CSP is the policy in SrcDoc's first <meta>.
	CSP string
	// HasRemote reports whether the body refers to remote images or
	// backgrounds at all (whether or not they were blocked).
	HasRemote bool
	// RemoteBlocked counts the distinct remote URLs that were removed
	// because remote content was not allowed. Zero with AllowRemote.
	RemoteBlocked int
}

// Attachment is a part that is not shown as the body.
type Attachment struct {
	// Name is a file name safe to offer for download: decoded, without
	// directories, control or bidirectional-override characters. Parts
	// without a name get one made from PartPath and ContentType.
	Name string
	// ContentType is the lower-case media type, without parameters, as
	// declared (application/octet-stream if unusable).
	ContentType string
	// Size is len(Data), or the encoded size when Omitted.
	Size int64
	// PartPath is the IMAP-style section number, e.g. "2" or "1.3".
	PartPath string
	// Data are the exact decoded bytes (base64 or quoted-printable
	// undone; no charset conversion). It may alias Message.Raw.
	Data []byte
	// Omitted is set when the part exceeded Options.MaxPartSize: Data is
	// nil and the bytes are available only in Message.Raw.
	Omitted bool
	// Inline reports Content-Disposition: inline (or an image referenced
	// by the HTML body).
	Inline bool
	// Embedded reports that the HTML body shows this part through a cid:
	// URL; a UI may leave such parts out of its attachment list.
	Embedded bool
	// ContentID is the Content-ID without angle brackets, or "".
	ContentID string
}

// Summary is what an inbox row needs, read from the header alone (for
// example the reply to POP3 "TOP n 0").
type Summary struct {
	From      []Address
	Subject   string
	Date      time.Time // zero if missing or unparseable
	DateRaw   string
	MessageID string
	// HasAttachment is a guess from the top-level Content-Type and
	// Content-Disposition (multipart/mixed, or a non-text single part).
	HasAttachment bool
	// ContentType is the top-level media type, lower case.
	ContentType string
	Problems    []string
}
