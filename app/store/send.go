package store

import (
	"context"
	"time"
)

// What sending mail keeps on the device (issue 11). POP3 keeps nothing of
// what a person writes: there is no Drafts or Sent folder on the server,
// so drafts, the outbox, sent messages, identities and the address book
// exist nowhere but here. Clear, which empties the mail cache (a copy of
// the server), therefore leaves them; RemoveAccount, which the person asks
// for by name, drops them with the rest of the account.

// Draft is a message being written, saved as the person types (the UI
// debounces): it survives a reload, a crash and going offline. The
// address fields are what the person typed, not yet parsed, so that a
// half-typed address is kept as it is.
type Draft struct {
	ID         string       `json:"id"`
	Account    string       `json:"account"`
	From       string       `json:"from,omitempty"` // the identity address it is sent from
	To         string       `json:"to,omitempty"`
	Cc         string       `json:"cc,omitempty"`
	Bcc        string       `json:"bcc,omitempty"`
	Subject    string       `json:"subject,omitempty"`
	Body       string       `json:"body,omitempty"`
	InReplyTo  string       `json:"inReplyTo,omitempty"`
	References []string     `json:"references,omitempty"`
	Attach     []Attachment `json:"attach,omitempty"`
	Updated    time.Time    `json:"updated,omitzero"`
}

// Attachment is a file attached to a draft. Data is kept apart from the
// rest of the draft, so that listing drafts reads no attachment bytes:
// Drafts returns attachments with Size and without Data.
type Attachment struct {
	Name string `json:"name"`
	Type string `json:"type,omitempty"`
	Size int64  `json:"size"`
	Data []byte `json:"-"`
}

// OutboxState is where an outbox entry stands. Package outbox moves
// entries between states; the store keeps them.
type OutboxState string

const (
	// OutboxQueued: waiting for a connection (or for its next attempt).
	OutboxQueued OutboxState = "queued"
	// OutboxSending: a tab is sending it now, under a lease.
	OutboxSending OutboxState = "sending"
	// OutboxSent is never stored: a sent entry leaves the outbox for Sent
	// (MoveToSent). It names the state for callers that report it.
	OutboxSent OutboxState = "sent"
	// OutboxMaybeSent: the connection was lost after the whole message
	// went out and before the server answered; only the person decides.
	OutboxMaybeSent OutboxState = "maybe-sent"
	// OutboxFailed: the server refused it for good; the error is kept.
	OutboxFailed OutboxState = "failed"
)

// OutboxEntry is one message waiting to be sent, or that could not be.
// Raw is the whole message as it will be submitted; the envelope (From,
// To) is kept apart from it because Bcc recipients are in the envelope
// only. Raw is kept apart from the rest, so that listing the outbox reads
// no message bytes: Outbox returns entries without Raw.
type OutboxEntry struct {
	ID      string      `json:"id"`
	Account string      `json:"account"`
	Raw     []byte      `json:"-"`
	Size    int64       `json:"size"`
	From    string      `json:"from"` // envelope return path
	To      []string    `json:"to"`   // envelope recipients
	State   OutboxState `json:"state"`
	// Summary for the list, from the message's header.
	Subject  string    `json:"subject,omitempty"`
	HeaderTo []string  `json:"headerTo,omitempty"`
	Attempts int       `json:"attempts,omitempty"`
	ErrKind  string    `json:"errKind,omitempty"` // a stable word for the UI
	ErrText  string    `json:"errText,omitempty"` // the error, in words
	Created  time.Time `json:"created,omitzero"`
	Updated  time.Time `json:"updated,omitzero"`
	NextTry  time.Time `json:"nextTry,omitzero"` // no attempt before (backoff)
	// Owner and LeaseUntil: who holds the "sending" state, until when.
	// They are written in the same transaction as the state, so that of
	// two tabs only one takes an entry (see package outbox).
	Owner      string    `json:"owner,omitempty"`
	LeaseUntil time.Time `json:"leaseUntil,omitzero"`
}

// SentMessage is a message the server accepted, kept on the device since
// POP3 has no Sent folder. Raw is kept apart: SentList returns messages
// without it.
type SentMessage struct {
	ID       string    `json:"id"`
	Account  string    `json:"account"`
	Raw      []byte    `json:"-"`
	Size     int64     `json:"size"`
	From     string    `json:"from,omitempty"`
	To       []string  `json:"to,omitempty"` // as the header shows them
	Subject  string    `json:"subject,omitempty"`
	Date     time.Time `json:"date,omitzero"` // when the server accepted it
	Envelope []string  `json:"envelope,omitempty"`
}

