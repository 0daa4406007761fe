package store

import (
	"context"
	"errors"
	"time"
)

// Header is one inbox row as last seen on the server: the fields of the
// message's header that the list shows. It is what is kept, instead of the
// raw header, so that 10,000 rows load without parsing 10,000 headers.
type Header struct {
	UID      string    `json:"u"`           // the server's UIDL
	Number   int       `json:"o,omitempty"` // message number when last seen; orders ties only
	FromName string    `json:"n,omitempty"`
	FromAddr string    `json:"a,omitempty"`
	Subject  string    `json:"s,omitempty"`
	Date     time.Time `json:"d,omitzero"`
	Size     int64     `json:"z,omitempty"`
	Attach   bool      `json:"x,omitempty"`
	// NoHeaders: the server refused TOP, so the row has only UID and Size.
	NoHeaders bool `json:"h,omitempty"`
	// Thread is the message's conversation key (thread.Key: hashes of
	// its Message-ID, root and parent); "" for a row kept before it
	// existed, which then groups by subject only.
	Thread string `json:"t,omitempty"`
}

// Cache is what Load returns for one account.
type Cache struct {
	Headers []Header
	Read    map[string]bool // UIDLs marked read
	// Deletes are the UIDLs the person deleted while no session could
	// commit them, oldest first: they must be deleted, by UIDL, when a
	// session opens again, and shown as pending until then.
	Deletes []string
	// Listing is the last full listing kept by PutListing; zero if none.
	Listing Listing
}

// Listing is the maildrop as a session's full listing (UIDL and LIST)
// saw it: the UIDLs in message-number order, and their total size. The
// next session compares it with STAT and the last UIDL, and reuses it if
// nothing changed, instead of listing 10,000 messages again.
type Listing struct {
	UIDs   []string `json:"u,omitempty"`
	Octets int64    `json:"o,omitempty"`
}

// Usage is how much a cache holds, in the bytes it takes to store.
type Usage struct {
	Headers     int
	HeaderBytes int64
	Bodies      int
	BodyBytes   int64
	// Kept and KeptBytes count full copies (Keeping), which Usage
	// measures and Clear, which leaves them, does not.
	Kept      int
	KeptBytes int64
}

// Bytes is the total.
func (u Usage) Bytes() int64 { return u.HeaderBytes + u.BodyBytes + u.KeptBytes }

// Account is an account's record: what Poppy needs to show and reopen it.
// There is no password: it is kept in memory only, for one sign-in.
type Account struct {
	// Key identifies the account everywhere in the store
	// (mailbox.Account.Key: username and server).
	Key      string `json:"key"`
	Server   string `json:"server"` // the bridge's target name
	Username string `json:"username"`
	// Fingerprint is the SHA-256 fingerprint of a certificate the person
	// chose to trust for this account, or "".
	Fingerprint string `json:"fingerprint,omitempty"`
	// NoUIDL records that the server had no UIDL at the last sync: then
	// nothing is cached and the UI says why.
	NoUIDL bool `json:"noUIDL,omitempty"`
	// LastUsed is when the account was last opened; the most recent one
	// opens at start.
	LastUsed time.Time `json:"lastUsed,omitzero"`
	// Custom is the user-entered server of an account that no operator
	// target names (Server is then HOST:PORT): the accounts panel and
	// every reconnect reach it through it. Nil for a configured target.
	Custom *CustomServer `json:"custom,omitempty"`
	// OAuth names the bridge's OAuth provider (-oauth) the account signs
	// in with, in place of a password; "" for a password account. No
	// token is kept here.
	OAuth string `json:"oauth,omitempty"`
}

