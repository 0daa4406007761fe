package ui

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/poppymail/poppy/app/bridgeclient"
	"github.com/poppymail/poppy/app/mailbox"
	"github.com/poppymail/poppy/app/store"
)

// mailer does the work of sending mail for one account, off the UI
// goroutine: drafts, identities and the address book on the device
// (app/store), building messages (app/compose), the outbox (app/outbox)
// and the connection to the submission server (submitter). Every method
// blocks and is called from ctx.Async goroutines; it reports changes
// through onChange, which the Shell turns into a Dispatch.
type mailer struct {
	db      store.DB
	account string // the account's key
	mb      *mailbox.Mailbox
	// username is the account's login, whose local part finds the
	// person's own address in a message they received.
	username string
	// book is the bridge's: its targets, this tab's user-entered
	// servers, and the URL of the relay that carries the sessions.
	book *bridgeclient.Book
	// onChange is called from the goroutines that do the work; it must
	// not block (the Shell dispatches).
	onChange func(ev sendEvent)

	mu     sync.Mutex
	logins map[string]login // by account key: what this tab knows
	seen   map[string]bool  // addresses given to the address book in this session

	sender *sendEngine // the outbox and its Sender (mailer_send.go)
}

// sendEvent is what the mailer tells the Shell.
type sendEvent struct {
	// ID is the outbox entry concerned, "" for all.
	ID    string
	State string
	Err   error
	// Sent and Size: the upload's progress, while sending.
	Sent, Size int64
	// SizeLimit: the submission server announced this SIZE.
	SizeLimit int64
}

// sendingView is what the views list, read from the device at once.
type sendingView struct {
	outbox     []outboxItem
	sent       []sentItem
	identities []store.Identity
	contacts   []string
	drafts     []draftItem
	err        error
}

// maxContacts bounds the addresses given to the <datalist>.
const maxContacts = 500

// load reads what the views list, for the account.
func (m *mailer) load(ctx context.Context) sendingView {
	var v sendingView
	var errs []error
	entries, err := m.db.Outbox(ctx, m.account)
	errs = append(errs, err)
	m.mu.Lock()
	eng := m.sender
	m.mu.Unlock()
	for _, e := range entries {
		it := outboxItemOf(e)
		if eng != nil && it.Err != nil {
			it.Err = eng.errOf(e) // this session's typed error says more
		}
		v.outbox = append(v.outbox, it)
	}
	sent, err := m.db.SentList(ctx, m.account)
	errs = append(errs, err)
	for _, s := range sent {
		v.sent = append(v.sent, sentItem{ID: s.ID, To: strings.Join(s.To, ", "), Subject: s.Subject, Date: s.Date})
	}
	v.identities, err = m.db.Identities(ctx, m.account)
	errs = append(errs, err)
	cs, err := m.db.LookupContacts(ctx, m.account, "", maxContacts)
	errs = append(errs, err)
	for _, c := range cs {
		v.contacts = append(v.contacts, contactLine(c))
	}
	drafts, err := m.db.Drafts(ctx, m.account)
	errs = append(errs, err)
	for _, d := range drafts {
		v.drafts = append(v.drafts, draftItem{ID: d.ID, Subject: d.Subject, To: d.To})
	}
	v.err = errors.Join(errs...)
	return v
}

// outboxItemOf is how the outbox view shows an entry. The entry keeps
// its error as a stable word and the engine's text; the sentence for it
// is the one sendSentence gives to the typed error it came from.
func outboxItemOf(e store.OutboxEntry) outboxItem {
	it := outboxItem{
		ID: e.ID, State: string(e.State), Subject: e.Subject, Queued: e.Created, Size: e.Size,
		To: strings.Join(e.HeaderTo, ", "),
	}
	if it.To == "" {
		it.To = strings.Join(e.To, ", ")
	}
	if e.ErrKind != "" || e.ErrText != "" {
		it.Err = &storedSendError{Kind: e.ErrKind, Text: e.ErrText}
	}
	return it
}

// storedSendError is an outbox entry's error as the device keeps it:
// the stable word the outbox gave its kind, and the engine's text.
type storedSendError struct{ Kind, Text string }

func (e *storedSendError) Error() string { return e.Text }

