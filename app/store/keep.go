package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Keeping is what the store keeps so that mail can live on the device
// (issue 13): full copies of messages, each account's retention policy
// and full-copy switch, and the activity log of what a retention policy
// removed from the server. Like Sending's records, these exist only on
// the device: they are written with strict durability, RemoveAccount
// deletes them and Clear does not. Forget, which drops the evictable
// cache of a message gone from the server, leaves its kept copy alone:
// that is what makes a message "only on this device".
type Keeping interface {
	// PutKept writes the full copy raw of k.UID with strict durability,
	// reads it back, and returns k with Size set and Verified true only
	// if the bytes read back are those written and their count matches
	// k.ListSize (the server's LIST size). A copy that fails the check is
	// still kept (it is the person's mail), unverified, and the error
	// wraps ErrNotVerified.
	PutKept(ctx context.Context, account string, k Kept, raw []byte) (Kept, error)
	// PutKeptMany is PutKept for many messages, in three transactions
	// in all (write, read back, mark verified); the write is all or
	// none. A copy that fails the check comes back with Verified false,
	// without an error; an error is the store's (a full device).
	PutKeptMany(ctx context.Context, account string, ks []Kept, raws [][]byte) ([]Kept, error)
	// KeptList returns the records (without bytes) of account's kept
	// messages, in UID order.
	KeptList(ctx context.Context, account string) ([]Kept, error)
	// KeptBody returns the bytes of a kept message.
	KeptBody(ctx context.Context, account, uid string) ([]byte, bool, error)
	// UpdateKept changes the record of uid with f, in one transaction;
	// a missing record fails with ErrNotFound.
	UpdateKept(ctx context.Context, account, uid string, f func(*Kept)) error
	// DeleteKept drops the copy of uid; a missing one is no error.
	DeleteKept(ctx context.Context, account, uid string) error
	// KeepSettings returns account's settings; the zero value (leave on
	// server, no full copy) if none were saved.
	KeepSettings(ctx context.Context, account string) (KeepSettings, error)
	PutKeepSettings(ctx context.Context, account string, s KeepSettings) error
	// LogActivity appends to account's activity log; Activity returns it,
	// oldest first.
	LogActivity(ctx context.Context, account string, as []Activity) error
	Activity(ctx context.Context, account string) ([]Activity, error)
	// Hidden returns the UIDLs of account's messages hidden on this
	// device (deleted here, kept on the server: see
	// KeepSettings.DeleteHereOnly), sorted; SetHidden hides uids, or
	// shows them again if hidden is false, in one transaction.
	Hidden(ctx context.Context, account string) ([]string, error)
	SetHidden(ctx context.Context, account string, uids []string, hidden bool) error
	// ViewSettings returns how account's inbox lists its messages; the
	// zero value (newest first, no conversations) if none were saved.
	ViewSettings(ctx context.Context, account string) (ViewSettings, error)
	PutViewSettings(ctx context.Context, account string, v ViewSettings) error
}

// ErrNotVerified: a kept copy did not read back as written, or its size
// is not the server's: it is kept but never counts as safe.
var ErrNotVerified = errors.New("the copy kept on this device could not be verified, so the message stays on the server")

// Kept is the record of one message kept in full on the device.
type Kept struct {
	UID string `json:"u"`
	// Row is the message's inbox row, for showing it once the server no
	// longer has it.
	Row Header `json:"r"`
	// Size is the bytes kept; ListSize the size the server's LIST gave
	// when it was fetched.
	Size     int64 `json:"z"`
	ListSize int64 `json:"l"`
	// Date is the message's Date header; zero when it has none or it
	// does not parse.
	Date time.Time `json:"d,omitzero"`
	// FirstSeen is when the device first fetched it.
	FirstSeen time.Time `json:"f,omitzero"`
	// Verified: written with strict durability, read back equal, and
	// Size == ListSize. Only a verified copy lets a policy remove the
	// message from the server.
	Verified bool `json:"v,omitempty"`
	// Archived: also written to the disk archive (a folder the person
	// picked).
	Archived bool `json:"a,omitempty"`
	// Gone is when a session first listed the server without it: from
	// then on the message exists only on this device.
	Gone time.Time `json:"g,omitzero"`
	// Removing is set, to the reason, just before a retention session
	// sends DELE for the message, and cleared once a listing shows the
	// outcome: a removal whose QUIT reply was lost (a closed tab) is
	// still logged, by the next session that finds the message gone.
	Removing string `json:"x,omitempty"`
	// RemovingWhy is Removing's reason as data (nil in records written
	// before it existed).
	RemovingWhy *Why `json:"xw,omitempty"`
}

// OnlyHere reports whether the server no longer has the message.
func (k Kept) OnlyHere() bool { return !k.Gone.IsZero() }

// Retention policies (KeepSettings.Retention.Policy).
const (
	RetainLeave      = ""            // leave on server (the default)
	RetainAfterDays  = "after-days"  // remove from the server after Days days
	RetainWhenSafe   = "when-safe"   // remove once kept safely on the device
	RetainAtMost     = "at-most"     // keep at most Max on the server
	RetainDeleteHere = "delete-here" // delete from the server when deleted here
)

// Retention is an account's retention policy.
type Retention struct {
	Policy string `json:"p,omitempty"`
	Days   int    `json:"d,omitempty"` // for RetainAfterDays
	Max    int    `json:"m,omitempty"` // for RetainAtMost
}