// Mail is one account's cached mail, as package mailbox uses it. Writes
// come in the order the person made them.
type Mail interface {
	// Load returns everything cached for account; an unknown account
	// has an empty Cache, not an error.
	Load(ctx context.Context, account string) (Cache, error)
	// PutHeaders adds or replaces rows, by UID.
	PutHeaders(ctx context.Context, account string, hs []Header) error
	// SetRead marks uids read or unread.
	SetRead(ctx context.Context, account string, read bool, uids []string) error
	// Forget drops everything kept for uids (row, body, mark, queued
	// delete): the messages are gone from the server.
	Forget(ctx context.Context, account string, uids []string) error
	// Body returns the raw message uid if it is cached (ok false if not)
	// and counts it as read now, for eviction.
	Body(ctx context.Context, account, uid string) (raw []byte, ok bool, err error)
	// PutBody caches the raw message uid, then evicts the least recently
	// read bodies (of any account) past Options.MaxBodyBytes. A body
	// larger than the cap is not kept (and is no error).
	PutBody(ctx context.Context, account, uid string, raw []byte) error
	// QueueDeletes records deletions to commit when a session opens;
	// Unqueue drops them (committed, undone, or gone from the server).
	QueueDeletes(ctx context.Context, account string, uids []string) error
	Unqueue(ctx context.Context, account string, uids []string) error
	// PutListing replaces the account's listing; a Listing without UIDs
	// drops it. Forget leaves it alone: it is a snapshot of the server,
	// which the next full listing replaces. Like read marks and queued
	// deletions, it is not counted in Usage.
	PutListing(ctx context.Context, account string, l Listing) error
}

// DB is the whole store: every account's mail and the account records.
type DB interface {
	Mail
	Sending
	Keeping
	// Accounts lists the account records, most recently used first.
	Accounts(ctx context.Context) ([]Account, error)
	// PutAccount adds or replaces the record of a.Key.
	PutAccount(ctx context.Context, a Account) error
	// RemoveAccount deletes the record of key and everything kept for
	// it, Sending's records included, and returns what that freed in the
	// mail cache and in kept copies (Usage does not count Sending's
	// records).
	RemoveAccount(ctx context.Context, key string) (Usage, error)
	// Usage measures what account holds; "" measures every account.
	Usage(ctx context.Context, account string) (Usage, error)
	// Clear deletes every account's cached mail (rows, bodies, marks,
	// queued deletions) and keeps the account records, and returns what
	// that freed. What exists only on the device (drafts, the outbox,
	// sent messages, identities, the address book: see Sending) stays.
	Clear(ctx context.Context) (Usage, error)
	// Close releases the store; later calls fail.
	Close() error
}

// Options configure a store. A nil *Options, and every zero field, means
// the default noted beside it.
type Options struct {
	// MaxBodyBytes caps the bytes of cached bodies, all accounts
	// together; default 64 MiB. Headers are not counted against it and
	// never evicted.
	MaxBodyBytes int64
	// Quota, for Mem only, makes writes that would take the total past it
	// fail as a full device would (IsQuota); default none. The browser
	// sets IDB's real quota.
	Quota int64
	// MaxContacts bounds each account's address book (SeeContacts);
	// default 2000.
	MaxContacts int
}

const (
	defaultMaxBodyBytes = 64 << 20
	defaultMaxContacts  = 2000
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.MaxBodyBytes <= 0 {
		r.MaxBodyBytes = defaultMaxBodyBytes
	}
	if r.MaxContacts <= 0 {
		r.MaxContacts = defaultMaxContacts
	}
	return r
}

// Error is a store failure: Op names the operation.
type Error struct {
	Op  string
	Err error
}

func (e *Error) Error() string { return "store: " + e.Op + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

var (
	// ErrQuota: the device refused the write for lack of space.
	ErrQuota = errors.New("the device has no space left for Poppy's local data (free some, or clear local data)")
	// ErrUnavailable: the browser offers no IndexedDB (some private
	// modes), or refused to open it.
	ErrUnavailable = errors.New("this browser does not let Poppy keep data on the device")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("the local store is closed")
	// ErrNotFound: the record to change is not on this device (another
	// tab deleted or sent it).
	ErrNotFound = errors.New("the item is no longer on this device")
)

// IsQuota reports whether err is a write refused for lack of space.
func IsQuota(err error) bool { return errors.Is(err, ErrQuota) }
