package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

func (s *Shell) renderTopBar() app.UI {
	return app.Header().Class("topbar").Body(
		app.Img().Src("/web/icon-192.png").Alt("").Class("logo"),
		app.Input().Type("search").ID("search").Class("search").Placeholder("Search sender or subject").
			Aria("label", "Search sender or subject").Value(s.query).
			OnInput(func(ctx app.Context, e app.Event) {
				s.query = ctx.JSSrc().Get("value").String()
				s.applyFilter()
			}),
		app.Button().Class("icon").Aria("label", "Check for new mail").Title("Check for new mail (r)").
			Disabled(s.syncing).Text("⟳").OnClick(func(ctx app.Context, e app.Event) { s.refresh(ctx) }),
		app.If(len(s.checked) > 0,
			app.Button().Class("danger").Aria("label", "Delete").Title("Delete the ticked messages").
				Text("Delete "+itoa(int64(len(s.checked)))).OnClick(func(ctx app.Context, e app.Event) {
				s.deleteChecked(ctx)
			}),
		),
		app.Button().Class("icon").Aria("label", "Keyboard shortcuts").Text("?").OnClick(func(ctx app.Context, e app.Event) { s.help = !s.help }),
		app.Button().ID("device-button").Class("link").Title("Accounts, storage and new-mail settings").
			Text(accountLabel(s.acct)).OnClick(func(ctx app.Context, e app.Event) { s.toggleDevice(ctx) }),
		app.Button().Class("link").Text("Sign out").OnClick(func(ctx app.Context, e app.Event) { s.signOut(ctx) }),
	)
}

func (s *Shell) renderProblem() app.UI {
	p := s.problem
	return app.Div().Class("banner problem").Role("alert").Body(
		app.Span().Text(sentence(p)),
		app.If(p.Detail != "", app.Details().Body(app.Summary().Text("Details"), app.Code().Text(p.Detail))),
		app.Button().Class("link").Text("Dismiss").OnClick(func(ctx app.Context, e app.Event) { s.problem = nil }),
	)
}

// renderInbox renders the visible rows only (see visibleWindow).
func (s *Shell) renderInbox() app.UI {
	w := visibleWindow(len(s.shown), s.scrollY, s.viewH)
	var status app.UI = app.Text("")
	switch {
	case s.syncing && s.progress[1] > 0:
		status = app.Div().Class("progress").Body(
			app.Progress().Max(s.progress[1]).Value(s.progress[0]).Aria("label", "Loading messages"),
			app.Span().Text(groupThousands(s.progress[0])+" of "+groupThousands(s.progress[1])),
		)
	case s.status != "":
		status = app.Div().Class("status").Role("status").Text(s.status)
	}
	return app.Section().Class("inbox").Aria("label", "Inbox").Body(
		status,
		app.If(s.mbox != nil && !s.mbox.HasUIDL(), app.Div().Class("status").ID("no-uidl").Text("This server cannot identify messages between visits (no UIDL): Poppy lists the whole mailbox every time, and keeps nothing on this device.")),
		app.If(len(s.shown) == 0, app.P().Class("empty").Text(s.emptyText())),
		app.Div().ID(listID).Class("list").Role("listbox").TabIndex(0).Aria("label", "Messages").
			Aria("activedescendant", s.activeRowID()).
			OnScroll(func(ctx app.Context, e app.Event) {
				s.scrollY, s.viewH = scrollTopOf(listID)
			}).Body(
			app.Div().Style("height", itoa(int64(w.top))+"px"),
			app.Range(s.shown[w.first:w.last]).Slice(func(i int) app.UI {
				return s.renderRow(w.first + i)
			}),
			app.Div().Style("height", itoa(int64(w.bottom))+"px"),
		),
	)
}

func (s *Shell) emptyText() string {
	if s.query != "" {
		return "No message matches “" + s.query + "”."
	}
	if s.syncing {
		return "Loading…"
	}
	return "No messages."
}

func (s *Shell) activeRowID() string {
	if s.selected < 0 || s.selected >= len(s.shown) {
		return ""
	}
	return "row-" + itoa(int64(s.selected))
}

