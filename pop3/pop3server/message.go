package pop3server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
)

// Message is one message of a mailbox.
//
// Data is the whole message, headers and body. It is stored in the CRLF
// form that travels on the wire: bare LFs become CRLF and a final line
// break is added if missing, so LIST and STAT sizes are exactly the octets
// a client gets after removing the dot-stuffing of RETR.
//
// UID is the RFC 1939 unique-id that UIDL reports: 1 to 70 characters in
// 0x21..0x7E, unique in the mailbox. An empty UID is derived from the
// content, so messages built in code need not invent one.
type Message struct {
	UID  string
	Data []byte
}

// stored is a message as a mailbox holds it. It is immutable once made:
// sessions share it through their snapshots without locking, and its
// pointer identity is what QUIT deletes.
type stored struct {
	uid  string
	data []byte
}

// maxUIDLen is RFC 1939 §7's upper bound for a unique-id.
const maxUIDLen = 70

// checkUID reports why uid cannot be a unique-id, or nil.
func checkUID(uid string) error {
	if uid == "" {
		return &UIDError{UID: uid, Reason: "empty"}
	}
	if len(uid) > maxUIDLen {
		return &UIDError{UID: uid, Reason: "longer than 70 characters"}
	}
	for i := 0; i < len(uid); i++ {
		if c := uid[i]; c < 0x21 || c > 0x7e {
			return &UIDError{UID: uid, Reason: "character outside 0x21..0x7E"}
		}
	}
	return nil
}

// toCRLF returns data with every bare LF turned into CRLF and a final CRLF
// added to a non-empty message that lacks one. CRs that are not followed
// by LF are left alone: they are content, if odd content.
func toCRLF(data []byte) []byte {
	if len(data) == 0 {
		return []byte{}
	}
	bare := 0
	for i, c := range data {
		if c == '\n' && (i == 0 || data[i-1] != '\r') {
			bare++
		}
	}
	out := make([]byte, 0, len(data)+bare+2)
	for i, c := range data {
		if c == '\n' && (i == 0 || data[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		out = append(out, '\r', '\n')
	}
	return out
}

// prepare turns messages given by a caller into stored ones, checking UIDs
// against each other and against taken (the UIDs already in the mailbox,
// which it extends).
func prepare(msgs []Message, taken map[string]bool) ([]*stored, error) {
	out := make([]*stored, 0, len(msgs))
	for _, m := range msgs {
		data := toCRLF(m.Data)
		uid := m.UID
		if uid == "" {
			uid = contentUID(data, taken)
		}
		if err := checkUID(uid); err != nil {
			return nil, err
		}
		if taken[uid] {
			return nil, &UIDError{UID: uid, Reason: "already used in this mailbox"}
		}
		taken[uid] = true
		out = append(out, &stored{uid: uid, data: data})
	}
	return out, nil
}

// contentUID derives a UID from a message's content, so that the same
// message gets the same UID in every run; copies of one message get a
// counter suffix to stay unique.
func contentUID(data []byte, taken map[string]bool) string {
	sum := sha256.Sum256(data)
	base := hex.EncodeToString(sum[:16])
	uid := base
	for n := 2; taken[uid]; n++ {
		uid = base + "-" + strconv.Itoa(n)
	}
	return uid
}
