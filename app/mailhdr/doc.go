// Package mailhdr reads the header fields that Poppy shows a person: who
// sent a message, when, and about what. The inbox list (app/mailbox) and
// the reader (app/render) both read them here, so that one message never
// shows two different senders, dates or subjects.
//
// It reads a header block leniently (RFC 5322 section 2.2, unfolding per
// 2.2.3; see [Read] for the deviations accepted), decodes RFC 2047
// encoded words and RFC 6532 UTF-8, parses address lists (RFC 5322
// section 3.4) and dates (section 3.3, with a fast path for the common
// form and the obsolete forms of section 4.3), and falls back to the date
// of the newest Received field (RFC 5321 section 4.4).
//
// Everything it returns is text for one line of a UI: valid UTF-8, no
// control characters. Addresses also lose the Unicode bidirectional
// controls and other invisible format characters (UAX #9): they have no
// business in an address, and a right-to-left override there can make
// "moc.lapyap@evil.example" read as "elpmaxe.live@paypal.com". Display
// names and subjects keep them; a UI must show each field in its own
// bidi isolate (<bdi>) so that they cannot reorder what follows.
package mailhdr
