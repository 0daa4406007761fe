package outbox

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"unicode"
)

// summary reads what the outbox and Sent lists show of msg from its
// header: the subject and the To and Cc addresses, decoded (RFC 2047),
// as a list shows them (to) and as parsed (addrs). A header that does
// not parse leaves them empty: the message is still queued, and sent,
// as it is.
func summary(msg []byte) (subject string, to []string, addrs []*mail.Address) {
	end := bytes.Index(msg, []byte("\r\n\r\n"))
	if end < 0 {
		end = bytes.Index(msg, []byte("\n\n"))
	}
	if end < 0 {
		end = len(msg)
	}
	m, err := mail.ReadMessage(bytes.NewReader(append(msg[:end:end], "\r\n\r\n"...)))
	if err != nil {
		return "", nil, nil
	}
	subject = m.Header.Get("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(subject); err == nil {
		subject = d
	}
	for _, h := range []string{"To", "Cc"} {
		as, _ := m.Header.AddressList(h)
		for _, a := range as {
			to = append(to, display(a))
		}
		addrs = append(addrs, as...)
	}
	return oneLine(subject), to, addrs
}

// oneLine makes s fit a list's row: an encoded word may decode to a line
// break or another control character, which becomes a space.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

// display is an address as a list shows it: "Name <addr>", or addr.
func display(a *mail.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return oneLine(a.Name) + " <" + a.Address + ">"
}