// contactLine is a contact as the address fields complete it.
func contactLine(c store.Contact) string {
	if c.Name == "" {
		return c.Addr
	}
	return quoteName(c.Name) + " <" + c.Addr + ">"
}

// quoteName quotes a display name that needs it (RFC 5322 specials).
func quoteName(name string) string {
	if !strings.ContainsAny(name, `()<>[]:;@\,."`) {
		return name
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
}

// draft reads a draft whole, attachments included.
func (m *mailer) draft(ctx context.Context, id string) (*draftForm, error) {
	d, ok, err := m.db.Draft(ctx, m.account, id)
	if err != nil || !ok {
		return nil, err
	}
	f := formOfDraft(d)
	return &f, nil
}

func formOfDraft(d store.Draft) draftForm {
	f := draftForm{
		ID: d.ID, Account: d.Account, From: d.From, To: d.To, Cc: d.Cc, Bcc: d.Bcc,
		Subject: d.Subject, Body: d.Body, InReplyTo: d.InReplyTo, References: d.References, Saved: d.Updated,
	}
	for _, a := range d.Attach {
		if a.Name == forwardedAttachment {
			f.Forward = a.Data
			continue
		}
		f.Attachments = append(f.Attachments, attachment{Name: a.Name, Type: a.Type, Data: a.Data})
	}
	return f
}

// forwardedAttachment names, in a kept draft, the original that a
// forward attaches as message/rfc822.
const forwardedAttachment = "\x00forwarded.eml"

func draftOfForm(f draftForm) store.Draft {
	d := store.Draft{
		ID: f.ID, Account: f.Account, From: f.From, To: f.To, Cc: f.Cc, Bcc: f.Bcc,
		Subject: f.Subject, Body: f.Body, InReplyTo: f.InReplyTo, References: f.References, Updated: f.Saved,
	}
	for _, a := range f.Attachments {
		d.Attach = append(d.Attach, store.Attachment{Name: a.Name, Type: a.Type, Size: int64(len(a.Data)), Data: a.Data})
	}
	if len(f.Forward) > 0 {
		d.Attach = append(d.Attach, store.Attachment{Name: forwardedAttachment, Type: "message/rfc822", Size: int64(len(f.Forward)), Data: f.Forward})
	}
	return d
}

// saveDraft keeps the form on the device.
func (m *mailer) saveDraft(ctx context.Context, f draftForm) error {
	if f.ID == "" {
		return errors.New("ui: a draft without an ID")
	}
	f.Account = m.account
	if f.Saved.IsZero() {
		f.Saved = time.Now()
	}
	return m.db.PutDraft(ctx, draftOfForm(f))
}

func (m *mailer) deleteDraft(ctx context.Context, id string) error {
	return m.db.DeleteDraft(ctx, m.account, id)
}

func (m *mailer) saveIdentities(ids []store.Identity) error {
	return m.db.PutIdentities(context.Background(), m.account, ids)
}

// sentMessage reads a sent message whole, for the reader.
func (m *mailer) sentMessage(ctx context.Context, id string) ([]byte, error) {
	s, ok, err := m.db.SentMessage(ctx, m.account, id)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errors.New("ui: this sent message is no longer on the device")
	}
	return s.Raw, nil
}

// seeContacts gives the address book the addresses not given yet in
// this session: a sync lists the same senders again and again.
func (m *mailer) seeContacts(ctx context.Context, cs []store.Contact) error {
	m.mu.Lock()
	if m.seen == nil {
		m.seen = map[string]bool{}
	}
	var fresh []store.Contact
	for _, c := range cs {
		k := strings.ToLower(c.Addr)
		if k == "" || m.seen[k] {
			continue
		}
		m.seen[k] = true
		fresh = append(fresh, c)
	}
	m.mu.Unlock()
	if len(fresh) == 0 {
		return nil
	}
	return m.db.SeeContacts(ctx, m.account, fresh)
}

// newID is a random identifier for a draft.
func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// defaultAddress is the account's own address when no identity says
// otherwise: the login if it is an address, else the login at the
// server's domain.
func defaultAddress(username, host string) string {
	if strings.Contains(username, "@") || host == "" {
		return username
	}
	return username + "@" + host
}
