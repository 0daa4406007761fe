package compose

import (
	"bytes"
	"io"
	"strings"
	"time"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// BuildOptions tunes Build. A nil *BuildOptions, and every zero field,
// means the default.
type BuildOptions struct {
	// Now gives the Date. Nil means time.Now.
	Now func() time.Time
	// Rand gives the Message-ID's random bits. Nil means crypto/rand.
	Rand io.Reader
}

func (o *BuildOptions) now() time.Time {
	if o != nil && o.Now != nil {
		if t := o.Now(); !t.IsZero() {
			return t
		}
	}
	return time.Now() // a message without a Date is invalid (RFC 5322 section 3.6)
}

func (o *BuildOptions) rand() io.Reader {
	if o == nil {
		return nil
	}
	return o.Rand
}

// Build writes d as an RFC 5322 message with CRLF line breaks, and the
// envelope to submit it with (see the package documentation for the
// header fields and encodings). It fails with ErrNoSender, ErrNoRecipients,
// an *AddressError for an address that cannot be sent to, or a
// *BuildError.
func Build(d Draft, opts *BuildOptions) ([]byte, Envelope, error) {
	env, err := envelope(d)
	if err != nil {
		return nil, Envelope{}, err
	}
	now := opts.now()
	env.MessageID = cleanMsgID(d.MessageID)
	if env.MessageID == "" {
		if env.MessageID, err = NewMessageID(d.From.Address, now, opts.rand()); err != nil {
			return nil, Envelope{}, err
		}
	}

	// go-message writes header fields last-added first: add them in
	// reverse of the order a person reads them.
	var h mail.Header
	h.Set("MIME-Version", "1.0")
	if refs := cleanMsgIDs(d.References); len(refs) > 0 {
		h.SetMsgIDList("References", refs)
	}
	if id := cleanMsgID(d.InReplyTo); id != "" {
		h.SetMsgIDList("In-Reply-To", []string{id})
	}
	h.SetMessageID(env.MessageID)
	h.Set("Subject", encodeText(d.Subject))
	setAddresses(&h, "Cc", d.Cc)
	setAddresses(&h, "To", d.To)
	setAddresses(&h, "From", []Address{d.From})
	h.SetDate(now)
	for _, a := range append(append([]Address{d.From}, d.To...), d.Cc...) {
		if NeedsSMTPUTF8(a.Address) {
			env.EightBit = true // raw UTF-8 in the header (RFC 6532)
		}
	}

	text := flowed(cleanBody(d.Body))
	textHeader := func(h *message.Header) {
		h.Set("Content-Transfer-Encoding", textEncoding(text))
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8", "format": "flowed"})
	}

	var buf bytes.Buffer
	if len(d.Attachments) == 0 && d.Forward == nil {
		textHeader(&h.Header)
		w, err := mail.CreateSingleInlineWriter(&buf, h)
		if err == nil {
			err = writeClose(w, []byte(text))
		}
		if err != nil {
			return nil, Envelope{}, &BuildError{Reason: "the message could not be written", Err: err}
		}
		return buf.Bytes(), env, nil
	}

	mw, err := mail.CreateWriter(&buf, h)
	if err != nil {
		return nil, Envelope{}, &BuildError{Reason: "the message could not be written", Err: err}
	}
	var th mail.InlineHeader
	textHeader(&th.Header)
	w, err := mw.CreateSingleInline(th)
	if err == nil {
		err = writeClose(w, []byte(text))
	}
	for _, a := range d.Attachments {
		if err != nil {
			break
		}
		var eight bool
		eight, err = writeAttachment(mw, a)
		env.EightBit = env.EightBit || eight
	}
	if err == nil && d.Forward != nil {
		var eight bool
		eight, err = writeAttachment(mw, Attachment{
			Filename:    emlName(d.Forward.Raw),
			ContentType: "message/rfc822",
			Data:        d.Forward.Raw,
		})
		env.EightBit = env.EightBit || eight
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return nil, Envelope{}, &BuildError{Reason: "the message could not be written", Err: err}
	}
	return buf.Bytes(), env, nil
}

func writeClose(w io.WriteCloser, b []byte) error {
	_, err := w.Write(b)
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	return err
}

// envelope checks the addresses of d and gathers the SMTP recipients.
func envelope(d Draft) (Envelope, error) {
	if strings.TrimSpace(d.From.Address) == "" {
		return Envelope{}, ErrNoSender
	}
	if reason := checkAddrSpec(d.From.Address); reason != "" {
		return Envelope{}, &AddressError{Entry: d.From.Address, Reason: reason}
	}
	env := Envelope{From: d.From.Address, SMTPUTF8: NeedsSMTPUTF8(d.From.Address)}
	seen := map[string]bool{}
	for _, list := range [][]Address{d.To, d.Cc, d.Bcc} {
		for _, a := range list {
			if reason := checkAddrSpec(a.Address); reason != "" {
				return Envelope{}, &AddressError{Entry: a.Address, Reason: reason}
			}
			key := strings.ToLower(a.Address)
			if seen[key] {
				continue
			}
			seen[key] = true
			env.To = append(env.To, a.Address)
			env.SMTPUTF8 = env.SMTPUTF8 || NeedsSMTPUTF8(a.Address)
		}
	}
	if len(env.To) == 0 {
		return Envelope{}, ErrNoRecipients
	}
	return env, nil
}

// setAddresses writes an address field, names cleaned of line breaks and
// control characters (they would end the field).
func setAddresses(h *mail.Header, key string, list []Address) {
	var out []*mail.Address
	for _, a := range list {
		out = append(out, &mail.Address{Name: oneLine(a.Name), Address: a.Address})
	}
	h.SetAddressList(key, out)
}

// textEncoding picks the Content-Transfer-Encoding of the text part
// (CRLF lines): 7bit for short ASCII lines, quoted-printable while
// non-ASCII octets are under a sixth of the text (QP spends three octets
// on each, base64 four on every three), base64 beyond.
func textEncoding(text string) string {
	nonASCII, line, longest := 0, 0, 0
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n':
			line = 0
			continue
		case c >= 0x80:
			nonASCII++
		}
		line++
		longest = max(longest, line)
	}
	switch {
	case nonASCII == 0 && longest <= flowMax+1: // +1: the CR
		return "7bit"
	case nonASCII*6 < len(text):
		return "quoted-printable"
	}
	return "base64"
}
