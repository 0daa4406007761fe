package store

import (
	"encoding/json"
	"errors"
	"strconv"
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
	b, err := appendHeader(make([]byte, 0, 64+len(h.FromName)+len(h.FromAddr)+len(h.Subject)+len(h.UID)), h)
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// decodeHeader is the inverse of encodeHeader.
func decodeHeader(s string) (Header, error) {
	if h, ok := decodeHeaderFast(s); ok {
		return h, nil
	}
	var h Header
	err := json.Unmarshal([]byte(s), &h)
	return h, err
}

// decodeHeaders decodes encoded headers joined by "\n"; n is how many
// there are, or a guess, as the capacity of the result. A JSON encoding
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

// encodeListing keeps a listing as {"o":octets,"u":[uids...]}, written
// by hand since it may hold 10,000 UIDLs.
func encodeListing(l Listing) string {
	n := 16
	for _, uid := range l.UIDs {
		n += len(uid) + 3
	}
	b := make([]byte, 0, n)
	b = append(b, `{"o":`...)
	b = strconv.AppendInt(b, l.Octets, 10)
	b = append(b, `,"u":[`...)
	for i, uid := range l.UIDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, uid)
	}
	return string(append(b, "]}"...))
}

// decodeListing is the inverse of encodeListing; "" is no listing. It
// reads encodeListing's own layout without reflection (Load decodes it
// on the way to showing the inbox), and anything else with encoding/json.
func decodeListing(s string) (Listing, error) {
	var l Listing
	if s == "" {
		return l, nil
	}
	if rest, ok := strings.CutPrefix(s, `{"o":`); ok {
		if num, uids, ok := strings.Cut(rest, `,"u":`); ok {
			if o, err := strconv.ParseInt(num, 10, 64); err == nil && !strings.HasPrefix(num, "+") {
				if arr, ok := strings.CutSuffix(uids, "}"); ok {
					if us, err := decodeStrings(arr); err == nil {
						if len(us) == 0 {
							us = nil
						}
						return Listing{UIDs: us, Octets: o}, nil
					}
				}
			}
		}
	}
	err := json.Unmarshal([]byte(s), &l)
	return l, err
}

var (
	errNoUID = errors.New("a header has no UID")
	errNoKey = errors.New("an account has no Key")
)
