package store

import (
	"encoding/json"
	"strconv"
	"unicode/utf8"
)

// appendHeader appends h as encoding/json would marshal it, byte for
// byte (FuzzEncodeHeader checks it), without reflection: PutHeaders
// encodes every row of a first sync, and reflection is slow under
// js/wasm.
func appendHeader(b []byte, h Header) ([]byte, error) {
	b = append(b, `{"u":`...)
	b = appendJSONString(b, h.UID)
	if h.Number != 0 {
		b = append(b, `,"o":`...)
		b = strconv.AppendInt(b, int64(h.Number), 10)
	}
	for _, f := range [...]struct{ k, v string }{{`,"n":`, h.FromName}, {`,"a":`, h.FromAddr}, {`,"s":`, h.Subject}} {
		if f.v != "" {
			b = append(b, f.k...)
			b = appendJSONString(b, f.v)
		}
	}
	if !h.Date.IsZero() {
		d, err := h.Date.MarshalJSON()
		if err != nil {
			return nil, err
		}
		b = append(b, `,"d":`...)
		b = append(b, d...)
	}
	if h.Size != 0 {
		b = append(b, `,"z":`...)
		b = strconv.AppendInt(b, h.Size, 10)
	}
	if h.Attach {
		b = append(b, `,"x":true`...)
	}
	if h.NoHeaders {
		b = append(b, `,"h":true`...)
	}
	if h.Thread != "" {
		b = append(b, `,"t":`...)
		b = appendJSONString(b, h.Thread)
	}
	return append(b, '}'), nil
}

// appendJSONString appends s quoted as encoding/json quotes it (HTML
// characters, U+2028 and U+2029 escaped, bad UTF-8 replaced). Strings
// that need no escape, nearly all of them, are copied as they are.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshaled(b, s)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r == '\u2028' || r == '\u2029' {
			return appendMarshaled(b, s)
		}
		i += n
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// appendJSString appends s as a JSON string for JSON.parse only: it
// escapes what JSON requires and nothing else, so that the encoded
// headers (full of quotes) cross to JS cheaply. Bad UTF-8 turns into
// U+FFFD in JS, as it would through js.ValueOf.
func appendJSString(b []byte, s string) []byte {
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[last:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		default:
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		}
		last = i + 1
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}
