package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/compose"
	"github.com/poppymail/poppy/app/mailhdr"
	"github.com/poppymail/poppy/app/outbox"
	"github.com/poppymail/poppy/submission"
)

// sendEngine is the mailer's outbox and what it learned this session:
// the typed error of each entry's last attempt, which says more (which
// recipient, which limit) than the word the device keeps.
type sendEngine struct {
	box *outbox.Outbox

	mu   sync.Mutex
	errs map[string]error
}

// ErrSignedOut is the mailer's refusal to send without the password:
// the outbox waits until the person signs in.
var errSignedOut = errors.New("ui: sign in to send: Poppy keeps no password")

// engine returns the account's outbox, made at first use.
func (m *mailer) engine() *sendEngine {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sender == nil {
		e := &sendEngine{errs: map[string]error{}}
		var shown time.Time // the last progress shown; one send at a time
		var shownMu sync.Mutex
		e.box = outbox.New(m.db, &submitter{m: m, eng: e}, &outbox.Options{
			OnChange: func(en outbox.Entry) {
				if en.Account != m.account || m.onChange == nil {
					return
				}
				m.onChange(sendEvent{ID: en.ID, State: string(en.State), Err: e.errOf(en)})
			},
			Progress: func(id string, sent, size int64) {
				// Every event re-renders the page: ten a second make a
				// smooth bar.
				shownMu.Lock()
				skip := sent < size && time.Since(shown) < progressEvery
				if !skip {
					shown = time.Now()
				}
				shownMu.Unlock()
				if !skip && m.onChange != nil {
					m.onChange(sendEvent{ID: id, State: stateSending, Sent: sent, Size: size})
				}
			},
		})
		m.sender = e
	}
	return m.sender
}

// errOf is the entry's error: the typed one of this session's attempt,
// else the one the device kept, by its kind.
func (e *sendEngine) errOf(en outbox.Entry) error {
	if en.ErrKind == "" && en.ErrText == "" {
		return nil
	}
	e.mu.Lock()
	err := e.errs[en.ID]
	e.mu.Unlock()
	if err != nil {
		return err
	}
	return &storedSendError{Kind: en.ErrKind, Text: en.ErrText}
}

func (e *sendEngine) note(id string, err error) {
	e.mu.Lock()
	if err == nil {
		delete(e.errs, id)
	} else {
		e.errs[id] = err
	}
	e.mu.Unlock()
}

// composeIdentities are the From choices as app/compose takes them.
func composeIdentities(ids []identity) []compose.Identity {
	out := make([]compose.Identity, 0, len(ids))
	for _, id := range ids {
		out = append(out, compose.Identity{Name: id.Name, Address: id.Address, Signature: id.Signature, BccSelf: id.BccSelf})
	}
	return out
}

// prepare makes the form of a request: a new message from the first
// identity, a kept draft, or the reply or forward of a message of the
// mailbox (downloaded if the device has no copy).
func (m *mailer) prepare(ctx context.Context, req *composeRequest, ids []identity) (draftForm, error) {
	me := composeIdentities(ids)
	if len(me) == 0 {
		me = []compose.Identity{{}}
	}
	var d compose.Draft
	switch req.Kind {
	case composeDraft:
		if req.Draft != nil {
			return *req.Draft, nil
		}
		d = compose.NewDraft(me[0])
	case composeNew:
		d = compose.NewDraft(me[0])
	default:
		if m.mb == nil {
			return draftForm{}, errors.New("ui: no mailbox is open")
		}
		raw, err := m.mb.Fetch(ctx, req.UID, nil)
		if err != nil {
			return draftForm{}, err
		}
		opts := &compose.Options{Charset: decodeCharset}
		switch req.Kind {
		case composeReply, composeReplyAll:
			if stored, _ := m.db.Identities(ctx, m.account); len(stored) == 0 {
				me = append(me, recipientIdentities(raw, m.username, me[0])...)
			}
			d, err = compose.Reply(raw, me, req.Kind == composeReplyAll, opts)
			if err == nil && !m.replyFromRecipient(ctx) {
				d.From = me[0].Mailbox()
			}
		case composeForward, composeForwardInline:
			d, err = compose.Forward(raw, me[0], req.Kind == composeForwardInline, opts)
		}
		if err != nil {
			return draftForm{}, err
		}
	}
	f := formOf(d)
	f.ID = newID()
	return f, nil
}

