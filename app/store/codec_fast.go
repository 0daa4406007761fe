package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// decodeHeaderFast decodes what encodeHeader wrote, 5 to 10 times faster
// than encoding/json under js/wasm, where reflection is slow; it matters
// because Load decodes every row of the inbox before the inbox shows. It
// reads only the flat object encodeHeader writes, and returns ok false for
// anything else (an escape it does not take, a nested value, a malformed
// date): decodeHeader then falls back to encoding/json, so the result is
// always what encoding/json would give (FuzzDecodeHeader checks it).
func decodeHeaderFast(s string) (h Header, ok bool) {
	p := s
	if !strings.HasPrefix(p, "{") {
		return h, false
	}
	p = p[1:]
	if strings.HasPrefix(p, "}") {
		return h, len(p) == 1
	}
	for {
		// "key":
		k, rest, _, ok := cutString(p)
		if !ok || !strings.HasPrefix(rest, ":") {
			return h, false
		}
		p = rest[1:]
		switch k {
		case "u", "n", "a", "s", "d", "t":
			var (
				v       string
				escaped bool
			)
			if v, p, escaped, ok = cutString(p); !ok {
				return h, false
			}
			switch k {
			case "u":
				h.UID = v
			case "n":
				h.FromName = v
			case "a":
				h.FromAddr = v
			case "s":
				h.Subject = v
			case "t":
				h.Thread = v
			case "d":
				// time.Time.UnmarshalJSON parses the raw bytes, without
				// unescaping them: leave escapes to it.
				if escaped {
					return h, false
				}
				if h.Date, ok = parseRFC3339(v); !ok {
					return h, false
				}
			}
		case "o", "z":
			i := 0
			if strings.HasPrefix(p, "-") {
				i++
			}
			d := i
			for i < len(p) && '0' <= p[i] && p[i] <= '9' {
				i++
			}
			if i == d || p[d] == '0' && i > d+1 { // JSON has no leading zeros
				return h, false
			}
			n, err := strconv.ParseInt(p[:i], 10, 64)
			if err != nil {
				return h, false
			}
			if k == "o" {
				if int64(int(n)) != n {
					return h, false
				}
				h.Number = int(n)
			} else {
				h.Size = n
			}
			p = p[i:]
		case "x", "h":
			var b bool
			switch {
			case strings.HasPrefix(p, "true"):
				b, p = true, p[4:]
			case strings.HasPrefix(p, "false"):
				p = p[5:]
			default:
				return h, false
			}
			if k == "x" {
				h.Attach = b
			} else {
				h.NoHeaders = b
			}
		default:
			return h, false // an unknown field: let encoding/json skip it
		}
		switch {
		case strings.HasPrefix(p, ","):
			p = p[1:]
		case p == "}":
			return h, true
		default:
			return h, false
		}
	}
}

// cutString cuts a JSON string off the front of p. Without escapes, the
// result shares p's memory: for Load, that is one allocation for the
// joined rows instead of one per field.
func cutString(p string) (v, rest string, escaped, ok bool) {
	if !strings.HasPrefix(p, `"`) {
		return "", p, false, false
	}
	i := strings.IndexAny(p[1:], "\"\\")
	if i < 0 {
		return "", p, false, false
	}
	i++
	if p[i] == '"' {
		v = p[1:i]
		ascii := true
		for j := 0; j < len(v); j++ {
			if v[j] < 0x20 {
				return "", p, false, false
			}
			ascii = ascii && v[j] < 0x80
		}
		// encoding/json would replace bad UTF-8 with U+FFFD.
		if !ascii && !utf8.ValidString(v) {
			return "", p, false, false
		}
		return v, p[i+1:], false, true
	}
	// Escapes: find the end, then let encoding/json unquote this one
	// string, which is still much cheaper than the whole row. It does so
	// into a variable of its own: had it the address of v, v would live
	// on the heap, one allocation per call even without escapes.
	j := i
	for j < len(p) {
		switch p[j] {
		case '\\':
			j += 2
			continue
		case '"':
			var u string
			if err := json.Unmarshal([]byte(p[:j+1]), &u); err != nil {
				return "", p, false, false
			}
			return u, p[j+1:], true, true
		}
		j++
	}
	return "", p, false, false
}

// parseRFC3339 parses what time.Time.MarshalJSON writes
// (time.RFC3339Nano) and gives the same Time that time.Time.UnmarshalJSON
// would: UTC for "Z", time.Local when the offset is Local's at that
// instant, and an unnamed fixed zone otherwise.
func parseRFC3339(s string) (time.Time, bool) {
	// 2006-01-02T15:04:05[.999999999](Z|±07:00)
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	if day > 28 && day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	p := s[19:]
	nsec := 0
	if p[0] == '.' {
		i := 1
		for i < len(p) && '0' <= p[i] && p[i] <= '9' {
			i++
		}
		if i == 1 || i > 10 {
			return time.Time{}, false
		}
		nsec = num(20, i-1)
		for range 10 - i {
			nsec *= 10
		}
		p = p[i:]
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if p == "Z" {
		return t, true
	}
	if len(p) != 6 || p[0] != '+' && p[0] != '-' || p[3] != ':' {
		return time.Time{}, false
	}
	oh, om := num(len(s)-5, 2), num(len(s)-2, 2)
	if oh < 0 || oh > 23 || om < 0 || om > 59 {
		return time.Time{}, false
	}
	offset := (oh*60 + om) * 60
	if p[0] == '-' {
		offset = -offset
	}
	t = t.Add(-time.Duration(offset) * time.Second)
	if _, lo := t.In(time.Local).Zone(); lo == offset {
		return t.In(time.Local), true
	}
	return t.In(fixedZone(offset)), true
}

// fixedZone caches the zones of parseRFC3339: the rows of one mailbox
// share a handful of offsets.
func fixedZone(offset int) *time.Location {
	if z, ok := zones.Load(offset); ok {
		return z.(*time.Location)
	}
	z, _ := zones.LoadOrStore(offset, time.FixedZone("", offset))
	return z.(*time.Location)
}

var zones sync.Map // offset → *time.Location

// decodeStrings decodes a JSON array of strings, as JSON.stringify writes
// it, without encoding/json's reflection for the common case; anything
// else falls back to encoding/json.
func decodeStrings(s string) ([]string, error) {
	fast := func() ([]string, bool) {
		if !strings.HasPrefix(s, "[") {
			return nil, false
		}
		p := s[1:]
		out := make([]string, 0, strings.Count(p, ",")+1)
		if p == "]" {
			return out, true
		}
		for {
			v, rest, _, ok := cutString(p)
			if !ok {
				return nil, false
			}
			out = append(out, v)
			switch {
			case strings.HasPrefix(rest, ","):
				p = rest[1:]
			case rest == "]":
				return out, true
			default:
				return nil, false
			}
		}
	}
	if out, ok := fast(); ok {
		return out, nil
	}
	var out []string
	err := json.Unmarshal([]byte(s), &out)
	return out, err
}
