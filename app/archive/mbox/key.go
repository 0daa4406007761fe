package mbox

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/emersion/go-message/textproto"
)

// Key returns the deduplication key of a message for import: "mid:" and
// its Message-ID (without angle brackets and surrounding space, compared
// as is, since RFC 5322 makes it case-sensitive), or, when the header
// has none or does not parse, "sha256:" and the hex SHA-256 of the
// message with LF line endings and no trailing newlines, so that the
// same message exported with CRLF or LF, with or without a final newline,
// gets the same key.
func Key(msg []byte) string {
	h, err := textproto.ReadHeader(bufio.NewReader(bytes.NewReader(msg)))
	if err == nil {
		id := strings.TrimSpace(h.Get("Message-Id"))
		id = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">"))
		if id != "" {
			return "mid:" + id
		}
	}
	sum := sha256.New()
	body := bytes.TrimRight(msg, "\r\n")
	for len(body) > 0 {
		line, rest, found := bytes.Cut(body, []byte("\n"))
		if found {
			// Never append to line: it shares msg's array.
			sum.Write(bytes.TrimRight(line, "\r"))
			sum.Write([]byte{'\n'})
		} else {
			sum.Write(line)
		}
		body = rest
	}
	return "sha256:" + hex.EncodeToString(sum.Sum(nil))
}
