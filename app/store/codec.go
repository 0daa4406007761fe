package store

import (
	"encoding/json"
	"errors"
	"strings"
)

// Both implementations keep a header as its compact JSON encoding (the
// short tags on Header's fields keep it small). Sharing the codec is what
// makes them agree: Usage counts the same bytes in Mem as in IDB, and a
// value comes back from either with the same normalisation, so one test
// suite holds both to one contract.
//
// What the JSON round trip normalises, on purpose and in both stores:
//   - Date comes back Equal to what was put, with the same UTC offset, but
//     not the same *time.Location: a named zone becomes a fixed offset
//     (or time.Local, when the offset is Local's at that instant), and a
//     monotonic clock reading is dropped. The inbox only shows and sorts
//     dates, for which that is the same time.
//   - Strings that are not valid UTF-8 come back with U+FFFD in place of
//     the bad bytes (a JS string could not hold them anyway).
//
// Unknown fields are ignored when decoding, so a later version may add
// fields without a schema step, and an older build still reads the rows.

// encodeHeader returns h as it is stored; its length is the HeaderBytes
// that Usage counts.
func encodeHeader(h Header) (string, error) {
	if h.UID == "" {
		return "", errNoUID
	}
	b, err := json.Marshal(h)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// decodeHeader is the inverse of encodeHeader.
func decodeHeader(s string) (Header, error) {
	var h Header
	err := json.Unmarshal([]byte(s), &h)
	return h, err
}

// decodeHeaders decodes n encoded headers joined by "\n". A JSON encoding
// never holds a raw newline (encoding/json escapes it inside strings), so
// the separator cannot occur inside a record. Joining in JS and splitting
// here is what lets IDB load 10,000 rows with one crossing of the
// Go/JS boundary instead of one per row.
func decodeHeaders(joined string, n int) ([]Header, error) {
	hs := make([]Header, 0, n)
	if joined == "" {
		return hs, nil
	}
	for rest := joined; ; {
		line, after, more := strings.Cut(rest, "\n")
		h, err := decodeHeader(line)
		if err != nil {
			return nil, err
		}
		hs = append(hs, h)
		if !more {
			break
		}
		rest = after
	}
	return hs, nil
}

// encodeAccount and decodeAccount keep account records as JSON in both
// stores, for the same reason as headers: one normalisation (of LastUsed).
func encodeAccount(a Account) (string, error) {
	if a.Key == "" {
		return "", errNoKey
	}
	b, err := json.Marshal(a)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

func decodeAccount(s string) (Account, error) {
	var a Account
	err := json.Unmarshal([]byte(s), &a)
	return a, err
}

var (
	errNoUID = errors.New("a header has no UID")
	errNoKey = errors.New("an account has no Key")
)
