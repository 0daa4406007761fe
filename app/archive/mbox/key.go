package mbox

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/poppymail/poppy/app/mailhdr"
)

// Key returns the deduplication key of a message for import: "mid:" and
// its Message-ID (without angle brackets and surrounding space, compared
// as is, since RFC 5322 makes it case-sensitive), or, when the header
// has none, its content key (see Keys).
func Key(msg []byte) string {
	id, sum := Keys(msg)
	if id != "" {
		return id
	}
	return sum
}

// Keys returns both keys of a message: id is "mid:" and its Message-ID,
// or "" when the header has none; sum is "sha256:" and
// the hex SHA-256 of the message with LF line endings and no trailing
// newlines, so that the same message exported with CRLF or LF, with or
// without a final newline, gets the same sum. An import skips a message
// when either key is one it has already.
func Keys(msg []byte) (id, sum string) {
	// mailhdr reads the header as the rest of the app does, tolerant of
	// what other programs write (and already in the app's wasm).
	h, _, _ := mailhdr.Read(msg)
	v := strings.TrimSpace(h.Get("Message-Id"))
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(v, "<"), ">"))
	if v != "" {
		id = "mid:" + v
	}
	hash := sha256.New()
	body := bytes.TrimRight(msg, "\r\n")
	for len(body) > 0 {
		line, rest, found := bytes.Cut(body, []byte("\n"))
		if found {
			// Never append to line: it shares msg's array.
			hash.Write(bytes.TrimRight(line, "\r"))
			hash.Write([]byte{'\n'})
		} else {
			hash.Write(line)
		}
		body = rest
	}
	return id, "sha256:" + hex.EncodeToString(hash.Sum(nil))
}
