package mbox

import (
	"errors"
	"fmt"
	"strings"
)

// The conditions a Problem reports. Match them with errors.Is.
var (
	// ErrGarbage: bytes before the first separator line, which belong to
	// no message. They are skipped.
	ErrGarbage = errors.New("mbox: bytes before the first \"From \" line belong to no message")
	// ErrTooLarge: a message over ReaderOptions.MaxMessageSize. It is
	// skipped; raise the limit to import it.
	ErrTooLarge = errors.New("mbox: message larger than the size limit")
	// ErrTruncated: the input ended inside a message (no empty line after
	// it). The message is still returned, as far as it goes; it may be
	// incomplete, so check it before trusting it.
	ErrTruncated = errors.New("mbox: the file ends in the middle of a message, which may be incomplete")
)

// A Problem is one thing the Reader skipped or warns about. Err is one of
// ErrGarbage, ErrTooLarge or ErrTruncated.
type Problem struct {
	// Message is the 1-based number of the message in the input, or 0
	// for garbage before the first message.
	Message int
	// Offset is the byte offset in the input where the problem starts
	// (the separator line of the message, or the first garbage byte).
	Offset int64
	// Bytes is how many input bytes the problem covers (the whole
	// message, separator included, or the garbage).
	Bytes int64
	// From is the message's separator sender, if there is a message.
	From string
	Err  error
}

func (p *Problem) Error() string {
	if p.Message == 0 {
		return fmt.Sprintf("%v (%d bytes at the start of the file skipped)", p.Err, p.Bytes)
	}
	return fmt.Sprintf("%v (message %d from %s, %d bytes at byte %d)", p.Err, p.Message, p.From, p.Bytes, p.Offset)
}

func (p *Problem) Unwrap() error { return p.Err }

// Report sums up a read: how many messages came out, what was skipped,
// and which messages came out with a warning.
type Report struct {
	// Messages counts messages returned whole by Next (not skipped).
	Messages int
	// Skipped lists garbage and too-large messages, in input order.
	Skipped []*Problem
	// Warnings lists messages that were returned but may be incomplete.
	Warnings []*Problem
}

// String says what happened in a sentence a person can read, e.g.
// "3 messages read, 1 skipped: mbox: message larger than the size limit (...)".
func (r *Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d message", r.Messages)
	if r.Messages != 1 {
		b.WriteString("s")
	}
	b.WriteString(" read")
	if len(r.Skipped) > 0 {
		fmt.Fprintf(&b, ", %d skipped:", len(r.Skipped))
		for i, p := range r.Skipped {
			if i > 0 {
				b.WriteString(";")
			}
			b.WriteString(" " + p.Error())
		}
	}
	for _, p := range r.Warnings {
		b.WriteString("; warning: " + p.Error())
	}
	return b.String()
}