// recipientIdentities are the addresses orig was delivered to whose
// local part is the account's username: with no identity set up, the
// address a message was sent to is the best guess of the person's own
// (the demo's login "demo" receives as demo@poppy.example), so a reply
// goes from it, and Reply all leaves it out.
func recipientIdentities(orig []byte, username string, base compose.Identity) []compose.Identity {
	local, _, _ := strings.Cut(username, "@")
	if local == "" {
		return nil
	}
	h, _, _ := mailhdr.Read(orig)
	var d mailhdr.Decoder
	var out []compose.Identity
	for _, field := range []string{"Delivered-To", "X-Original-To", "To", "Cc"} {
		list, _, _ := d.Addresses(h.All(field))
		for _, a := range list {
			l, _, ok := strings.Cut(a.Address, "@")
			if ok && strings.EqualFold(l, local) {
				id := base
				id.Address = a.Address
				out = append(out, id)
			}
		}
	}
	return out
}

// replyFromRecipient reports whether the account's first identity wants
// replies sent from the address a message was sent to (the default when
// there is no identity).
func (m *mailer) replyFromRecipient(ctx context.Context) bool {
	ids, err := m.db.Identities(ctx, m.account)
	if err != nil || len(ids) == 0 {
		return true
	}
	return ids[0].ReplyFromRecipient
}

// formOf is a draft as the compose form shows it.
func formOf(d compose.Draft) draftForm {
	f := draftForm{
		From: d.From.Address, To: addressLine(d.To), Cc: addressLine(d.Cc), Bcc: addressLine(d.Bcc),
		Subject: d.Subject, Body: d.Body, InReplyTo: d.InReplyTo, References: d.References,
	}
	for _, a := range d.Attachments {
		f.Attachments = append(f.Attachments, attachment{Name: a.Filename, Type: a.ContentType, Data: a.Data})
	}
	if d.Forward != nil {
		f.Forward = d.Forward.Raw
	}
	return f
}

// addressLine writes addresses as a person types them.
func addressLine(list []compose.Address) string {
	parts := make([]string, 0, len(list))
	for _, a := range list {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, ", ")
}

// draftOf parses the form into the draft compose builds.
func draftOf(f draftForm, ids []identity) (compose.Draft, error) {
	d := compose.Draft{Subject: f.Subject, Body: f.Body, InReplyTo: f.InReplyTo, References: f.References}
	from := identity{Address: f.From}
	if len(ids) > 0 {
		from.Name = ids[0].Name
	}
	for _, id := range ids {
		if strings.EqualFold(id.Address, f.From) {
			from = id
			break
		}
	}
	d.From = compose.Address{Name: from.Name, Address: from.Address}
	var errs []error
	for _, fld := range []struct {
		text string
		to   *[]compose.Address
	}{{f.To, &d.To}, {f.Cc, &d.Cc}, {f.Bcc, &d.Bcc}} {
		if strings.TrimSpace(fld.text) == "" {
			continue
		}
		list, err := compose.ParseAddressList(fld.text)
		errs = append(errs, err)
		*fld.to = list
	}
	for _, a := range f.Attachments {
		d.Attachments = append(d.Attachments, compose.Attachment{Filename: a.Name, ContentType: a.Type, Data: a.Data})
	}
	if len(f.Forward) > 0 {
		d.Forward = &compose.Original{Raw: f.Forward}
	}
	return d, errors.Join(errs...)
}

// queue builds the form into a message and puts it in the outbox (which
// gives the recipients to the address book); the draft goes.
func (m *mailer) queue(ctx context.Context, f draftForm, ids []identity) error {
	d, err := draftOf(f, ids)
	if err != nil {
		return err
	}
	msg, env, err := compose.Build(d, nil)
	if err != nil {
		return err
	}
	if _, err := m.engine().box.Queue(ctx, m.account, msg, submission.Envelope{From: env.From, To: env.To}); err != nil {
		return err
	}
	if f.ID != "" {
		_ = m.db.DeleteDraft(ctx, m.account, f.ID) // sent: a draft left behind would come back
	}
	return nil
}

// flush sends what is queued; online says the connection just came
// back, so that entries waiting out a backoff go at once.
func (m *mailer) flush(ctx context.Context, online bool) {
	if _, ok := m.loginOf(m.account); !ok {
		return // the entries wait, queued, until the person signs in
	}
	box := m.engine().box
	if online {
		_ = box.Online(ctx)
		return
	}
	_ = box.Flush(ctx)
}

func (m *mailer) resolve(id string, sent bool) error {
	return m.engine().box.Resolve(context.Background(), id, sent)
}

func (m *mailer) retry(id string) error {
	return m.engine().box.Retry(context.Background(), id)
}

func (m *mailer) remove(id string) error {
	return m.engine().box.Discard(context.Background(), id)
}
