package mailbox

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// ErrRetentionNoUIDL: the server has no UIDL, so no message can be
// matched with its copy on the device: a policy removes nothing, and
// FullCopy keeps nothing.
var ErrRetentionNoUIDL = errors.New("mailbox: this server does not identify messages (no UIDL), so Poppy cannot match its messages with copies on this device: it keeps no full copy and removes nothing from the server")

// RetentionReport is what one retention session did.
type RetentionReport struct {
	Removed []Removal // gone from the server, as a new session's listing showed
	Held    []Removal // the policy would remove them, but their copy is not safe
	// Unconfirmed were sent DELE but no listing has shown the outcome
	// yet: the next session logs those it finds gone.
	Unconfirmed []Removal
}

// ApplyRetention runs policy p on the server: it plans with
// PlanRetention over the session's listing and keep's copies, marks each
// message to remove in keep (Kept.Removing), sends DELE for them and
// QUIT (the one commit path, commit, which also opens a new session to
// check the outcome), then logs each removal the new listing shows in
// keep's activity log and marks its copy "only on this device". A
// session that ends before QUIT removes nothing (RFC 1939); a QUIT whose
// reply is lost is logged by the next ApplyRetention that finds the
// message gone. persistent says whether the browser granted persistent
// storage. It does network I/O: never call it on the UI goroutine.
func (m *Mailbox) ApplyRetention(ctx context.Context, keep store.Keeping, p store.Retention, persistent bool) (RetentionReport, error) {
	var rep RetentionReport
	ctx, cancel := m.bound(ctx)
	defer cancel()
	if err := m.acquire(ctx); err != nil {
		return rep, err
	}
	defer m.release()
	s, err := m.session(ctx)
	if err != nil {
		return rep, err
	}
	if !s.hasUIDs {
		return rep, ErrRetentionNoUIDL
	}
	kept, err := keptMap(ctx, keep, m.key)
	if err != nil {
		return rep, storeProblem(err)
	}
	if err := m.settleKept(ctx, keep, s, kept); err != nil {
		return rep, storeProblem(err)
	}
	plan := PlanRetention(p, serverListing(s), Device{Kept: kept, Persistent: persistent, Now: time.Now(), Dated: m.rowDates()})
	rep.Held = plan.Held
	if len(plan.Remove) == 0 {
		return rep, nil
	}
	// The mark goes to the device before DELE goes to the server, so that
	// no removal can happen that the device would not log.
	var uids []string
	for _, r := range plan.Remove {
		why := r.Why
		if err := keep.UpdateKept(ctx, m.key, r.UID, func(k *store.Kept) { k.Removing, k.RemovingWhy = r.Reason, &why }); err != nil {
			return rep, storeProblem(err)
		}
		k := kept[r.UID]
		k.Removing, k.RemovingWhy = r.Reason, &why
		kept[r.UID] = k
		uids = append(uids, r.UID)
	}
	cerr := m.commit(ctx, uids)
	s2 := m.current()
	if s2 == nil || !s2.hasUIDs {
		rep.Unconfirmed = plan.Remove
		return rep, errors.Join(cerr, errors.New("mailbox: no session after the removal to confirm it; the next one will"))
	}
	if err := m.settleKept(ctx, keep, s2, kept); err != nil {
		return rep, storeProblem(err)
	}
	for _, r := range plan.Remove {
		if _, still := s2.num[r.UID]; still {
			rep.Unconfirmed = append(rep.Unconfirmed, r)
		} else {
			rep.Removed = append(rep.Removed, r)
		}
	}
	return rep, cerr
}

// session returns the open session, opening one if there is none. The
// op lock must be held.
func (m *Mailbox) session(ctx context.Context) (*session, error) {
	if s := m.current(); s != nil {
		return s, nil
	}
	if _, err := m.open(ctx, nil); err != nil {
		return nil, err
	}
	if s := m.current(); s != nil {
		return s, nil
	}
	return nil, closedProblem()
}

// rowDates returns the Date of each inbox row (see Device.Dated).
func (m *Mailbox) rowDates() map[string]time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make(map[string]time.Time, len(m.entries))
	for uid, e := range m.entries {
		if !e.Date.IsZero() {
			out[uid] = e.Date
		}
	}
	return out
}

// serverListing is s's listing in message-number order: oldest first.
func serverListing(s *session) []ServerMessage {
	nums := make([]int, 0, len(s.uid))
	for n := range s.uid {
		nums = append(nums, n)
	}
	// sort.Sort, not slices.Sort (nor sort.Ints, which calls it): the
	// app already links the former, and a generic instantiation costs
	// the wasm module kilobytes.
	sort.Sort(sort.IntSlice(nums)) //lint:ignore S1032 see above
	out := make([]ServerMessage, len(nums))
	for i, n := range nums {
		out[i] = ServerMessage{UID: s.uid[n], Size: s.size[n]}
	}
	return out
}

func keptMap(ctx context.Context, keep store.Keeping, account string) (map[string]store.Kept, error) {
	list, err := keep.KeptList(ctx, account)
	if err != nil {
		return nil, err
	}
	kept := make(map[string]store.Kept, len(list))
	for _, k := range list {
		kept[k.UID] = k
	}
	return kept, nil
}

// settleKept brings the copies in kept (updated in place) in step with
// session s's listing: a copy whose message the server no longer lists
// becomes "only on this device", and one that a retention session was
// removing is logged as removed; a message still listed loses its
// Removing mark (its DELE was not committed; the next plan decides
// again).
func (m *Mailbox) settleKept(ctx context.Context, keep store.Keeping, s *session, kept map[string]store.Kept) error {
	now := time.Now()
	var log []store.Activity
	var changes []string
	changed := false
	defer func() {
		if changed {
			_ = m.LoadKept(ctx)
		}
	}()
	for uid, k := range kept {
		_, listed := s.num[uid]
		switch {
		case !listed && !k.OnlyHere():
			if k.Removing != "" {
				log = append(log, store.Activity{At: now, UID: uid, Subject: k.Row.Subject, FromAddr: k.Row.FromAddr, Size: k.Size, Reason: k.Removing, Why: k.RemovingWhy})
			}
			k.Gone, k.Removing, k.RemovingWhy = now, "", nil
		case listed && k.Removing != "":
			k.Removing, k.RemovingWhy = "", nil
		default:
			continue
		}
		kept[uid] = k
		changes = append(changes, uid)
	}
	// The log first, the marks after: a removal whose entry could not
	// be written (a full device) keeps its mark, and the next session
	// that has room logs it. It is never silent. No sort: the log keeps
	// entries in time order, then by UID (see
	// store.Keeping.LogActivity).
	if len(log) > 0 {
		if err := keep.LogActivity(ctx, m.key, log); err != nil {
			return err
		}
	}
	for _, uid := range changes {
		k := kept[uid]
		changed = true
		if err := keep.UpdateKept(ctx, m.key, uid, func(p *store.Kept) { p.Gone, p.Removing, p.RemovingWhy = k.Gone, k.Removing, k.RemovingWhy }); err != nil {
			return err
		}
	}
	return nil
}
