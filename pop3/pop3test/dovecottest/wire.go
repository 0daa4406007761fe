package dovecottest

import "bytes"

// Wire returns what a POP3 client receives from Dovecot for a message
// given to Deliver: the bytes of the RETR reply between the status line
// and the terminating ".\r\n", with dot-stuffing removed. Its length is the
// message size in LIST and STAT.
//
// Line endings come out as CRLF whatever msg used, and a message that does
// not end with a line ending gains one (Dovecot would add it on the wire
// but not count it in LIST). A bare CR not followed by LF is kept as is.
func Wire(msg []byte) []byte {
	return toCRLF(stored(msg))
}

// stored is the form Deliver writes to disk, which is Dovecot's own: LF
// line endings, ending with one.
func stored(msg []byte) []byte {
	lf := bytes.ReplaceAll(msg, []byte("\r\n"), []byte("\n"))
	if len(lf) > 0 && lf[len(lf)-1] != '\n' {
		lf = append(lf, '\n')
	}
	return lf
}

// toCRLF mirrors how Dovecot serves a stored message: an LF gains a CR in
// front of it unless it has one already.
func toCRLF(b []byte) []byte {
	out := make([]byte, 0, len(b)+bytes.Count(b, []byte("\n")))
	for i, c := range b {
		if c == '\n' && (i == 0 || b[i-1] != '\r') {
			out = append(out, '\r')
		}
		out = append(out, c)
	}
	return out
}
