package render

import "github.com/poppymail/poppy/app/mailhdr"

// header is a parsed header block (see mailhdr.Read, which the inbox list
// uses too). The zero header has no fields.
type header struct {
	mailhdr.Header
}

// get returns the first value of the named field, or "".
func (h header) get(name string) string { return h.Get(name) }

// all returns every value of the named field, in order.
func (h header) all(name string) []string { return h.All(name) }

// parseHeader splits an entity (a message or a MIME part) into its header
// and body, leniently (see mailhdr.Read). The problems returned describe
// each leniency; the body is never lost.
func parseHeader(b []byte) (header, []byte, []string) {
	h, body, problems := mailhdr.Read(b)
	return header{h}, body, problems
}
