package ui

import (
	"maps"
	"slices"
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

func (s *Shell) renderTopBar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Img().Src("/web/icon-192.png").Alt("").Class("logo"),
		s.renderViews(),
		// The box's text is the person's: the app never renders its value.
		// go-app writes a value whenever the rendered one changes, so the
		// render that follows one key, coming after the next key was
		// typed, would put the older text back and lose that key. show
		// empties the box when another account opens (clearInput).
		app.Input().Type("search").ID("search").Class("search").Placeholder(i18n.T("Search mail")).
			Aria("label", i18n.T("Search senders, subjects and message text")).
			OnInput(func(ctx app.Context, e app.Event) {
				s.query = ctx.JSSrc().Get("value").String()
				s.applyFilter()
			}),
		app.Button().Class("icon").Aria("label", i18n.T("Check for new mail")).Title(i18n.T("Check for new mail (Shift+R)")).
			Disabled(s.syncing).Text("⟳").OnClick(func(ctx app.Context, e app.Event) { s.refresh(ctx) }),
		app.If(len(s.checked) > 0,
			app.Button().Class("danger").Aria("label", i18n.T("Delete")).Title(i18n.T("Delete the ticked messages")).
				Text(i18n.T("Delete {0}", len(s.checked))).OnClick(func(ctx app.Context, e app.Event) {
				s.deleteChecked(ctx)
			}),
		),
		app.Button().Class("icon").Aria("label", i18n.T("Keyboard shortcuts")).Aria("expanded", s.help).Text("?").OnClick(func(ctx app.Context, e app.Event) { s.showHelp(!s.help) }),
		app.Button().ID("device-button").Class("link device-button").Title(i18n.T("Accounts, storage and new-mail settings")).Aria("expanded", s.deviceOpen).
			Text(accountLabel(s.acct)).OnClick(func(ctx app.Context, e app.Event) { s.toggleDevice(ctx) }),
		app.Button().ID("sign-out").Class("link").Text(i18n.T("Sign out")).OnClick(func(ctx app.Context, e app.Event) { s.signOut(ctx) }),
	)
}

func (s *Shell) renderProblem() app.UI {
	p := s.problem
	return app.Div().Class("banner problem").Role("alert").Body(
		app.Span().Text(sentence(p)),
		app.If(p.Detail != "", app.Details().Body(app.Summary().Text(i18n.T("Details")), app.Code().Text(p.Detail))),
		app.Button().Class("link").Text(i18n.T("Dismiss")).OnClick(func(ctx app.Context, e app.Event) { s.problem = nil }),
	)
}

// renderInbox is the inbox pane: status lines, and the list of the rows
// the search left (messageList, which renders the visible ones only).
func (s *Shell) renderInbox() app.UI {
	var status app.UI = app.Text("")
	switch {
	case s.syncing && s.progress[1] > 0:
		status = app.Div().Class("progress").Body(
			app.Progress().Max(s.progress[1]).Value(s.progress[0]).Aria("label", i18n.T("Loading messages")),
			app.Span().Text(i18n.T("{0} of {1}", s.progress[0], s.progress[1])),
		)
	case s.status != "":
		status = app.Div().Class("status").Role("status").Text(s.status)
	}
	return app.Section().Class("inbox").Aria("label", i18n.T("Inbox")).Body(
		status,
		app.If(s.mbox != nil && !s.mbox.HasUIDL(), app.Div().Class("status").ID("no-uidl").Text(i18n.T("This server cannot identify messages between visits (no UIDL): Poppy lists the whole mailbox every time, and keeps nothing on this device."))),
		app.If(len(s.shown) == 0, app.P().Class("empty").Text(s.emptyText())),
		s.renderOrderBar(),
		s.messageList(),
	)
}

// messageList is the list of rows. Its callbacks (s.listActions) run on
// the UI goroutine, from the list's handlers, which re-render only the
// list: each asks the Shell's own context for a render too. The ticks go
// down as a copy: the list renders again only when a field changed, and
// the Shell's own map, changed in place, would always equal itself.
func (s *Shell) messageList() app.UI {
	if s.listActs == nil {
		s.listActs = s.listActions()
	}
	var checked map[string]bool
	if len(s.checked) > 0 {
		checked = maps.Clone(s.checked)
	}
	return &messageList{
		Lang:     i18n.Current().Tag(),
		Rows:     s.shown,
		Selected: s.selected,
		OpenUID:  s.openUID,
		Checked:  checked,
		Found:    s.found,
		Conv:     s.order.marks,
		Actions:  s.listActs,
	}
}

