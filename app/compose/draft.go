package compose

import "strings"

// Identity is one of the person's sending identities for an account.
type Identity struct {
	Name      string // display name, e.g. "Ann Smith"
	Address   string // e.g. "ann@example.org"
	Signature string // without the "-- " separator, which is added
	BccSelf   bool   // send a copy to Address (in the envelope only)
}

// Mailbox is the identity as an Address for a From field.
func (id Identity) Mailbox() Address { return Address{Name: id.Name, Address: id.Address} }

// Attachment is a file to send. Data is sent exactly (base64).
type Attachment struct {
	Filename    string // any Unicode; path parts and unsafe characters are removed
	ContentType string // e.g. "image/png"; empty or invalid means guessed from the name
	Data        []byte
}

// Original is a message as received (the bytes of POP3 RETR), attached
// unchanged by Build as a message/rfc822 part when set as Draft.Forward.
type Original struct {
	Raw []byte
}

// Draft is a message being written.
type Draft struct {
	From        Address
	To, Cc, Bcc []Address // Bcc only reaches the envelope, never the header
	Subject     string
	Body        string // plain text as the person typed it (LF or CRLF)

	InReplyTo  string   // Message-ID answered, without angle brackets
	References []string // Message-IDs of the thread, oldest first, without brackets

	Attachments []Attachment
	// Forward, when set, is attached unchanged as a message/rfc822 part
	// after the attachments (forward as attachment).
	Forward *Original

	// MessageID is the Message-ID to write, without angle brackets. Empty
	// means Build makes a new one (see NewMessageID). Keep the one Build
	// returned when a message is built again for a retry, so that the
	// server and the recipients can recognise the same message.
	MessageID string
}

// Envelope is what SMTP needs besides the message (RFC 5321 MAIL FROM
// and RCPT TO).
type Envelope struct {
	From string   // the From address
	To   []string // To, Cc and Bcc, each address once (compared without case)
	// SMTPUTF8 is set when an address has non-ASCII characters: the
	// server must offer SMTPUTF8 (RFC 6531) and MAIL FROM must ask for it.
	SMTPUTF8 bool
	// EightBit is set when the message has 8-bit octets (a forwarded
	// message sent 8bit, or raw UTF-8 addresses in the header): MAIL FROM
	// needs BODY=8BITMIME (RFC 6152) or SMTPUTF8.
	EightBit bool
	// MessageID is the Message-ID written, without angle brackets.
	MessageID string
}

// NewDraft starts a new message from an identity: its From, its
// signature after the "-- " separator, and a Bcc to itself if asked.
func NewDraft(me Identity) Draft {
	d := Draft{From: me.Mailbox(), Body: SignatureBlock(me.Signature)}
	if me.BccSelf && me.Address != "" {
		d.Bcc = []Address{{Address: me.Address}}
	}
	return d
}

// SignatureBlock is the text appended to a body for a signature: an empty
// line, the separator line "-- " (dash, dash, space; RFC 3676 section
// 4.3) and the signature, or "" when sig is empty. A signature that
// already starts with the separator does not get a second one.
func SignatureBlock(sig string) string {
	sig = strings.TrimRight(strings.ReplaceAll(sig, "\r\n", "\n"), "\n ")
	if strings.TrimSpace(sig) == "" {
		return ""
	}
	sig = strings.TrimPrefix(strings.TrimPrefix(sig, "-- \n"), "--\n")
	return "\n\n-- \n" + sig + "\n"
}
