package store

import "time"

// Why is why Poppy removed a message from the server, or would: the
// reason as data, which the interface words in the person's language
// (Activity.Reason and Kept.Removing keep the English words too, for
// logs and for what an older Poppy wrote, whose records have no Why).
type Why struct {
	Kind WhyKind `json:"k"`
	// Days and At, for WhyOlderThan: the policy's days, and the date the
	// message's age was told from; FirstSeen says At is when the device
	// first fetched it (no usable Date header), not its Date.
	Days      int       `json:"d,omitempty"`
	At        time.Time `json:"t,omitzero"`
	FirstSeen bool      `json:"f,omitempty"`
	// Max, for WhyAtMost: the most messages the policy leaves on the
	// server.
	Max int `json:"m,omitempty"`
}

// WhyKind is which rule removed a message. Its values are stored: add
// new ones at the end.
type WhyKind int

const (
	// WhyUnknown is a reason this Poppy has no words for (a newer one
	// wrote it): the English Reason is shown.
	WhyUnknown WhyKind = iota
	// WhyOlderThan: RetainAfterDays, the message is older than Days.
	WhyOlderThan
	// WhyKeptSafely: RetainWhenSafe, the message is kept safely on this
	// device.
	WhyKeptSafely
	// WhyAtMost: RetainAtMost, more than Max messages are on the server
	// and this is one of the oldest.
	WhyAtMost
	// WhyDeletedHere: the person deleted it here, and the account
	// deletes from the server what is deleted here (RetainDeleteHere).
	WhyDeletedHere
	// WhyKeptInArchive: RetainWhenSafe, the message is kept on this
	// device and in the folder archive (the archive made it safe).
	WhyKeptInArchive
)
