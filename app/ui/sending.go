package ui

import (
	"context"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
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
	identities     []identity
	contacts       []string
	outbox         []outboxItem
	sent           []sentItem
	openSent       string // the sent message open in the reader
	sizeLimit      int64  // the sending server's SIZE at the last connection
	note           string // what Send did, read out by screen readers
	m              *mailer
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
	s.send.openSent = ""
	s.reloadSending()
}

// composePane is the compose pane for the request open.
func (s *Shell) composePane() app.UI {
	rerender := func() { s.ctx.Dispatch(func(app.Context) {}) }
	m := s.send.m
	return &composer{
		Req:        s.send.compose,
		Account:    s.acct.Key,
		Identities: s.send.identities,
		Contacts:   s.send.contacts,
		SizeLimit:  s.send.sizeLimit,
		Offline:    s.offline(),
		Prepare: func(ctx context.Context, req *composeRequest) (draftForm, error) {
			return m.prepare(ctx, req)
		},
		Save:    m.saveDraft,
		Discard: m.deleteDraft,
		OnSend: func(f draftForm) {
			s.sendForm(f)
			rerender()
		},
		OnClose: func() {
			s.send.compose = nil
			rerender()
		},
	}
}

// sendForm builds the message and puts it in the outbox, off the UI
// goroutine, then sends what the outbox holds if Poppy is online.
func (s *Shell) sendForm(f draftForm) {
	ctx, m, offline := s.ctx, s.send.m, s.offline()
	s.send.note = sendQueuedSentence(offline)
	ctx.Async(func() {
		err := m.queue(context.Background(), f)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				s.send.note = notQueuedSentence(err)
				return
			}
			s.send.compose = nil
			s.reloadSending()
			if !s.offline() {
				s.flushOutbox()
			}
		})
	})
}

// flushOutbox sends what waits in the outbox, off the UI goroutine; the
// mailer reports each entry's progress and outcome as it goes.
func (s *Shell) flushOutbox() {
	m := s.send.m
	if m == nil {
		return
	}
	s.ctx.Async(func() { m.flush(context.Background()) })
}

// reloadSending reads the outbox, the Sent list, the identities and the
// address book of the open account, off the UI goroutine.
func (s *Shell) reloadSending() {
	m, ctx := s.send.m, s.ctx
	if m == nil || ctx == nil {
		return
	}
	ctx.Async(func() {
		v := m.load(context.Background())
		ctx.Dispatch(func(ctx app.Context) {
			if m != s.send.m {
				return
			}
			s.send.outbox, s.send.sent = v.outbox, v.sent
			s.send.identities, s.send.contacts = v.identities, v.contacts
			if v.sizeLimit > 0 {
				s.send.sizeLimit = v.sizeLimit
			}
		})
	})
}
