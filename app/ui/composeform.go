package ui

import (
	"strings"
	"time"
)

// composeKind is what the compose pane was opened for.
type composeKind int

const (
	composeNew composeKind = iota
	composeReply
	composeReplyAll
	composeForward       // the original attached as message/rfc822
	composeForwardInline // the original quoted, its attachments attached
	composeDraft         // a saved draft, opened again
)

// composeRequest is the Shell's request to open the compose pane. A new
// request (another pointer) starts a new message; the composer prepares
// it off the UI goroutine (the original may have to be downloaded).
type composeRequest struct {
	Kind composeKind
	// UID is the message answered or forwarded, in the open mailbox.
	UID string
	// Draft is the draft to open again, for composeDraft.
	Draft *draftForm
}

// draftForm is what the compose form holds: the fields as the person
// typed them (addresses are parsed when the message is built), and what
// a reply or forward carries from the original. It is also the draft
// kept on the device.
type draftForm struct {
	ID      string // the draft's key on the device
	Account string
	From    string // the identity's address
	To      string
	Cc      string
	Bcc     string
	Subject string
	Body    string

	Attachments []attachment
	InReplyTo   string
	References  []string
	// Forward is the original message, attached as message/rfc822.
	Forward []byte
	Saved   time.Time
}

// attachment is a file added to the message.
type attachment struct {
	Name string
	Type string
	Data []byte
}

// sendSize estimates the encoded message's size, to hold it against
// the server's SIZE limit before anything is uploaded: base64 makes
// three bytes four, plus a line break every 76 characters, plus a
// margin for headers.
func (f *draftForm) sendSize() int64 {
	var bin int64
	for _, a := range f.Attachments {
		bin += int64(len(a.Data))
	}
	enc := (bin+2)/3*4 + (bin/57+1)*2
	return enc + int64(len(f.Body))*11/10 + int64(len(f.Forward)) + 4096
}

// empty reports whether nothing was typed or added: such a draft is not
// kept.
func (f *draftForm) empty() bool {
	return strings.TrimSpace(f.To+f.Cc+f.Bcc+f.Subject) == "" && strings.TrimSpace(f.Body) == "" &&
		len(f.Attachments) == 0 && len(f.Forward) == 0
}
