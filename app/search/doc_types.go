package search

import (
	"errors"
	"math/bits"
	"time"
)

// Field is a set of the fields of a message, as a bit mask.
type Field uint8

// The fields that are indexed.
const (
	Subject Field = 1 << iota
	From
	To
	Cc
	Body
	Attachment

	allFields = Subject | From | To | Cc | Body | Attachment
)

// count is the number of fields in f.
func (f Field) count() int { return bits.OnesCount8(uint8(f)) }

// Key names one message: its account and its POP3 unique id (RFC 1939
// UIDL), as the device store keys it.
type Key struct {
	Account string
	UIDL    string
}

// Address is a mailbox of an address field: a display name and an
// addr-spec (RFC 5322 §3.4).
type Address struct {
	Name  string
	Email string
}

// Doc is a message as the index sees it. Body is plain text: the caller
// turns HTML into text first.
type Doc struct {
	Key
	// Date ranks newer messages first among equal scores.
	Date        time.Time
	Subject     string
	From        []Address
	To          []Address
	Cc          []Address
	Body        string
	Attachments []string
}

// Result is one message found by Search.
type Result struct {
	Key
	// Fields are the fields in which the query's words were found.
	Fields Field
	// Score is the number of (query word, field) pairs that matched.
	Score int
}

// Errors, matched with errors.Is.
var (
	// ErrNoKey: a Doc without a UIDL cannot be indexed.
	ErrNoKey = errors.New("search: the message has no UIDL; index it once its unique id is known")
	// ErrCorrupt: a stored segment cannot be read; drop it and index
	// its messages again.
	ErrCorrupt = errors.New("search: the stored index segment is damaged; rebuild the index from the kept messages")
	// ErrSegmentLoaded: the segment's messages are already in the
	// index; load each stored segment once, into a fresh index.
	ErrSegmentLoaded = errors.New("search: this index segment is already loaded; load stored segments into a new index")
)
