package render

import (
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// parseMediaType parses a Content-Type or Content-Disposition value into
// its lower-case type and parameters (RFC 2045 5.1, RFC 2183, RFC 2231).
// The standard parser is tried first: mime.ParseMediaType, the parser
// behind go-message's Header.ContentType and ContentDisposition (which add
// only RFC 2047 decoding of the values, through go-message's package-level
// charset hook; this package decodes those words per call instead, see
// attach). Where it fails (duplicate names, unquoted specials, 8-bit
// bytes, a missing ';'), go-message returns nothing but the error; where
// it drops a parameter (RFC 2231 values in a charset other than UTF-8),
// go-message has no way to decode it. In both cases the lenient parser
// below fills in, and ok is false so the caller can note it. Parameter
// values are not yet decoded from RFC 2047 encoded words.
//
// A value longer than maxStdMediaType goes to the lenient parser alone:
// mime.ParseMediaType keeps every RFC 2231 piece in one map, which slows
// down faster than the field grows once it no longer fits the caches
// (a 4 MB field of pieces took 1.6× longer per byte than a 1 MB one), and
// no real field comes near.
func parseMediaType(v string, hook CharsetFunc) (typ string, params map[string]string, ok bool) {
	if len(v) > maxStdMediaType {
		t, p, _ := parseParamsLenient(v, hook)
		return t, p, false
	}
	t, p, err := mime.ParseMediaType(v)
	if err == nil {
		if strings.Contains(v, "*") {
			// RFC 2231 values: mime decodes UTF-8 and US-ASCII only and
			// drops or mangles the rest; ours go through the charset
			// decoders.
			_, lp, ext := parseParamsLenient(v, hook)
			for k := range ext {
				p[k] = lp[k]
			}
		}
		return t, p, true
	}
	t, p, _ = parseParamsLenient(v, hook)
	return t, p, false
}

// parseParamsLenient splits "type/sub; a=b; c="d"" as well as it can:
// the first name wins, quoted strings may hold anything, an unquoted value
// runs to the next ';', and "name*" (RFC 2231) values are decoded with
// the charset they name; ext lists the parameters that were.
func parseParamsLenient(v string, hook CharsetFunc) (typ string, params map[string]string, ext map[string]bool) {
	v = strings.TrimSpace(v)
	end := strings.IndexAny(v, "; \t")
	if end < 0 {
		end = len(v)
	}
	typ = strings.ToLower(v[:end])
	rest := v[end:]
	params = map[string]string{}
	ext = map[string]bool{}
	type piece struct {
		n   int
		ext bool
		val string
	}
	cont := map[string][]piece{}
	for {
		rest = strings.TrimLeft(rest, "; \t")
		if rest == "" {
			break
		}
		// '=' is looked for before the next ';' only: searching the
		// whole rest for each parameter made "a;a;a;…;b=c" quadratic.
		semi := strings.IndexByte(rest, ';')
		var eq int
		if semi >= 0 {
			eq = strings.IndexByte(rest[:semi], '=')
		} else {
			eq = strings.IndexByte(rest, '=')
		}
		if eq < 0 {
			// A parameter without a value: skip it.
			if semi < 0 {
				break
			}
			rest = rest[semi:]
			continue
		}
		name := strings.ToLower(strings.TrimSpace(rest[:eq]))
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		var val string
		if strings.HasPrefix(rest, "\"") {
			val, rest = unquoteLenient(rest)
		} else {
			e := strings.IndexByte(rest, ';')
			if e < 0 {
				e = len(rest)
			}
			val, rest = strings.TrimSpace(rest[:e]), rest[e:]
		}
		if name == "" {
			continue
		}
		base, n, extended, isCont := splitParamName(name)
		if isCont {
			// Real values take a few pieces; a bound keeps the sort
			// below from growing faster than the field.
			if len(cont[base]) < maxContinuations {
				cont[base] = append(cont[base], piece{n, extended, val})
			}
			continue
		}
		if len(params) >= maxParams {
			continue // a real field has a handful; keep the map small
		}
		if extended {
			if _, have := params[base]; !have {
				params[base] = decode2231(val, hook)
				ext[base] = true
			}
			continue
		}
		if _, have := params[name]; !have {
			params[name] = val
		}
	}
	for base, ps := range cont {
		if _, have := params[base]; have {
			continue
		}
		less := func(i, j int) bool { return ps[i].n < ps[j].n }
		if !sort.SliceIsSorted(ps, less) {
			sort.SliceStable(ps, less)
		}
		var raw strings.Builder
		charset := ""
		for i, p := range ps {
			val := p.val
			if p.ext {
				if i == 0 {
					// charset'lang'value on the first piece only
					if a := strings.IndexByte(val, '\''); a >= 0 {
						if b := strings.IndexByte(val[a+1:], '\''); b >= 0 {
							charset = val[:a]
							val = val[a+1+b+1:]
						}
					}
				}
				if u, err := url.PathUnescape(val); err == nil {
					val = u
				}
			}
			raw.WriteString(val)
		}
		s, _ := decodeCharset(charset, []byte(raw.String()), hook)
		params[base] = s
		ext[base] = true
	}
	return typ, params, ext
}

// maxStdMediaType is the longest field given to mime.ParseMediaType.
const maxStdMediaType = 64 << 10

// maxParams bounds the parameters read from one field: a map of
// hundreds of thousands of names slows down faster than the field grows.
const maxParams = 1000

// maxContinuations bounds the RFC 2231 continuations (name*0, name*1…)
// read for one parameter.
const maxContinuations = 1000

// splitParamName splits RFC 2231 names: "name*" (extended), "name*N"
// and "name*N*" (continuations).
func splitParamName(name string) (base string, n int, ext, isCont bool) {
	star := strings.IndexByte(name, '*')
	if star < 0 {
		return name, 0, false, false
	}
	base, rest := name[:star], name[star+1:]
	if rest == "" {
		return base, 0, true, false
	}
	ext = strings.HasSuffix(rest, "*")
	num, err := strconv.Atoi(strings.TrimSuffix(rest, "*"))
	if err != nil || num < 0 || num > 999 {
		return name, 0, false, false
	}
	return base, num, ext, true
}

// decode2231 decodes charset'lang'percent-encoded.
func decode2231(v string, hook CharsetFunc) string {
	parts := strings.SplitN(v, "'", 3)
	if len(parts) != 3 {
		return v
	}
	raw, err := url.PathUnescape(parts[2])
	if err != nil {
		raw = parts[2]
	}
	s, _ := decodeCharset(parts[0], []byte(raw), hook)
	return s
}

// unquoteLenient reads a quoted-string at the start of s (which begins
// with '"'), undoing backslash escapes; an unterminated string runs to
// the end.
func unquoteLenient(s string) (val, rest string) {
	var sb strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				sb.WriteByte(s[i])
			}
		case '"':
			return sb.String(), s[i+1:]
		default:
			sb.WriteByte(c)
		}
	}
	return sb.String(), ""
}

// validMediaType reports whether t looks like "type/subtype" made of
// token characters.
func validMediaType(t string) bool {
	slash := strings.IndexByte(t, '/')
	if slash <= 0 || slash == len(t)-1 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if i == slash {
			continue
		}
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?=", c) >= 0 {
			return false
		}
	}
	return true
}
