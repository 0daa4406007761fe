package compose

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"strconv"
	"strings"
	"time"
)

// NewMessageID makes a Message-ID (without angle brackets) on the domain
// of from: the time in base 36, a dot and 128 random bits, so that two
// messages never share one (draft-ietf-usefor-message-id). The bits are
// spelled in hex: letters and digits only, valid in a msg-id's left side
// (dot-atom-text, RFC 5322 section 3.6.4), and encoding/hex is in
// app.wasm already. A domain that
// cannot stand in a msg-id (empty, or not ASCII) is replaced by
// "poppy.invalid" (RFC 2606). A nil rnd means crypto/rand.
func NewMessageID(from string, now time.Time, rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	var b [16]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return "", &BuildError{Reason: "no random numbers for the Message-ID", Err: err}
	}
	return strconv.FormatInt(now.UnixMilli(), 36) + "." + hex.EncodeToString(b[:]) + "@" + idDomain(from), nil
}

func idDomain(addr string) string {
	d := strings.ToLower(addr[strings.LastIndexByte(addr, '@')+1:])
	if d == "" || d == addr && !strings.Contains(addr, "@") {
		return "poppy.invalid"
	}
	for i := 0; i < len(d); i++ {
		c := d[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return "poppy.invalid"
		}
	}
	if d[0] == '.' || d[len(d)-1] == '.' || strings.Contains(d, "..") {
		return "poppy.invalid"
	}
	return d
}
