package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"

	"github.com/poppymail/poppy/app/store"
)

// renderViews is the top bar's part for sending: "New message" (the
// automation contract's aria-label), the switch between the inbox, the
// outbox and the Sent view, and the identities.
func (s *Shell) renderViews() app.UI {
	waiting := 0
	for _, it := range s.send.outbox {
		if it.State != stateSent {
			waiting++
		}
	}
	outbox := i18n.T("Outbox")
	if waiting > 0 {
		outbox = i18n.T("Outbox ({0})", waiting)
	}
	return app.Div().Class("views").Role("navigation").Aria("label", i18n.T("Folders")).Body(
		app.Button().ID("new-message").Class("primary").Aria("label", i18n.T("New message")).Title(i18n.T("New message (c)")).
			Text(i18n.T("New")).OnClick(func(ctx app.Context, e app.Event) { s.startCompose(composeNew) }),
		viewButton(i18n.T("Inbox"), "Inbox", s.send.view == viewInbox, func() { s.showView(viewInbox) }),
		viewButton(outbox, "Outbox", s.send.view == viewOutbox, func() { s.showView(viewOutbox) }),
		viewButton(i18n.T("Sent"), "Sent", s.send.view == viewSent, func() { s.showView(viewSent) }),
		app.Button().Class("link").Text(i18n.T("Identities")).Title(i18n.T("Your names, addresses and signatures")).
			OnClick(func(ctx app.Context, e app.Event) { s.send.identitiesOpen = !s.send.identitiesOpen }),
	)
}

// viewTitle names the view shown, for the page's level-one heading.
func (s *Shell) viewTitle() string {
	switch s.send.view {
	case viewOutbox:
		return i18n.T("Outbox")
	case viewSent:
		return i18n.T("Sent")
	}
	return i18n.T("Inbox")
}

func viewButton(text, label string, current bool, show func()) app.UI {
	b := app.Button().Class("view").Text(text).Aria("pressed", current).
		OnClick(func(ctx app.Context, e app.Event) { show() }, label)
	if text != label {
		b = b.Aria("label", text)
	}
	return b
}

// listPane is the left pane: the inbox, the outbox or the Sent view.
func (s *Shell) listPane() app.UI {
	rerender := func() { s.ctx.Dispatch(func(app.Context) {}) }
	switch s.send.view {
	case viewOutbox:
		m := s.send.m
		act := func(do func() error) {
			s.ctx.Async(func() {
				err := do()
				s.ctx.Dispatch(func(app.Context) {
					if err != nil {
						s.send.note = outboxActionSentence(err)
					}
					s.reloadSending()
					s.flushOutbox(false)
				})
			})
		}
		return &outboxView{
			Lang:        i18n.Current().Tag(),
			Items:       s.send.outbox,
			Drafts:      s.send.drafts,
			OnOpenDraft: s.openDraft,
			OnResolve: func(id string, sent bool) {
				act(func() error { return m.resolve(id, sent) })
			},
			OnRetry:  func(id string) { act(func() error { return m.retry(id) }) },
			OnRemove: func(id string) { act(func() error { return m.remove(id) }) },
		}
	case viewSent:
		return &sentView{
			Lang:   i18n.Current().Tag(),
			Items:  s.send.sent,
			OpenID: s.send.openSent,
			OnOpen: func(id string) {
				s.openSentMessage(id)
				rerender()
			},
		}
	}
	return s.renderInbox()
}

// rightPane is the compose pane while composing, else the reader.
func (s *Shell) rightPane() app.UI {
	if s.send.compose != nil && s.send.m != nil {
		return s.composePane()
	}
	if s.send.view == viewSent && s.send.openRaw != nil {
		return &reader{
			Lang: i18n.Current().Tag(),
			Raw:  s.send.openRaw,
			UID:  "sent:" + s.send.openSent,
			OnClose: func() {
				s.send.openSent, s.send.openRaw = "", nil
				s.ctx.Dispatch(func(app.Context) {})
			},
		}
	}
	return s.reader()
}

// renderSendNote is the live region that says what Send did: queued,
// sending, sent, or why not.
//
// While a message uploads, a progress bar shows beside it: a large
// attachment takes a while on a slow link.
func (s *Shell) renderSendNote() app.UI {
	p := s.send.progress
	return app.Div().Class("send-bar").Body(
		app.Div().ID("send-status").Class("send-status").Role("status").Aria("live", "polite").Text(s.send.note),
		when(p != nil, func() app.UI {
			return app.Div().Class("progress").Body(
				app.Progress().ID("send-progress").Max(p.Size).Value(p.Sent).Aria("label", i18n.T("Sending the message")),
				app.Span().Text(i18n.T("{0} of {1}", formatSize(p.Sent), formatSize(p.Size))),
			)
		}),
	)
}

// identitiesPanel is the identity settings for the open account.
func (s *Shell) identitiesPanel() app.UI {
	m := s.send.m
	return &identityPanel{
		Lang:       i18n.Current().Tag(),
		Identities: s.send.identities,
		Default:    s.ownAddress(),
		OnSave: func(ids []store.Identity) {
			s.send.identities = ids
			s.ctx.Async(func() {
				err := m.saveIdentities(ids)
				s.ctx.Dispatch(func(app.Context) {
					if err != nil {
						s.send.note = identitiesNotSavedSentence(err)
					}
				})
			})
		},
		OnClose: func() {
			s.send.identitiesOpen = false
			s.ctx.Dispatch(func(app.Context) {})
		},
	}
}
