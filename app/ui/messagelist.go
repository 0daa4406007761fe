package ui

import (
	"time"

	"github.com/maxence-charriere/go-app/v9/pkg/app"

	"github.com/poppymail/poppy/app/i18n"
	"github.com/poppymail/poppy/app/mailbox"
)

// messageList is the inbox's list of messages, a component with its own
// state: the scroll position and height that decide which rows it
// renders (the list is virtualised: a mailbox may hold tens of thousands
// of messages). The Shell owns the rows, the selection and the ticks,
// which the keyboard and the top bar share, and hears of clicks through
// the callbacks, which run on the UI goroutine.
type messageList struct {
	app.Compo

	// Lang is the interface language: go-app re-renders a child only
	// when a field changes, so a new language must change one.
	Lang string

	Rows     []mailbox.Summary   // after the search filter
	Selected int                 // index into Rows
	OpenUID  string              // the message open in the reader
	Checked  map[string]bool     // ticked for a multiple delete; a copy, read only
	Conv     map[string]convMark // rows in conversations (sort.go); read only
	// Found notes the rows the body search added, by UID (search.go).
	Found map[string]string
	// Actions are the callbacks, behind a pointer the Shell keeps: see
	// listActions.
	Actions *listActions

	scrollY, viewH int
	// rendered is the window of rows the last Render made.
	rendered   window
	stopResize func()
	// painted: the list was painted once; until then it renders the
	// rows on screen only (see overscanRows).
	painted bool
}

// overscanRows is how many rows beyond each edge the list renders. The
// rows beyond the screen are for scrolling, not for the first paint:
// until the list is painted once it renders none of them, which takes
// about a third off the rows the first render mounts and lays out (a
// sign-in's inbox, a cached inbox at start), and adds them just after.
func (c *messageList) overscanRows() int {
	if c.painted {
		return overscan
	}
	return 0
}

// listActions are the message list's callbacks, which run on the UI
// goroutine. go-app renders a child component again when one of its
// fields is not reflect.DeepEqual to the last, and two func values are
// never equal: callbacks made afresh at each Shell render would render
// and diff every visible row at every render of the page (a progress
// tick, a mailbox event), the inbox's first paint included. The Shell
// makes them once and passes the same pointer, which is equal.
type listActions struct {
	OnOpen func(i int, uid string)
	OnTick func(uid string)
	OnKeep func(uid string) // keep a message whose deletion waits
}

// OnMount measures the list once it is on the page, and again whenever
// the window's size changes.
func (c *messageList) OnMount(ctx app.Context) {
	c.stopResize = app.Window().AddEventListener("resize", func(app.Context, app.Event) { c.measure() })
	ctx.Defer(func(app.Context) { c.measure() })
	afterPaint(func() {
		ctx.Dispatch(func(app.Context) { c.painted = true }) // renders the list again, with its margin
	})
}

// OnUpdate measures again: new rows (another account, a search) may
// have moved the list.
//
// The focus stays on the selected row: the list reuses its row elements
// for other messages as it scrolls, so the element that had the focus may
// now show another message.
func (c *messageList) OnUpdate(ctx app.Context) {
	ctx.Defer(func(app.Context) {
		c.measure()
		if c.Selected >= 0 && c.Selected < len(c.Rows) {
			followFocus(listID, rowID(c.Selected), false)
		}
	})
}

func (c *messageList) OnDismount() {
	if c.stopResize != nil {
		c.stopResize()
	}
}

// measure reads the list's scroll position and height, so that the list
// renders every row a tall window shows. Rows rendered already that the
// list no longer shows stay until the next render: a render of its own
// would cost the first paint of the inbox a second layout.
func (c *messageList) measure() {
	if c.rendered.last > c.rendered.first {
		if rh := boxHeight(rowID(c.rendered.first)); rh > 0 && rh != rowHeight {
			rowHeight = rh // a larger text size: the window and spacers follow
			c.Update()
		}
	}
	top, h := scrollTopOf(listID)
	if h > 0 && (top != c.scrollY || h != c.viewH) {
		c.scrollY, c.viewH = top, h
		if w := visibleWindowOver(len(c.Rows), top, h, c.overscanRows()); w.first < c.rendered.first || w.last > c.rendered.last {
			c.Update()
		}
	}
}

