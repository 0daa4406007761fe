package ui

import (
	"context"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/store"
	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
)

// mailView is what the list pane shows.
type mailView int

const (
	viewInbox mailView = iota
	viewOutbox
	viewSent
)

// sendState is the Shell's part of sending mail: which view the list
// pane shows, what the compose pane composes, and what the outbox and
// the Sent view list. The work is the mailer's; the components (composer,
// outboxView, sentView, identityPanel) keep their own state.
type sendState struct {
	view           mailView
	compose        *composeRequest // nil: the compose pane is closed
	identitiesOpen bool
	identities     []store.Identity
	contacts       []string
	outbox         []outboxItem
	drafts         []draftItem
	sent           []sentItem
	openSent       string     // the sent message open in the reader
	openRaw        []byte     // and its bytes
	sizeLimit      int64      // the sending server's SIZE at the last connection
	note           string     // what Send did, read out by screen readers
	progress       *sendEvent // the upload under way, if any
	restored       bool       // the last draft was offered again after a start
	retryAt        time.Time
	m              *mailer
}

// sizeKey keeps, in localStorage, the SIZE limit an account's
// submission server announced, so that the compose pane knows it before
// the next connection.
const sizeKey = "poppy.sizeLimit."

// startSending makes the mailer of the mailbox just shown, and reads
// what the views list; the most recent draft comes back in the compose
// pane, so that a reload or a crash loses no typing.
func (s *Shell) startSending(ctx app.Context) {
	if s.db == nil || s.mbox == nil {
		s.send = sendState{}
		return
	}
	m := &mailer{db: s.db, account: s.acct.Key, mb: s.mbox, username: s.acct.Username, book: s.book}
	m.onChange = func(ev sendEvent) {
		s.ctx.Dispatch(func(ctx app.Context) { s.onSendEvent(ctx, m, ev) })
	}
	s.giveLogins(m)
	var limit int64
	_ = ctx.LocalStorage().Get(sizeKey+s.acct.Key, &limit)
	s.send = sendState{m: m, sizeLimit: limit}
	s.reloadSending()
}

// onSendEvent follows the outbox: progress, and each entry's outcome,
// said in the live region.
func (s *Shell) onSendEvent(ctx app.Context, m *mailer, ev sendEvent) {
	if m != s.send.m {
		return
	}
	if ev.SizeLimit > 0 && ev.SizeLimit != s.send.sizeLimit {
		s.send.sizeLimit = ev.SizeLimit
		ctx.LocalStorage().Set(sizeKey+s.acct.Key, ev.SizeLimit)
	}
	if ev.ID == "" {
		return
	}
	if ev.State == stateSending && ev.Size > 0 && ev.Sent < ev.Size {
		s.send.progress = &ev
	} else {
		s.send.progress = nil
	}
	for i := range s.send.outbox {
		if it := &s.send.outbox[i]; it.ID == ev.ID {
			it.State, it.Err = ev.State, ev.Err
			if ev.Size > 0 {
				it.Sent, it.Size = ev.Sent, ev.Size
			}
		}
	}
	switch ev.State {
	case stateSent:
		s.send.note = i18n.T(sentNote)
		s.reloadSending()
	case stateQueued:
		if ev.Err != nil {
			s.send.note = i18n.T(queuedOfflineNote)
			s.retrySending(ctx)
		}
	case stateMaybeSent, stateFailed:
		s.send.note = outboxStateSentence(ev.State, ev.Err)
		s.reloadSending()
	case stateSending:
		if ev.Sent == 0 {
			s.send.note = i18n.T(sendingNote)
		}
	}
}

// retrySending sends the outbox again a little later, after an attempt
// that could not reach the server: the outbox goes out by itself when
// the connection is back.
func (s *Shell) retrySending(ctx app.Context) {
	if !s.send.retryAt.IsZero() {
		return // one retry waits already
	}
	m := s.send.m
	s.send.retryAt = time.Now().Add(retryBridge)
	ctx.After(retryBridge, func(ctx app.Context) {
		if m != s.send.m {
			return
		}
		s.send.retryAt = time.Time{}
		s.flushOutbox(true)
	})
}

// startCompose opens the compose pane for a new message, or for kind
// about the open or selected message (see composeAbout).
func (s *Shell) startCompose(kind composeKind) {
	if s.mbox == nil {
		return
	}
	s.send.compose = &composeRequest{Kind: kind}
	s.send.note = ""
}

// composeAbout opens the compose pane to reply to, or forward, the
// message open in the reader, else the selected one. It reports whether
// there was one.
func (s *Shell) composeAbout(kind composeKind) bool {
	uid := s.openUID
	if uid == "" && s.send.view == viewInbox && s.selected >= 0 && s.selected < len(s.shown) {
		uid = s.shown[s.selected].UID
	}
	if uid == "" || s.mbox == nil {
		return false
	}
	s.send.compose = &composeRequest{Kind: kind, UID: uid}
	s.send.note = ""
	return true
}

// showView switches the list pane between the inbox, the outbox and the
// Sent view, and reads what the view lists.
func (s *Shell) showView(v mailView) {
	s.send.view = v
	s.send.openSent, s.send.openRaw = "", nil
	s.reloadSending()
}

// fromChoicesOf are the From addresses of the open account: its
// identities, or its own address while it has none.
func (s *Shell) fromChoicesOf() []identity {
	if ids := fromChoices(s.send.identities); len(ids) > 0 {
		return ids
	}
	return []identity{{Address: s.ownAddress()}}
}

// ownAddress is the open account's address when no identity says.
func (s *Shell) ownAddress() string {
	host := ""
	if t, ok := bridgeapi.FindTarget(s.targets, s.acct.Server); ok {
		host = t.Host
	}
	return defaultAddress(s.acct.Username, host)
}