// KeepSettings is what an account keeps on the device and how long the
// server keeps it.
type KeepSettings struct {
	Retention Retention `json:"r"`
	// FullCopy: keep a copy of every message on this device.
	FullCopy bool `json:"c,omitempty"`
	// Budget caps the bytes of full copies of this account; 0 means no
	// cap of Poppy's own (the browser's quota still applies).
	Budget int64 `json:"b,omitempty"`
	// DeleteHereOnly: a message the person deletes in Poppy leaves this
	// device's list only (its UIDL joins Hidden) and stays on the
	// server until the retention policy removes it. False, the zero
	// value, is "delete from the server when I delete it here" (a DELE
	// at the end of the undo window), as before the choice existed.
	DeleteHereOnly bool `json:"h,omitempty"`
}

// Activity is one entry of the activity log: a message removed from the
// server by a retention policy.
type Activity struct {
	At       time.Time `json:"t"`
	UID      string    `json:"u"`
	Subject  string    `json:"s,omitempty"`
	FromAddr string    `json:"a,omitempty"`
	Size     int64     `json:"z,omitempty"`
	// Reason says which policy removed it and why, in English words.
	Reason string `json:"r"`
	// Why is Reason as data, for the interface to word (nil in records
	// written before it existed: the interface then shows Reason).
	Why *Why `json:"w,omitempty"`
}

// keepStore implements Keeping over records.
type keepStore struct{ r records }

const settingsID = "settings"

// PutKept implements Keeping.
func (s keepStore) PutKept(ctx context.Context, account string, k Kept, raw []byte) (Kept, error) {
	const op = "keep message"
	if err := checkID(op, account, k.UID); err != nil {
		return k, err
	}
	k.Size, k.Verified = int64(len(raw)), false
	meta, err := marshal(op, k)
	if err != nil {
		return k, err
	}
	if err := s.r.recPut(ctx, op, kindKept, account, k.UID, meta, [][]byte{raw}); err != nil {
		return k, err
	}
	// Read back what the device holds now, not what was handed to it.
	_, blobs, ok, err := s.r.recGet(ctx, op, kindKept, account, k.UID, true)
	if err != nil {
		return k, err
	}
	if !ok || len(blobs) != 1 || !bytes.Equal(blobs[0], raw) {
		return k, &Error{Op: op, Err: fmt.Errorf("%w: %s read back differently", ErrNotVerified, k.UID)}
	}
	if k.Size != k.ListSize {
		return k, &Error{Op: op, Err: fmt.Errorf("%w: %s is %d bytes, the server said %d", ErrNotVerified, k.UID, k.Size, k.ListSize)}
	}
	k.Verified = true
	err = s.UpdateKept(ctx, account, k.UID, func(p *Kept) { p.Verified = true })
	return k, err
}

// KeptList implements Keeping.
func (s keepStore) KeptList(ctx context.Context, account string) ([]Kept, error) {
	const op = "kept messages"
	metas, err := s.r.recList(ctx, op, kindKept, account)
	if err != nil {
		return nil, err
	}
	return decodeAll[Kept](op, metas)
}

// KeptBody implements Keeping.
func (s keepStore) KeptBody(ctx context.Context, account, uid string) ([]byte, bool, error) {
	_, blobs, ok, err := s.r.recGet(ctx, "kept message", kindKept, account, uid, true)
	if err != nil || !ok || len(blobs) != 1 {
		return nil, false, err
	}
	return blobs[0], true, nil
}

// UpdateKept implements Keeping.
func (s keepStore) UpdateKept(ctx context.Context, account, uid string, f func(*Kept)) error {
	_, _, err := s.r.recUpdate(ctx, "update kept message", kindKept, account, uid, false, func(meta string, ok bool) (string, error) {
		if !ok {
			return "", ErrNotFound
		}
		var k Kept
		if err := json.Unmarshal([]byte(meta), &k); err != nil {
			return "", err
		}
		f(&k)
		k.UID = uid
		b, err := json.Marshal(k)
		return string(b), err
	})
	return err
}

// DeleteKept implements Keeping.
func (s keepStore) DeleteKept(ctx context.Context, account, uid string) error {
	return s.r.recDelete(ctx, "delete kept message", kindKept, account, uid)
}

// KeepSettings implements Keeping.
func (s keepStore) KeepSettings(ctx context.Context, account string) (KeepSettings, error) {
	const op = "keep settings"
	meta, _, ok, err := s.r.recGet(ctx, op, kindKeepConf, account, settingsID, false)
	var ks KeepSettings
	if err != nil || !ok {
		return ks, err
	}
	if err := json.Unmarshal([]byte(meta), &ks); err != nil {
		return ks, &Error{Op: op, Err: err}
	}
	return ks, nil
}

// PutKeepSettings implements Keeping.
func (s keepStore) PutKeepSettings(ctx context.Context, account string, ks KeepSettings) error {
	const op = "put keep settings"
	if err := checkID(op, account, settingsID); err != nil {
		return err
	}
	meta, err := marshal(op, ks)
	if err != nil {
		return err
	}
	return s.r.recPut(ctx, op, kindKeepConf, account, settingsID, meta, nil)
}

// LogActivity implements Keeping. Each entry's ID starts with its time,
// zero-padded, so that key order is time order.
func (s keepStore) LogActivity(ctx context.Context, account string, as []Activity) error {
	const op = "log activity"
	for _, a := range as {
		if err := checkID(op, account, a.UID); err != nil {
			return err
		}
		meta, err := marshal(op, a)
		if err != nil {
			return err
		}
		id := fmt.Sprintf("%020d %s", a.At.UnixNano(), a.UID)
		if err := s.r.recPut(ctx, op, kindKeepLog, account, id, meta, nil); err != nil {
			return err
		}
	}
	return nil
}

// Activity implements Keeping.
func (s keepStore) Activity(ctx context.Context, account string) ([]Activity, error) {
	const op = "activity"
	metas, err := s.r.recList(ctx, op, kindKeepLog, account)
	if err != nil {
		return nil, err
	}
	return decodeAll[Activity](op, metas)
}