// Render renders the visible rows only (see visibleWindow).
func (c *messageList) Render() app.UI {
	viewH := c.viewH
	if viewH <= 0 {
		// Not measured yet (the first render): the window's height bounds
		// the list's, and costs fewer rows to mount than visibleWindow's
		// guess for any screen.
		viewH = windowHeight()
	}
	w := visibleWindowOver(len(c.Rows), c.scrollY, viewH, c.overscanRows())
	c.rendered = w
	now := time.Now() // once per render: in the browser a clock read is a call out to JavaScript
	// A grid of rows with roving focus (WAI-ARIA's grid pattern): the
	// selected row is the list's one tab stop, and the arrow keys
	// (app/ui/keys.go) move the selection and the focus together. A
	// grid, not a listbox: a row holds a checkbox and, for a pending
	// deletion, a Keep button, which an option may not. aria-rowcount
	// and aria-rowindex tell assistive technology where a row stands
	// in the whole list, of which only a window is rendered.
	return app.Div().ID(listID).Class("list").Role("grid").Aria("label", i18n.T("Messages")).
		Aria("rowcount", len(c.Rows)).
		OnScroll(func(ctx app.Context, e app.Event) {
			c.scrollY, c.viewH = scrollTopOf(listID)
		}).Body(
		app.Div().Role("presentation").Style("height", itoa(int64(w.top))+"px"),
		app.Range(c.Rows[w.first:w.last]).Slice(func(i int) app.UI {
			return c.renderRow(w.first+i, now)
		}),
		app.Div().Role("presentation").Style("height", itoa(int64(w.bottom))+"px"),
	)
}

// rowID is the element ID of row i of the list.
func rowID(i int) string { return "row-" + itoa(int64(i)) }

func (c *messageList) renderRow(i int, now time.Time) app.UI {
	r := c.Rows[i]
	cls := "row"
	if !r.Read {
		cls += " unread"
	}
	if i == c.Selected {
		cls += " selected"
	}
	if c.OpenUID != "" && c.OpenUID == r.UID {
		cls += " open"
	}
	if r.PendingDelete {
		cls += " pending"
	}
	if r.LocalOnly {
		cls += " local-only"
	}
	cls += convClass(c.Conv, r.UID)
	subject := r.Subject
	if subject == "" {
		subject = i18n.T("(no subject)")
	}
	uid := r.UID
	tab := -1
	if i == c.Selected {
		tab = 0
	}
	return app.Div().ID(rowID(i)).Class(cls).Role("row").TabIndex(tab).
		Aria("rowindex", i+1).Aria("selected", i == c.Selected).DataSet("uidl", uid).
		// The scope makes go-app replace the handler when the row at this
		// position shows another message (the list is virtualised, so
		// elements are reused); without it the old closure would stay.
		OnClick(func(ctx app.Context, e app.Event) {
			if c.Actions != nil && c.Actions.OnOpen != nil {
				c.Actions.OnOpen(i, uid)
			}
		}, i, uid).Body(
		// Out of the tab order, as everything inside the grid's rows: the
		// x key ticks the selected row (keys.go).
		app.Span().Class("tick-cell").Role("gridcell").Body(
			app.Input().Type("checkbox").Class("tick").Aria("label", i18n.T("Select {0}", subject)).TabIndex(-1).
				Checked(c.Checked[uid]).OnClick(func(ctx app.Context, e app.Event) {
				e.Call("stopPropagation")
				if c.Actions != nil && c.Actions.OnTick != nil {
					c.Actions.OnTick(uid)
				}
			}, i, uid)),
		app.Span().Class("from").Role("gridcell").Body(rowSender(r.FromName, r.FromAddr)),
		app.Span().Class("date").Role("gridcell").Text(formatDate(r.Date, now)),
		app.Span().Class("subject").Role("gridcell").Body(app.Bdi().Text(subject), convCount(c.Conv, uid)),
		app.Span().Class("meta").Role("gridcell").Body(
			app.If(r.HasAttachment, app.Span().Class("clip").Role("img").Aria("label", i18n.T("Has attachments")).Title(i18n.T("Has attachments")).Text("📎")),
			app.Span().Class("size").Text(formatSize(r.Size)),
			app.If(!r.Read, app.Span().Class("dot").Role("img").Aria("label", i18n.T("Unread")).Title(i18n.T("Unread"))),
			app.If(r.LocalOnly, app.Span().Class("local-note").Text(i18n.T("Only on this device"))),
			app.If(c.Found[uid] != "", app.Span().Class("found-note").Text(c.Found[uid])),
		),
		app.If(r.PendingDelete, app.Span().Class("pending-note").Role("gridcell").Body(
			app.Text(i18n.T("Will be deleted when connected")+" "),
			app.Button().Class("link").Text(i18n.T("Keep")).Aria("label", i18n.T("Keep {0}", subject)).OnClick(func(ctx app.Context, e app.Event) {
				e.Call("stopPropagation")
				if c.Actions != nil && c.Actions.OnKeep != nil {
					c.Actions.OnKeep(uid)
				}
			}, i, uid),
		)),
	)
}