// Identity is one way a person signs a message from an account.
type Identity struct {
	Name string `json:"name,omitempty"` // display name
	// Addresses it sends from; the first is the default. Several are
	// allowed: aliases of one mailbox.
	Addresses []string `json:"addresses"`
	// Signature, without the "-- " separator line, which compose adds.
	Signature string `json:"signature,omitempty"`
	// BccSelf sends a copy to the identity's own address (through the
	// envelope only), since POP3 has no Sent folder on the server.
	BccSelf bool `json:"bccSelf,omitempty"`
	// ReplyFromRecipient: a reply is sent from the address of Addresses
	// that the original was sent to, rather than the first.
	ReplyFromRecipient bool `json:"replyFromRecipient,omitempty"`
}

// Contact is an address seen in an account's mail, for autocomplete.
type Contact struct {
	Name     string    `json:"n,omitempty"`
	Addr     string    `json:"a"`
	LastSeen time.Time `json:"t,omitzero"`
	Count    int       `json:"c"`
}

// Sending is what the store keeps for writing and sending mail. Every
// write is one transaction; one that the device refuses for lack of space
// fails with an error for which IsQuota is true, and changes nothing.
type Sending interface {
	// PutDraft adds or replaces d (by Account and ID), attachments
	// included.
	PutDraft(ctx context.Context, d Draft) error
	// Drafts lists account's drafts, most recently updated first,
	// attachments without Data.
	Drafts(ctx context.Context, account string) ([]Draft, error)
	// Draft returns one draft with its attachments' Data.
	Draft(ctx context.Context, account, id string) (Draft, bool, error)
	// DeleteDraft deletes a draft; a missing one is no error.
	DeleteDraft(ctx context.Context, account, id string) error

	// PutOutbox adds or replaces e, Raw included.
	PutOutbox(ctx context.Context, e OutboxEntry) error
	// Outbox lists the entries of account ("" for every account),
	// oldest first, without Raw.
	Outbox(ctx context.Context, account string) ([]OutboxEntry, error)
	// OutboxEntry returns one entry with its Raw.
	OutboxEntry(ctx context.Context, account, id string) (OutboxEntry, bool, error)
	// UpdateOutbox reads the entry, lets f change it, and writes it back,
	// in one transaction: a state transition that no other tab or
	// goroutine can interleave with. If f returns an error, nothing is
	// written and UpdateOutbox returns it (wrapped in an *Error). f must
	// not block and must not change Raw (which it gets nil). A missing
	// entry fails with ErrNotFound without calling f. It returns the
	// entry as written, with Raw if withRaw.
	UpdateOutbox(ctx context.Context, account, id string, withRaw bool, f func(e *OutboxEntry) error) (OutboxEntry, error)
	// MoveToSent removes the entry from the outbox and adds the message
	// f makes of it to Sent, with the entry's Raw, in one transaction:
	// the message is never in both places, nor in neither. f works as
	// for UpdateOutbox.
	MoveToSent(ctx context.Context, account, id string, f func(e OutboxEntry) (SentMessage, error)) error
	// DeleteOutbox deletes an entry; a missing one is no error.
	DeleteOutbox(ctx context.Context, account, id string) error

	// SentList lists account's sent messages, newest first (by Date),
	// without Raw.
	SentList(ctx context.Context, account string) ([]SentMessage, error)
	// SentMessage returns one sent message with its Raw.
	SentMessage(ctx context.Context, account, id string) (SentMessage, bool, error)
	// PutSent adds or replaces m, Raw included.
	PutSent(ctx context.Context, m SentMessage) error
	// DeleteSent deletes a sent message; a missing one is no error.
	DeleteSent(ctx context.Context, account, id string) error

	// Identities returns account's identities, in the order put.
	Identities(ctx context.Context, account string) ([]Identity, error)
	// PutIdentities replaces account's identities; none deletes them.
	PutIdentities(ctx context.Context, account string, ids []Identity) error

	// SeeContacts records addresses seen in account's mail (as sender or
	// recipient): each one's count goes up by one, its LastSeen to the
	// later of the two, and its name to the one given if any. Addresses
	// are matched without regard to case. Past Options.MaxContacts, the
	// least recently seen are dropped.
	SeeContacts(ctx context.Context, account string, cs []Contact) error
	// LookupContacts returns up to limit (<= 0: all) of account's
	// contacts whose address, name, or a word of whose name, starts with
	// prefix, without regard to case; most often seen first, then most
	// recently. An empty prefix matches every contact.
	LookupContacts(ctx context.Context, account, prefix string, limit int) ([]Contact, error)
}
