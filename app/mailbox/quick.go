package mailbox

import (
	"context"
	"slices"

	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/pop3"
)

// inventory lists the maildrop for a new session. When the Store has the
// listing of an earlier session, and STAT (count and size) and the UIDL of
// the last message (pop3.Client.StatLast: one round trip where the
// server pipelines) still match it, nothing changed: the listing is that
// one, for two one-line replies instead of a line per message in UIDL and
// LIST (a 10,000-message revisit costs well under a kilobyte instead of
// about 300). Otherwise, or when full is set, it is UIDL and LIST
// (pop3.Client.Inventory), which then becomes the kept listing.
//
// The check relies on what every maildrop does: a new message is
// numbered after the existing ones, and a deletion lowers the count. A
// message deleted and another of exactly its size delivered since would
// still change the last UIDL. A server that broke the rule would at worst
// show a stale list, never act on a wrong message: a quick session
// confirms each number with UIDL n before RETR or DELE (confirm).
func (m *Mailbox) inventory(ctx context.Context, c *pop3.Client, full bool) (infos []pop3.MessageInfo, hasUIDs, quick bool, err error) {
	m.mu.Lock()
	l := m.listing
	m.mu.Unlock()
	if !full && len(l.UIDs) > 0 {
		infos, ok, err := m.unchanged(ctx, c, l)
		if err != nil || ok {
			return infos, ok, ok, err
		}
	}
	if infos, ok, err := m.listKnown(ctx, c); err != nil || ok {
		if ok {
			m.keepListing(infos)
		}
		return infos, ok, false, err
	}
	infos, hasUIDs, err = c.Inventory(ctx)
	if err == nil && hasUIDs {
		m.keepListing(infos)
	}
	return infos, hasUIDs, false, err
}

// listKnown lists a maildrop whose messages are mostly known by UIDL
// already (kept in the Store, or seen this visit): UIDL, then LIST n only
// for the messages not known, whose sizes the rows do not have. A new
// message on a 10,000-message revisit then costs the UIDL listing and
// its own header, not the LIST listing too. ok is false when the rows
// know nothing yet, or the server's UIDL cannot tell messages apart:
// Inventory does it then.
func (m *Mailbox) listKnown(ctx context.Context, c *pop3.Client) (infos []pop3.MessageInfo, ok bool, err error) {
	m.mu.Lock()
	known := len(m.entries) > 0 && (m.hasUIDL || !m.told)
	m.mu.Unlock()
	if !known {
		return nil, false, nil
	}
	infos, err = c.UIDL(ctx)
	if err != nil {
		if alive(err) {
			return nil, false, nil // no UIDL after all
		}
		return nil, false, err
	}
	seen := make(map[string]bool, len(infos))
	var ask []int
	where := make(map[int]int)
	m.mu.Lock()
	for i := range infos {
		mi := &infos[i]
		if mi.UID == "" || seen[mi.UID] {
			m.mu.Unlock()
			return nil, false, nil
		}
		seen[mi.UID] = true
		if e := m.entries[mi.UID]; e != nil && e.Size >= 0 {
			mi.Size = e.Size
		} else {
			ask = append(ask, mi.Number)
			where[mi.Number] = i
		}
	}
	m.mu.Unlock()
	if len(ask) > 0 {
		sizes, err := c.ListMany(ctx, ask)
		if err != nil && !allRefusals(err) {
			return nil, false, err
		}
		for _, si := range sizes {
			if i, ok := where[si.Number]; ok {
				infos[i].Size = si.Size
			}
		}
	}
	return infos, true, nil
}

// unchanged checks l against STAT and the last message's UIDL, and
// returns it as a listing if it still holds.
func (m *Mailbox) unchanged(ctx context.Context, c *pop3.Client, l store.Listing) ([]pop3.MessageInfo, bool, error) {
	// One round trip where the server pipelines.
	count, octets, last, err := c.StatLast(ctx, len(l.UIDs))
	if err != nil {
		return nil, false, err
	}
	if count != len(l.UIDs) || octets != l.Octets || last != l.UIDs[count-1] {
		return nil, false, nil // UIDL n refused (last is "") too: list the long way
	}
	infos := make([]pop3.MessageInfo, count)
	m.mu.Lock()
	for i, uid := range l.UIDs {
		size := int64(-1)
		if e := m.entries[uid]; e != nil {
			size = e.Size
		}
		infos[i] = pop3.MessageInfo{Number: i + 1, UID: uid, Size: size}
	}
	m.mu.Unlock()
	return infos, true, nil
}

// keepListing keeps a full listing for the next session's check, unless
// it is the one kept already. A listing with an unknown size is not kept:
// STAT could never match it.
func (m *Mailbox) keepListing(infos []pop3.MessageInfo) {
	l := store.Listing{UIDs: make([]string, len(infos))}
	for i, mi := range infos {
		if mi.Size < 0 || mi.Number != i+1 {
			return
		}
		l.UIDs[i] = mi.UID
		l.Octets += mi.Size
	}
	m.mu.Lock()
	same := l.Octets == m.listing.Octets && slices.Equal(l.UIDs, m.listing.UIDs)
	m.listing = l
	m.mu.Unlock()
	if !same {
		m.st.putListing(l)
	}
}

// confirm checks, in a quick session, that message numbers nums still
// hold the UIDLs the session gives them (one pipelined UIDL n each, once
// per number). When one does not, the session lists the maildrop in
// full (relist) and confirm reports false: the caller must resolve its
// UIDLs again. The op lock must be held.
func (m *Mailbox) confirm(ctx context.Context, s *session, nums []int) (bool, error) {
	if !s.quick {
		return true, nil
	}
	var ask []int
	for _, n := range nums {
		if !s.confirmed[n] {
			ask = append(ask, n)
		}
	}
	if len(ask) == 0 {
		return true, nil
	}
	got, err := s.c.UIDLMany(ctx, ask)
	if err != nil && !alive(err) {
		return false, err
	}
	ok := err == nil && len(got) == len(ask)
	for i := 0; ok && i < len(got); i++ {
		ok = got[i].Number == ask[i] && got[i].UID == s.uid[ask[i]]
	}
	if ok {
		if s.confirmed == nil {
			s.confirmed = make(map[int]bool)
		}
		for _, n := range ask {
			s.confirmed[n] = true
		}
		return true, nil
	}
	if _, err := m.adopt(ctx, s.c, nil, true); err != nil {
		m.sessionLost(s, classify(err, phaseSession), false)
		return false, err
	}
	return false, nil
}
