package render

import "bytes"

// splitMultipart cuts a multipart body into its parts (RFC 2046 5.1.1),
// in memory and leniently.
//
// This stays hand-written: go-message's multipart reader
// (textproto.MultipartReader, behind Entity.MultipartReader and Walk)
// fails the whole iteration at the first part whose header does not parse,
// at a close delimiter followed by text, and at a multipart that is not
// closed, and it does not say where in the body it stopped, so the parts
// after the damage cannot be found again. Of the 54 messages of the MIME
// corpus, 16 stop go-message's Entity.Walk with an error: 3 at the
// message header (see headerBlock), 8 in base64 (see cleanBase64) and 5 in
// the multipart reader (a multipart without a close delimiter, a part
// header with an unindented continuation, text after the close delimiter,
// an empty multipart, a missing boundary). All 54 render fully here, and
// a part-by-part comparison with the hand-written reader this package had
// before found no difference. This splitter is the
// only one in the package; each part it returns goes to parseHeader, that
// is to go-message's header reader, and its body to go-message's
// transfer decoders.
//
// A delimiter is "--boundary" at the start of a line followed only by
// linear white space (transport padding); the line break before it belongs
// to the delimiter, not to the part. The close delimiter adds "--" and may
// be followed by anything. The preamble and epilogue are dropped. LF line
// endings are accepted as well as CRLF.
//
// found reports whether any delimiter was seen; closed whether the close
// delimiter was. Without one, the last part runs to the end of the body
// (a last part that is only white space is dropped). At most max parts are
// returned; more reports whether some were left out.
func splitMultipart(body []byte, boundary string, max int) (parts [][]byte, found, closed, more bool) {
	delim := []byte("--" + boundary)
	pos := 0
	cur := -1 // start of the current part's content, -1 before the first delimiter
	for pos < len(body) {
		idx := bytes.Index(body[pos:], delim)
		if idx < 0 {
			break
		}
		at := pos + idx
		pos = at + len(delim)
		if at > 0 && body[at-1] != '\n' {
			continue // not at the start of a line
		}
		after := body[pos:]
		isClose := bytes.HasPrefix(after, []byte("--"))
		lineEnd := len(body)
		if nl := bytes.IndexByte(after, '\n'); nl >= 0 {
			lineEnd = pos + nl
		}
		if !isClose && !onlyLWSP(body[pos:lineEnd]) {
			continue // a longer boundary, or text that merely starts like one
		}
		found = true
		if cur >= 0 {
			if len(parts) >= max {
				return parts, found, closed, true
			}
			end := at
			if end > cur && body[end-1] == '\n' {
				end--
				if end > cur && body[end-1] == '\r' {
					end--
				}
			}
			parts = append(parts, body[cur:end])
		}
		if isClose {
			return parts, found, true, false
		}
		cur = lineEnd + 1
		if cur > len(body) {
			cur = len(body)
		}
		pos = cur
	}
	if cur >= 0 && len(bytes.TrimSpace(body[cur:])) > 0 {
		if len(parts) >= max {
			return parts, found, false, true
		}
		parts = append(parts, body[cur:])
	}
	return parts, found, false, false
}

func onlyLWSP(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}
