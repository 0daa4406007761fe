package mailbox

import (
	"fmt"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// Retention: what a policy (store.Retention) would remove from the
// server. PlanRetention is a pure function of the policy, the server's
// listing and the device's kept copies, so the accounts panel can show
// what a change would remove before it takes effect, and the session
// step (ApplyRetention) removes exactly what it returns.
//
// The safety rule, for every policy: a message is removed only if its
// full copy on the device is verified (store.Kept.Verified: written with
// strict durability, read back equal, its size the LIST size), and its
// LIST size in this session is still the size kept. For RetainWhenSafe,
// the storage must also be persistent (navigator.storage.persist()
// granted) or the copy also be in the disk archive. What a policy would
// remove but cannot, for want of such a copy, is Held, with the reason.

// ServerMessage is one message of the server's listing.
type ServerMessage struct {
	UID  string
	Size int64 // LIST size
}

// Device is what the device knows for a plan.
type Device struct {
	Kept map[string]store.Kept // by UID
	// Persistent: the browser granted persistent storage.
	Persistent bool
	Now        time.Time
	// Dated, optional, holds the dates of the inbox rows of messages
	// without a copy, so that a plan lists those an age-based policy
	// would remove as Held ("not kept on this device"), never as Remove.
	Dated map[string]time.Time
}

// Basis says how a message's age was told.
type Basis string

const (
	BasisNone      Basis = ""
	BasisDate      Basis = "date"       // its Date header
	BasisFirstSeen Basis = "first-seen" // when the device first fetched it: no Date, or one in the future
)

// Removal is a message a policy removes, or would remove (Held).
type Removal struct {
	UID   string
	Size  int64
	Basis Basis // for RetainAfterDays
	// Reason says why, in English words for the activity log and the
	// preview; Why and Held say it as data, which the interface words
	// in the person's language.
	Reason string
	Why    store.Why
	// Held, for a Removal of Plan.Held: why the copy does not allow it
	// yet. CopySize is the copy's size, for HeldSizeDiffers.
	Held     HeldKind
	CopySize int64
}

// HeldKind is why the device's copy does not allow a removal.
type HeldKind int

const (
	HeldNone          HeldKind = iota
	HeldNotKept                // no copy on this device
	HeldNotVerified            // the copy is not verified
	HeldSizeDiffers            // the copy is CopySize bytes, the server lists Size
	HeldNotPersistent          // RetainWhenSafe: storage not persistent, and not in a disk archive
)

// Plan is what a policy does to the server's listing.
type Plan struct {
	Remove []Removal // safe to remove now
	Held   []Removal // the policy would remove them, but the copy is not safe: Reason says why not
}

// PlanRetention returns what policy p removes from server (in listing
// order, which POP3 gives oldest first) given the device's copies. It
// never returns in Remove a message whose copy is not safe by the rule
// above. Unknown policies, RetainLeave and RetainDeleteHere remove
// nothing: deleting on the server what the person deletes here is the
// account's store.KeepSettings.DeleteHereOnly (false, the default),
// which goes with any policy (deletehere.go); RetainDeleteHere, saved
// before that choice existed, means what RetainLeave does.
func PlanRetention(p store.Retention, server []ServerMessage, dev Device) Plan {
	var plan Plan
	add := func(m ServerMessage, basis Basis, w store.Why, why string) {
		r := Removal{UID: m.UID, Size: m.Size, Basis: basis, Reason: why, Why: w}
		if held, unsafe := unsafeCopy(p, m, dev); unsafe != "" {
			r.Reason = why + "; kept on the server: " + unsafe
			r.Held, r.CopySize = held, dev.Kept[m.UID].Size
			plan.Held = append(plan.Held, r)
			return
		}
		plan.Remove = append(plan.Remove, r)
	}
	switch p.Policy {
	case store.RetainAfterDays:
		if p.Days < 0 {
			return plan
		}
		limit := time.Duration(p.Days) * 24 * time.Hour
		for _, m := range server {
			at, basis := messageAge(dev.Kept[m.UID], dev.Now)
			if d, ok := dev.Dated[m.UID]; basis == BasisNone && ok && !d.IsZero() && !d.After(dev.Now) {
				at, basis = d, BasisDate
			}
			if basis == BasisNone || dev.Now.Sub(at) < limit {
				continue
			}
			what := "dated"
			if basis == BasisFirstSeen {
				what = "first seen (no usable Date header)"
			}
			w := store.Why{Kind: store.WhyOlderThan, Days: p.Days, At: at, FirstSeen: basis == BasisFirstSeen}
			add(m, basis, w, fmt.Sprintf("older than %d days: %s %s", p.Days, what, at.UTC().Format("2006-01-02")))
		}
	case store.RetainWhenSafe:
		for _, m := range server {
			if k, ok := dev.Kept[m.UID]; ok {
				why, w := "kept safely on this device", store.Why{Kind: store.WhyKeptSafely}
				if !dev.Persistent && k.Archived {
					// The archive, not the browser's storage, made it safe
					// (issue 13's folder archive): the log says where it is.
					why, w = "kept safely on this device and in the folder archive", store.Why{Kind: store.WhyKeptInArchive}
				}
				add(m, BasisNone, w, why)
			}
		}
	case store.RetainAtMost:
		if p.Max < 0 {
			return plan
		}
		for i := 0; i < len(server)-p.Max; i++ {
			add(server[i], BasisNone, store.Why{Kind: store.WhyAtMost, Max: p.Max}, fmt.Sprintf("more than %d messages on the server: this is one of the oldest", p.Max))
		}
	}
	return plan
}

// messageAge is when the message was dated: its Date header, or when the
// device first saw it if the Date is missing or in the future. A message
// with no copy has no age the device can vouch for.
func messageAge(k store.Kept, now time.Time) (time.Time, Basis) {
	switch {
	case k.UID == "":
		return time.Time{}, BasisNone
	case !k.Date.IsZero() && !k.Date.After(now):
		return k.Date, BasisDate
	case !k.FirstSeen.IsZero():
		return k.FirstSeen, BasisFirstSeen
	}
	return time.Time{}, BasisNone
}

// unsafeCopy says why the device's copy of m does not allow removing it
// under p, as a kind and in words, or HeldNone and "" if it does.
func unsafeCopy(p store.Retention, m ServerMessage, dev Device) (HeldKind, string) {
	k, ok := dev.Kept[m.UID]
	switch {
	case !ok:
		return HeldNotKept, "not kept on this device"
	case !k.Verified:
		return HeldNotVerified, "the copy on this device is not verified"
	case k.Size != m.Size || k.ListSize != m.Size:
		return HeldSizeDiffers, fmt.Sprintf("the copy is %d bytes, the server lists %d", k.Size, m.Size)
	case p.Policy == store.RetainWhenSafe && !dev.Persistent && !k.Archived:
		return HeldNotPersistent, "this browser's storage is not persistent and the message is not in a disk archive"
	}
	return HeldNone, ""
}
