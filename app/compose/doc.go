// Package compose builds the messages Poppy sends: new messages, replies
// and forwards, as RFC 5322 bytes ready for SMTP submission, with the
// envelope to send them with. It has no UI and no network; it builds for
// js/wasm and natively.
//
// It implements:
//
//   - RFC 5322 header fields: Date, From, To, Cc, Subject, Message-ID,
//     In-Reply-To and References (section 3.6.4 for replies). Bcc never
//     appears in the header; its addresses are only in the [Envelope].
//   - RFC 2045-2047 MIME: MIME-Version, Content-Type and
//     Content-Transfer-Encoding chosen per part (see below), and RFC 2047
//     encoded words for non-ASCII display names and subjects.
//   - RFC 2231 parameter values for non-ASCII attachment file names
//     (filename* parameters, with continuations for long names).
//   - RFC 2046 message/rfc822 parts for forwarding a message unchanged.
//   - RFC 3676 format=flowed plain text, delsp=no.
//   - RFC 6531/6532 addresses with non-ASCII local parts or domains,
//     which [Envelope.SMTPUTF8] flags.
//
// Messages are written with github.com/emersion/go-message, and the
// messages being answered are read with app/render (the same chokepoint
// the reader uses, so a reply quotes exactly what the person saw, and its
// limits bound the work an arbitrary original can cost).
//
// # Transfer encodings
//
// Every header line and body line of a built message stays within 998
// octets (RFC 5322 section 2.1.1), whatever the person typed. The text
// part is 7bit when it is ASCII with lines of at most 78 characters,
// quoted-printable when it is mostly ASCII, and base64 otherwise (when
// quoted-printable would be longer). Attachments are always base64, so
// their bytes, line endings included, come back exactly. A forwarded
// message (message/rfc822) is 7bit or 8bit as RFC 2046 asks, and base64
// only when its bytes cannot travel otherwise (NUL, bare CR, lines over
// 998 octets).
//
// # format=flowed
//
// The body is sent as text/plain; charset=utf-8; format=flowed (RFC 3676)
// with delsp=no, left unwritten as it is the default. Each line the person typed is a paragraph;
// lines longer than 78 characters are wrapped at spaces to at most 72,
// each wrapped line ending in the space it was broken at (a soft break),
// so flowed readers rejoin the paragraph and others show tidy lines.
// Lines are never broken inside a word: a word longer than a line (a URL)
// stays whole, and the transfer encoding keeps the octet limit. delsp=no
// is chosen because the encoder only ever breaks after a space, so there
// is nothing to delete, and delsp=yes is mishandled by several readers.
// Lines that start with a space, "From " or ">" (when not a quote) are
// space-stuffed; quoted lines (">", ">>") keep their depth on every
// wrapped line; trailing spaces the person typed are removed (they would
// turn a hard break into a soft one) except on the signature separator
// "-- ", which is kept as it is and never flowed.
//
// # Replies
//
// [Reply] follows RFC 5322 section 3.6.4 and common practice; see its
// documentation for the rules (recipients, identities, subject prefixes,
// the quote line and quoting per RFC 3676 section 4.5).
package compose