func (s *Shell) renderRow(i int) app.UI {
	r := s.shown[i]
	cls := "row"
	if !r.Read {
		cls += " unread"
	}
	if i == s.selected {
		cls += " selected"
	}
	if s.openUID == r.UID {
		cls += " open"
	}
	if r.PendingDelete {
		cls += " pending"
	}
	subject := r.Subject
	if subject == "" {
		subject = "(no subject)"
	}
	uid := r.UID
	return app.Div().ID("row-"+itoa(int64(i))).Class(cls).Role("option").
		Aria("selected", i == s.selected).DataSet("uidl", uid).
		// The scope makes go-app replace the handler when the row at this
		// position shows another message (the list is virtualised, so
		// elements are reused); without it the old closure would stay.
		OnClick(func(ctx app.Context, e app.Event) {
			s.selected = i
			s.openMessage(uid)
		}, i, uid).Body(
		app.Input().Type("checkbox").Class("tick").Aria("label", "Select "+subject).
			Checked(s.checked[uid]).OnClick(func(ctx app.Context, e app.Event) {
			e.Call("stopPropagation")
			if s.checked[uid] {
				delete(s.checked, uid)
			} else {
				s.checked[uid] = true
			}
		}, i, uid),
		app.Span().Class("from").Body(rowSender(r.FromName, r.FromAddr)),
		app.Span().Class("date").Text(formatDate(r.Date, time.Now())),
		app.Span().Class("subject").Body(app.Bdi().Text(subject)),
		app.Span().Class("meta").Body(
			app.If(r.HasAttachment, app.Span().Class("clip").Aria("label", "Has attachments").Title("Has attachments").Text("📎")),
			app.Span().Class("size").Text(formatSize(r.Size)),
			app.If(!r.Read, app.Span().Class("dot").Aria("label", "Unread").Title("Unread")),
		),
		app.If(r.PendingDelete, app.Span().Class("pending-note").Body(
			app.Text("Will be deleted when connected "),
			app.Button().Class("link").Text("Keep").Aria("label", "Keep "+subject).OnClick(func(ctx app.Context, e app.Event) {
				e.Call("stopPropagation")
				s.mbox.CancelDelete(uid)
			}, i, uid),
		)),
	)
}

// rowSender shows the sender's name, else the address, each in its own
// bidi isolate (<bdi>): a right-to-left override in a name then ends with
// the name instead of reversing what follows it (issue 9).
func rowSender(name, addr string) app.UI {
	switch {
	case name != "":
		return app.Bdi().Class("name").Text(name)
	case addr != "":
		return addressUI(addr)
	}
	return app.Text("(unknown sender)")
}

// formatDate shows the time for today's mail, the day otherwise.
func formatDate(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.Local()
	switch {
	case t.Year() == now.Year() && t.YearDay() == now.YearDay():
		return t.Format("15:04")
	case t.Year() == now.Year():
		return t.Format("2 Jan")
	}
	return t.Format("2 Jan 2006")
}

// deleteUIDs removes messages from the list at once, with an Undo for a
// few seconds; the Mailbox commits (DELE + QUIT) when the window ends.
func (s *Shell) deleteUIDs(ctx app.Context, uids []string) {
	if s.mbox == nil || len(uids) == 0 {
		return
	}
	undo := s.mbox.Delete(uids...)
	st := &undoState{uids: uids, undo: undo, until: time.Now().Add(5 * time.Second)}
	s.undo = st
	for _, u := range uids {
		delete(s.checked, u)
		if s.openUID == u {
			s.openUID = ""
		}
	}
	s.refreshRows()
	s.ctx.After(5*time.Second, func(ctx app.Context) {
		if s.undo == st {
			s.undo = nil
		}
	})
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

func (s *Shell) renderUndo() app.UI {
	n := len(s.undo.uids)
	return app.Div().Class("toast").Role("status").Body(
		app.Span().Text("Deleted "+itoa(int64(n))+" message"+plural(n)+"."),
		app.Button().ID("undo").Class("link").Text("Undo").OnClick(func(ctx app.Context, e app.Event) {
			if s.undo != nil && s.undo.undo() {
				s.status = "Nothing was deleted."
			} else {
				s.status = "Too late to undo: the deletion was already sent to the server."
			}
			s.undo = nil
			s.refreshRows()
		}),
	)
}
