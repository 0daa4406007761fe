package compose

import (
	"strings"
)

// ForwardSeparator starts the block of an inline forward, as common
// clients write it.
const ForwardSeparator = "---------- Forwarded message ----------"

// Forward starts forwarding orig (the message as received) from me. The
// subject gets "Fwd: " without stacking (see ForwardSubject).
//
// Not inline, the original is attached unchanged as a message/rfc822
// part (Draft.Forward): the recipient sees it whole, with its own header
// and attachments. Inline, the body holds a block that starts with
// ForwardSeparator and gives the original's From, Date, Subject, To and
// Cc, followed by its text as is (its text/plain part, or its HTML
// rendered as text), and the original's attachments and attached
// messages are attached again with their names and types. Either way the
// body leaves room to write above, and ends with me's signature.
func Forward(orig []byte, me Identity, inline bool, opts *Options) (Draft, error) {
	if len(orig) == 0 {
		return Draft{}, ErrEmptyOriginal
	}
	d := NewDraft(me)
	if !inline {
		h := readHeader(orig, opts)
		d.Subject = ForwardSubject(h.Subject)
		d.Forward = &Original{Raw: orig}
		d.Body = "\n" + SignatureBlock(me.Signature)
		return d, nil
	}
	o := readOriginal(orig, opts, true)
	d.Subject = ForwardSubject(o.msg.Subject)

	var b strings.Builder
	b.WriteString("\n\n" + ForwardSeparator + "\n")
	field := func(name, value string) {
		if value = oneLine(value); value != "" {
			b.WriteString(name + ": " + value + "\n")
		}
	}
	field("From", addressLine(fromFields(o.msg.From)))
	if !o.msg.Date.IsZero() {
		field("Date", o.msg.Date.Format(quoteDateLayout))
	} else {
		field("Date", o.msg.DateRaw)
	}
	field("Subject", o.msg.Subject)
	field("To", addressLine(fromFields(o.msg.To)))
	field("Cc", addressLine(fromFields(o.msg.Cc)))
	b.WriteString("\n" + cleanBody(o.text()) + "\n")
	d.Body = b.String() + SignatureBlock(me.Signature)

	for _, a := range o.msg.Attachments {
		if a.Omitted {
			continue // not with MaxPartSize -1; kept for safety
		}
		d.Attachments = append(d.Attachments, Attachment{Filename: a.Name, ContentType: a.ContentType, Data: a.Data})
	}
	for _, n := range o.msg.Nested {
		d.Attachments = append(d.Attachments, Attachment{Filename: emlName(n.Raw), ContentType: "message/rfc822", Data: n.Raw})
	}
	return d, nil
}

// addressLine writes addresses for a person to read ("Ann <ann@x.org>, bob@y.org").
func addressLine(list []Address) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		if a.Name != "" {
			parts = append(parts, a.Name+" <"+a.Address+">")
		} else {
			parts = append(parts, a.Address)
		}
	}
	return strings.Join(parts, ", ")
}