// listActions makes the list's callbacks (see listActions).
func (s *Shell) listActions() *listActions {
	rerender := func() {
		if s.ctx != nil {
			s.ctx.Dispatch(func(app.Context) {})
		}
	}
	return &listActions{
		OnOpen: func(i int, uid string) {
			s.selected = i
			s.openMessage(uid)
			rerender()
		},
		OnTick: func(uid string) {
			if s.checked[uid] {
				delete(s.checked, uid)
			} else {
				s.checked[uid] = true
			}
			rerender()
		},
		OnKeep: func(uid string) {
			if s.mbox != nil {
				s.mbox.CancelDelete(uid)
			}
		},
	}
}

func (s *Shell) emptyText() string {
	if s.query != "" {
		return i18n.T("No message matches “{0}”.", s.query)
	}
	if s.syncing {
		return i18n.T("Loading…")
	}
	return i18n.T("No messages.")
}

// formatDate shows the time for today's mail, the day otherwise.
func formatDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return i18n.Date(t, i18n.TimeOfDay)
	case t.Year() == now.Year():
		return i18n.Date(t, i18n.DayMonth)
	}
	return i18n.Date(t, i18n.DayMonthYear)
}

// undoWindow is how long Undo is offered after a deletion: the
// Mailbox's own undo window (mailbox.Options.UndoWindow's default).
const undoWindow = 5 * time.Second

// undoMargin is how long before the window's end the toast looks whether
// it has the focus, and so must stay.
const undoMargin = time.Second

// deleteUIDs removes messages from the list at once, with an Undo for a
// few seconds; the Mailbox commits (DELE + QUIT) when the window ends.
// While the toast has the keyboard focus (WCAG 2.2.1: a person who is
// reaching or reading it needs more time), its window starts again.
func (s *Shell) deleteUIDs(ctx app.Context, uids []string) {
	if s.mbox == nil || len(uids) == 0 {
		return
	}
	undo := s.mbox.Delete(uids...)
	st := &undoState{uids: uids, undo: undo, until: time.Now().Add(undoWindow)}
	s.undo = st
	for _, u := range uids {
		delete(s.checked, u)
		if s.openUID == u {
			s.openUID = ""
		}
	}
	s.refreshRows()
	announce(i18n.N("Deleted {0} messages.", len(uids)) + " " + i18n.T("Press z to undo."))
	s.watchUndo(st)
}

// watchUndo ends st's toast with its window, unless the toast has the
// focus shortly before: then the deletion is taken back and made again,
// which gives it a new window in the Mailbox (nothing reaches the server
// meanwhile), and the toast stays.
func (s *Shell) watchUndo(st *undoState) {
	s.ctx.After(time.Until(st.until)-undoMargin, func(ctx app.Context) {
		if s.undo != st {
			return
		}
		if hasFocusWithin(undoToastID) && s.mbox != nil && st.undo() {
			st.undo = s.mbox.Delete(st.uids...)
			st.until = time.Now().Add(undoWindow)
			s.watchUndo(st)
			return
		}
		ctx.After(undoMargin, func(app.Context) {
			if s.undo == st {
				s.undo = nil
				if hasFocusWithin(undoToastID) {
					s.focusRow() // the toast and its focus go
				}
			}
		})
	})
}

// undoDelete takes the last deletion back, if it is not too late.
func (s *Shell) undoDelete() bool {
	if s.undo == nil {
		return false
	}
	st := s.undo
	if st.undo() {
		s.status = i18n.T("Nothing was deleted.")
	} else {
		s.status = i18n.T("Too late to undo: the deletion was already sent to the server.")
	}
	announce(s.status)
	s.undo = nil
	s.refreshRows()
	// The selection goes back to the message restored.
	if i := slices.IndexFunc(s.shown, func(r mailbox.Summary) bool { return r.UID == st.uids[0] }); i >= 0 {
		s.selected = i
	}
	s.focusRow()
	return true
}

func (s *Shell) deleteChecked(ctx app.Context) {
	uids := make([]string, 0, len(s.checked))
	for _, r := range s.shown {
		if s.checked[r.UID] {
			uids = append(uids, r.UID)
		}
	}
	s.deleteUIDs(ctx, uids)
}

// undoToastID is the undo toast, which keeps its window while it has
// the focus (watchUndo).
const undoToastID = "undo-toast"

// renderUndo is the toast that offers Undo after a deletion. Its role is
// status, so it is read out without taking the focus; the z key undoes
// at once, and Tab reaches its button (it comes after the panes in the
// page's order).
func (s *Shell) renderUndo() app.UI {
	n := len(s.undo.uids)
	return app.Div().ID(undoToastID).Class("toast").Role("status").Body(
		app.Span().Text(i18n.N("Deleted {0} messages.", n)),
		app.Button().ID("undo").Class("link").Text(i18n.T("Undo")).Title(i18n.T("Undo (z)")).OnClick(func(ctx app.Context, e app.Event) {
			s.undoDelete()
		}),
	)
}
