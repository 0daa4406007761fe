package mailbox

import (
	"cmp"
	"slices"
	"time"
)

// Summary is one row of the inbox, made from the message's header (TOP n
// 0) and the server's listing.
type Summary struct {
	// UID identifies the message to Fetch, Delete and MarkRead. With UIDL
	// it is the server's unique-id, stable across sessions (and the value
	// of the row's data-uidl attribute). Without UIDL (see HasUIDL) it is
	// made up by the Mailbox as "~session.number" and is valid only until
	// the session ends.
	UID string
	// Number is the message number in the session the row was last seen
	// in. It changes between sessions; never keep it.
	Number int

	FromName string // display name, RFC 2047 decoded; may be empty
	FromAddr string // addr-spec; may be empty for a broken From
	Subject  string // RFC 2047 decoded, control characters removed
	// Date is the Date header, else the time of the newest Received
	// header; the zero Time when neither parses.
	Date time.Time
	Size int64 // octets as LIST reports them; -1 if unknown
	// HasAttachment is a guess from the top-level Content-Type
	// (multipart/mixed, or a non-text single part) and
	// Content-Disposition; the header alone cannot tell for sure.
	HasAttachment bool
	// Read is the local read mark (see MarkRead).
	Read bool
	// NoHeaders is set when the server would not send the header (TOP
	// refused): the row has only UID, Number and Size.
	NoHeaders bool
	// PendingDelete is set when the person deleted the message while no
	// session could commit it (offline): the deletion is kept on the
	// device and sent, by UIDL, when a session opens (CancelDelete takes
	// it back).
	PendingDelete bool
	// LocalOnly is set on a message the server no longer has whose full
	// copy is kept on this device (see FullCopy, ApplyRetention): Fetch
	// reads it from there, and the list says "Only on this device".
	LocalOnly bool
	// Thread is the conversation key (thread.Key) of the message's
	// Message-ID, In-Reply-To and References; "" for rows kept before it
	// was kept, which group by subject only.
	Thread string
}

// sortNewestFirst orders rows newest first: by Date, newest first, then
// by message number, highest first (the later delivery), then by UID;
// rows without a date go last. It sorts a small key per
// row, which holds no pointer, and then moves each row into its place
// once: a Summary is a large struct holding pointers, and sorting the
// rows themselves moved each many times, every move through the
// collector's write barriers when it runs, as it mostly does while a
// revisit loads. In a profile of a revisit in Chromium that sort of
// 10,000 rows took 43 ms. TestSortNewestFirstAgrees holds the keys to
// that order as plainly written (newestFirst, in the tests).
func sortNewestFirst(rows []Summary) {
	keys := make([]rowKey, len(rows))
	for i := range rows {
		keys[i] = keyOf(&rows[i], i)
	}
	slices.SortFunc(keys, func(a, b rowKey) int {
		if c := a.compare(b); c != 0 {
			return c
		}
		return cmp.Compare(rows[a.idx].UID, rows[b.idx].UID)
	})
	// Position i takes the row at keys[i].idx: follow each cycle of that
	// permutation, holding its first row aside.
	for i := range keys {
		if keys[i].idx < 0 {
			continue
		}
		first := rows[i]
		for j := i; ; {
			k := int(keys[j].idx)
			keys[j].idx = -1
			if k == i {
				rows[j] = first
				break
			}
			rows[j] = rows[k]
			j = k
		}
	}
}

// rowKey is what sortNewestFirst compares of a row before its UID.
type rowKey struct {
	sec  int64 // the Date's Unix seconds
	num  int
	nsec int32 // the Date's nanoseconds; -1 for the zero Time (no date)
	idx  int32 // the row's index
}

func keyOf(s *Summary, i int) rowKey {
	k := rowKey{sec: s.Date.Unix(), num: s.Number, nsec: int32(s.Date.Nanosecond()), idx: int32(i)}
	if s.Date.IsZero() {
		k.sec, k.nsec = 0, -1
	}
	return k
}

// compare is the order of sortNewestFirst without its last tie-break,
// the UID.
func (a rowKey) compare(b rowKey) int {
	switch {
	case (a.nsec < 0) != (b.nsec < 0): // rows without a date go last
		if a.nsec < 0 {
			return 1
		}
		return -1
	case a.sec != b.sec:
		return -cmp.Compare(a.sec, b.sec)
	case a.nsec != b.nsec:
		return -cmp.Compare(a.nsec, b.nsec)
	}
	return -cmp.Compare(a.num, b.num)
}
