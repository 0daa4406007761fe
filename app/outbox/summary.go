package outbox

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
)

// summary reads what the outbox and Sent lists show of msg from its
// header: the subject and the To and Cc addresses, decoded (RFC 2047).
// A header that does not parse leaves them empty: the message is still
// queued, and sent, as it is.
func summary(msg []byte) (subject string, to []string) {
	end := bytes.Index(msg, []byte("\r\n\r\n"))
	if end < 0 {
		end = bytes.Index(msg, []byte("\n\n"))
	}
	if end < 0 {
		end = len(msg)
	}
	m, err := mail.ReadMessage(bytes.NewReader(append(msg[:end:end], "\r\n\r\n"...)))
	if err != nil {
		return "", nil
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
	}
	return strings.TrimSpace(subject), to
}

// display is an address as a list shows it: "Name <addr>", or addr.
func display(a *mail.Address) string {
	if a.Name == "" {
		return a.Address
	}
	return a.Name + " <" + a.Address + ">"
}
