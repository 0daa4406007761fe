// Package mbox reads and writes the mbox format (RFC 4155) in its mboxrd
// variant, for exporting a mailbox and importing mail from other clients.
//
// # The format
//
// An mbox is a sequence of messages, each starting with a separator line
// "From SENDER DATE" and followed by an empty line. In the mboxrd
// convention a writer quotes every line of a message that matches
// ^>*From  by adding one '>', and a reader removes one '>' from every line
// that matches ^>+From : the transformation is reversible, unlike the older
// mboxo convention, which quotes only ^From  and so cannot tell a quoted
// line from one that began with ">From " in the original.
//
// The Writer writes LF line endings (CRLF and runs of CR before LF are
// normalised), the asctime date in UTC, and an empty line after each
// message; a message that does not end with a newline gets one.
//
// # What the Reader accepts as a separator
//
// Files written by other programs may be mboxo (unquoted "From " lines in
// bodies) or mboxcl (a Content-Length header that Poppy does not trust,
// since tools rewrite bodies without updating it). The Reader therefore
// takes a line as a separator only if both hold:
//
//   - it is the first line of the input (after any skipped garbage), or the
//     line before it is empty (RFC 4155: a message ends with an empty line);
//   - it parses as "From " SENDER SP DATE, where SENDER is one token of
//     printable non-space characters (at most 512 bytes) and DATE is an
//     asctime date with optional numeric or alphabetic zone:
//     "Www Mmm dd hh:mm[:ss] [zone] yyyy [zone]" (Www a weekday name, Mmm
//     a month name, dd 1 or 2 digits, yyyy 4 digits, zone +hhmm, -hhmm or
//     2-5 capital letters). Gmail's "Wed Jun 15 12:00:00 +0000 2011" and
//     the classic "Thu Jan  1 00:00:00 1970" both pass; a body line such as
//     "From the desk of Ann" or "From: x" does not.
//
// Before the first separator, a separator may follow any line, and what
// precedes it is reported as skipped garbage.
//
// Named zones (UTC, EST, ...) are read as UTC, since their offsets are
// ambiguous; the weekday name is not checked against the date, because
// real files get it wrong.
//
// # Streaming and limits
//
// Neither side holds a whole message: both work a line at a time with a
// 64 KiB buffer, so a file of any size streams in constant memory. A line
// longer than the buffer passes through in pieces; its quoting is decided
// on its first piece, so a line that starts with more than 64 KiB of '>'
// is not quoted or unquoted (no real message has one). A message larger
// than ReaderOptions.MaxMessageSize is skipped and reported, and the
// Reader goes on with the next one.
//
// # Why it is hand-written
//
// emersion/go-mbox, the Go mbox library that exists, was evaluated: the
// module proxy available to this project does not serve it, and its code
// would not fit anyway: its Writer quotes only ^From  (mboxo, not
// reversible) and writes CRLF, and its Reader splits with a bufio.Scanner,
// so a message must fit in memory, does not unquote, fails the whole file
// on garbage before the first separator, and takes any "\nFrom " line in a
// body as a separator.
package mbox
