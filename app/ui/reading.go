package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"
)

// openMessage opens uid in the reader, which downloads and shows it.
// Opening the message already open downloads it again: after a failure
// (signed out, offline), that is how a person retries.
func (s *Shell) openMessage(uid string) {
	if s.mbox == nil {
		return
	}
	s.openUID = uid
	s.opened++
}

// closeMessage closes the reader, and gives the focus back to the row
// of the message that was open (the selected row), once it is shown
// again (on a phone the list and the reader take turns).
func (s *Shell) closeMessage() {
	s.openUID = ""
	s.focusRow()
}

// focusRow moves the focus to the selected row after the next render.
func (s *Shell) focusRow() {
	if s.ctx == nil {
		return
	}
	s.ctx.Defer(func(app.Context) { followFocus(listID, rowID(s.selected), true) })
}

// reader is the message pane for the open message. Its callbacks run on
// the UI goroutine, from the reader's handlers, which re-render only the
// reader: each asks the Shell's own context for a render too.
func (s *Shell) reader() app.UI {
	if s.mbox == nil || s.openUID == "" {
		return renderNoMessage()
	}
	rerender := func() { s.ctx.Dispatch(func(app.Context) {}) }
	return &reader{
		Lang:    i18n.Current().Tag(),
		Mailbox: s.mbox,
		UID:     s.openUID,
		Opened:  s.opened,
		OnClose: func() { s.closeMessage(); rerender() },
		OnDelete: func(uid string) {
			s.deleteUIDs(s.ctx, []string{uid})
			rerender()
		},
		OnCompose: func(kind composeKind, uid string) {
			s.send.compose = &composeRequest{Kind: kind, UID: uid}
			rerender()
		},
	}
}
