package compose

import (
	"errors"
	"strings"
	"time"
)

// ErrEmptyOriginal is returned for an empty message to reply to or forward.
var ErrEmptyOriginal = errors.New("compose: the message to answer is empty; open it again from the server")

// quoteDateLayout is the fixed form of the date in the quote line and the
// forwarded-message block: unambiguous in every locale, with the
// sender's own UTC offset as the original's Date field gave it.
const quoteDateLayout = "Mon, 2 Jan 2006 15:04 -0700"

// Reply answers orig (the message as received) from one of the person's
// identities me (the first is the default), following RFC 5322 section
// 3.6.4 and common practice:
//
//   - The reply goes to the Reply-To addresses when there are any, else
//     to From. When those are all the person's own (answering a message
//     they sent), it goes to the original's To instead.
//   - With all, the original's To is added to To and its Cc becomes Cc.
//     Every address of every identity is left out, and each address
//     appears once (compared without case).
//   - From is the identity the original was sent to: the first identity
//     whose address is in Delivered-To, X-Original-To, To or Cc, in that
//     order; else me[0]. Its signature ends the body, and BccSelf adds it
//     to Bcc.
//   - In-Reply-To is the original's Message-ID, and References is the
//     original's References (or its In-Reply-To when it has none)
//     followed by its Message-ID, trimmed to the first and the latest
//     (20 in all) for long threads.
//   - The subject gets "Re: " without stacking (see ReplySubject).
//   - The body is QuoteLine and the original's text quoted (see Quote):
//     its text/plain part, or its HTML rendered as text when that is all
//     it has.
func Reply(orig []byte, me []Identity, all bool, opts *Options) (Draft, error) {
	if len(orig) == 0 {
		return Draft{}, ErrEmptyOriginal
	}
	o := readOriginal(orig, opts, false)
	id := replyIdentity(o, me)
	d := NewDraft(id)

	mine := map[string]bool{}
	for _, m := range me {
		mine[strings.ToLower(strings.TrimSpace(m.Address))] = true
	}
	from := fromFields(o.msg.From)
	targets := fromFields(o.msg.ReplyTo)
	if len(targets) == 0 {
		targets = from
	}
	origTo, origCc := fromFields(o.msg.To), fromFields(o.msg.Cc)
	if len(without(targets, mine, nil)) == 0 && len(without(origTo, mine, nil)) > 0 {
		targets = origTo // answering one's own message: write to its recipients again
	}
	if all {
		seen := map[string]bool{}
		d.To = without(append(append([]Address{}, targets...), origTo...), mine, seen)
		d.Cc = without(origCc, mine, seen)
		if len(d.To) == 0 {
			d.To, d.Cc = d.Cc, nil
		}
	} else {
		d.To = without(targets, mine, map[string]bool{})
	}
	if len(d.To) == 0 {
		d.To = without(targets, nil, map[string]bool{}) // a note to oneself
	}

	d.Subject = ReplySubject(o.msg.Subject)
	d.InReplyTo = cleanMsgID(o.msg.MessageID)
	refs := msgIDs(strings.Join(o.hdr.All("References"), " "))
	if len(refs) == 0 {
		if irt := msgIDs(o.hdr.Get("In-Reply-To")); len(irt) == 1 {
			refs = irt
		}
	}
	if d.InReplyTo != "" {
		refs = append(refs, d.InReplyTo)
	}
	d.References = cleanMsgIDs(refs)

	name := ""
	if len(from) > 0 {
		name = from[0].Name
		if strings.TrimSpace(name) == "" {
			name = from[0].Address
		}
	}
	d.Body = QuoteLine(o.msg.Date, name) + "\n" + Quote(o.text()) + "\n" + SignatureBlock(id.Signature)
	if SignatureBlock(id.Signature) == "" {
		d.Body += "\n"
	}
	return d, nil
}

// without returns list minus the addresses in mine and in seen (lower
// case), each once, adding what it keeps to seen (when not nil).
func without(list []Address, mine, seen map[string]bool) []Address {
	var out []Address
	local := map[string]bool{}
	for _, a := range list {
		k := strings.ToLower(strings.TrimSpace(a.Address))
		if k == "" || mine[k] || seen[k] || local[k] {
			continue
		}
		local[k] = true
		if seen != nil {
			seen[k] = true
		}
		out = append(out, a)
	}
	return out
}

// replyIdentity picks the identity the original was delivered to.
func replyIdentity(o original, me []Identity) Identity {
	if len(me) == 0 {
		return Identity{}
	}
	var candidates []Address
	for _, field := range []string{"Delivered-To", "X-Original-To"} {
		candidates = append(candidates, o.addresses(field)...)
	}
	candidates = append(candidates, fromFields(o.msg.To)...)
	candidates = append(candidates, fromFields(o.msg.Cc)...)
	for _, c := range candidates {
		for _, id := range me {
			if strings.EqualFold(strings.TrimSpace(id.Address), c.Address) {
				return id
			}
		}
	}
	return me[0]
}

// QuoteLine is the line above a quoted message: "On Mon, 2 Jan 2006 15:04
// -0700, NAME wrote:" (a fixed, unambiguous date form with the sender's
// own offset), or "NAME wrote:" when the date is unknown. name is the
// sender's display name or, without one, address.
func QuoteLine(date time.Time, name string) string {
	name = oneLine(name)
	if name == "" {
		name = "the sender"
	}
	if date.IsZero() {
		return name + " wrote:"
	}
	return "On " + date.Format(quoteDateLayout) + ", " + name + " wrote:"
}

// Quote quotes text for a reply, per RFC 3676 section 4.5: "> " before
// each line, ">" before a line already quoted (so ">> " marks depth two),
// and ">" alone for an empty line. Trailing empty lines are dropped.
func Quote(text string) string {
	text = cleanBody(text)
	var b strings.Builder
	b.Grow(len(text) + len(text)/8 + 2)
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		switch {
		case strings.HasPrefix(line, ">"):
			b.WriteByte('>')
		case line == "":
			b.WriteByte('>')
			continue
		default:
			b.WriteString("> ")
		}
		b.WriteString(line)
	}
	return b.String()
}