// composePane is the compose pane for the request open.
func (s *Shell) composePane() app.UI {
	rerender := func() { s.ctx.Dispatch(func(app.Context) {}) }
	m := s.send.m
	ids := s.fromChoicesOf()
	return &composer{
		Lang:       i18n.Current().Tag(),
		Req:        s.send.compose,
		Account:    s.acct.Key,
		Identities: ids,
		Contacts:   s.send.contacts,
		SizeLimit:  s.send.sizeLimit,
		Offline:    s.offline(),
		Prepare: func(ctx context.Context, req *composeRequest) (draftForm, error) {
			return m.prepare(ctx, req, ids)
		},
		Save:    m.saveDraft,
		Discard: m.deleteDraft,
		OnSend: func(f draftForm) {
			s.sendForm(f)
			rerender()
		},
		OnClose: func() {
			s.send.compose = nil
			s.reloadSending()
			rerender()
		},
	}
}

// sendForm builds the message and puts it in the outbox, off the UI
// goroutine, then sends what the outbox holds.
func (s *Shell) sendForm(f draftForm) {
	ctx, m := s.ctx, s.send.m
	if t, ok := s.accountTarget(); ok && !t.CanSend() {
		// Queued, it would wait for a server that does not exist.
		s.send.note = sendSentence(transport.ErrCannotSend)
		return
	}
	ids := s.fromChoicesOf()
	s.send.note = sendQueuedSentence(s.offline())
	ctx.Async(func() {
		err := m.queue(context.Background(), f, ids)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.send.note = notQueuedSentence(err)
				return
			}
			s.send.compose = nil
			s.reloadSending()
			s.flushOutbox(false)
			s.focusRow() // the pane that had the focus is gone
		})
	})
}

// flushOutbox sends what waits in the outbox, off the UI goroutine; the
// mailer reports each entry's progress and outcome as it goes.
//
// online says the connection just came back: entries that wait out a
// backoff after a failure go at once.
func (s *Shell) flushOutbox(online bool) {
	m := s.send.m
	if m == nil || s.ctx == nil {
		return
	}
	s.giveLogins(m)
	s.ctx.Async(func() { m.flush(context.Background(), online) })
}

// giveLogins tells m the logins this tab knows, so that the outbox
// sends the entries of every account signed in.
func (s *Shell) giveLogins(m *mailer) {
	l := map[string]login{}
	add := func(key string, lg login) {
		rec := s.record(key)
		if key == s.acct.Key {
			rec = s.acct
		}
		if rec.Server != "" {
			lg.server, lg.username, lg.fingerprint = rec.Server, rec.Username, rec.Fingerprint
			l[key] = lg
		}
	}
	for key, pw := range s.passwords {
		add(key, login{password: pw})
	}
	for key, sess := range s.oauth.sessionsByKey() {
		add(key, login{sess: sess})
	}
	m.setLogins(l)
}

// reloadSending reads the outbox, the Sent list, the identities and the
// address book of the open account, off the UI goroutine.
func (s *Shell) reloadSending() {
	m, ctx := s.send.m, s.ctx
	if m == nil || ctx == nil {
		return
	}
	painted := paintGate()
	ctx.Async(func() {
		<-painted
		v := m.load(context.Background())
		var restore *draftForm
		if len(v.drafts) > 0 {
			restore, _ = m.draft(context.Background(), v.drafts[0].ID)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if m != s.send.m {
				return
			}
			s.send.outbox, s.send.sent, s.send.drafts = v.outbox, v.sent, v.drafts
			s.send.identities, s.send.contacts = v.identities, v.contacts
			if !s.send.restored {
				s.send.restored = true
				if restore != nil && s.send.compose == nil {
					s.send.compose = &composeRequest{Kind: composeDraft, Draft: restore}
				}
			}
		})
	})
}

// openSentMessage shows a sent message in the reader, read from the
// device off the UI goroutine.
func (s *Shell) openSentMessage(id string) {
	m, ctx := s.send.m, s.ctx
	s.send.openSent, s.send.openRaw, s.send.compose = id, nil, nil
	ctx.Async(func() {
		raw, err := m.sentMessage(context.Background(), id)
		ctx.Dispatch(func(ctx app.Context) {
			if s.send.openSent != id {
				return
			}
			if err != nil {
				s.send.note = err.Error()
				s.send.openSent = ""
				return
			}
			s.send.openRaw = raw
		})
	})
}

// seeContacts gives the address book the senders of the inbox, off the
// UI goroutine; the mailer passes on only addresses new to it.
func (s *Shell) seeContacts() {
	m := s.send.m
	if m == nil || len(s.rows) == 0 {
		return
	}
	cs := make([]store.Contact, 0, len(s.rows))
	for _, r := range s.rows {
		if r.FromAddr != "" {
			cs = append(cs, store.Contact{Name: r.FromName, Addr: r.FromAddr, LastSeen: r.Date})
		}
	}
	painted := paintGate()
	s.ctx.Async(func() {
		<-painted
		_ = m.seeContacts(context.Background(), cs)
	})
}

// openDraft opens a kept draft again in the compose pane, read whole
// (attachments included) off the UI goroutine.
func (s *Shell) openDraft(id string) {
	m, ctx := s.send.m, s.ctx
	ctx.Async(func() {
		f, err := m.draft(context.Background(), id)
		ctx.Dispatch(func(ctx app.Context) {
			if m != s.send.m {
				return
			}
			if err != nil || f == nil {
				s.send.note = i18n.T(draftGoneSentence)
				s.reloadSending()
				return
			}
			s.send.compose = &composeRequest{Kind: composeDraft, Draft: f}
		})
	})
}
