package store

import "context"

// Sending's records are stored alike in Mem and IDB: each kind of record
// is a JSON string (its "meta") under the key [account, id], and, for the
// kinds that carry bytes (attachments, messages), a list of byte strings
// under the same key in a store of their own (its "blobs"). Keeping the
// bytes apart is what lets a list (of drafts, of the outbox, of sent
// mail) read a few hundred bytes per record instead of every message;
// keeping the meta as JSON, as headers and accounts are, makes both
// stores normalise values the same way.
//
// The Sending methods are written once, in sending.go, over the records
// interface, which Mem and IDB implement; they get the methods by
// embedding sendingStore.

// kind names the stores of one kind of record: meta holds its JSON,
// blobs (if not "") its bytes.
type kind struct{ meta, blobs string }

var (
	kindDrafts     = kind{"drafts", "draftdata"}
	kindOutbox     = kind{"outbox", "outboxraw"}
	kindSent       = kind{"sent", "sentraw"}
	kindIdentities = kind{"identities", ""} // one record per account, id ""
	kindContacts   = kind{"contacts", ""}   // one record per account, id ""
	// Keeping's records (keep.go): they too exist only on the device, so
	// they share the kinds' durability and lifetime.
	kindKept     = kind{"kept", "keptraw"}
	kindKeepLog  = kind{"keeplog", ""}
	kindKeepConf = kind{"keepconf", ""} // one record per account, id "settings"
	sendingKinds = []kind{kindDrafts, kindOutbox, kindSent, kindIdentities, kindContacts, kindKept, kindKeepLog, kindKeepConf}
)

// records is the storage under Sending. Every method is one transaction
// and returns an *Error naming op.
type records interface {
	// recPut adds or replaces the record (and its blobs, if k has any).
	recPut(ctx context.Context, op string, k kind, account, id, meta string, blobs [][]byte) error
	// recGet returns a record, and its blobs if withBlobs.
	recGet(ctx context.Context, op string, k kind, account, id string, withBlobs bool) (meta string, blobs [][]byte, ok bool, err error)
	// recList returns the meta of every record of account ("" for all
	// accounts), in key order.
	recList(ctx context.Context, op string, k kind, account string) ([]string, error)
	// recDelete deletes a record and its blobs; a missing one is no error.
	recDelete(ctx context.Context, op string, k kind, account, id string) error
	// recUpdate passes the record's meta ("", false if there is none) to
	// f and stores what f returns, leaving the blobs as they are, in one
	// transaction; an error from f changes nothing and is returned. f
	// must not block (under IDB it runs inside the transaction). It
	// returns the meta written, and the blobs if withBlobs.
	recUpdate(ctx context.Context, op string, k kind, account, id string, withBlobs bool, f func(meta string, ok bool) (string, error)) (string, [][]byte, error)
	// recMove deletes the record of from and stores f's meta, with the
	// same blobs, in to, in one transaction. A missing record fails
	// with ErrNotFound; an error from f changes nothing.
	recMove(ctx context.Context, op string, from, to kind, account, id string, f func(meta string) (string, error)) error
}

// sendingStore implements Sending over r.
type sendingStore struct {
	r           records
	maxContacts int // Options.MaxContacts
}
