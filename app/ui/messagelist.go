package ui

import (
	"strconv"
	"strings"
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
		}).
		OnClick(c.onListClick).Body(
		app.Div().Role("presentation").Style("height", itoa(int64(w.top))+"px"),
		app.Range(c.Rows[w.first:w.last]).Slice(func(i int) app.UI {
			return c.renderRow(w.first+i, now)
		}),
		app.Div().Role("presentation").Style("height", itoa(int64(w.bottom))+"px"),
	)
}

// rowID is the element ID of row i of the list.
func rowID(i int) string { return "row-" + itoa(int64(i)) }

// renderRow is row i: HTML that the browser parses in one call
// (rowhtml.go says why).
func (c *messageList) renderRow(i int, now time.Time) app.UI {
	return app.Raw(c.rowHTML(i, now))
}

// onListClick takes the clicks of every row (rowhtml.go): on the tick
// box it ticks the row, on the Keep button it keeps the message, anywhere
// else in a row it opens the message. A row of an earlier render, which
// no longer shows the message it did, is ignored.
func (c *messageList) onListClick(ctx app.Context, e app.Event) {
	t := e.Get("target")
	if c.Actions == nil || !t.Truthy() || t.Get("closest").Type() != app.TypeFunction {
		return
	}
	row := t.Call("closest", "[role=row]")
	if !row.Truthy() {
		return
	}
	i, err := strconv.Atoi(strings.TrimPrefix(row.Get("id").String(), "row-"))
	uid := row.Call("getAttribute", "data-uidl").String()
	if err != nil || i < 0 || i >= len(c.Rows) || c.Rows[i].UID != uid {
		return
	}
	switch {
	case t.Call("closest", "input.tick").Truthy():
		if c.Actions.OnTick != nil {
			c.Actions.OnTick(uid)
		}
	case t.Call("closest", "button.keep").Truthy():
		if c.Actions.OnKeep != nil {
			c.Actions.OnKeep(uid)
		}
	default:
		if c.Actions.OnOpen != nil {
			c.Actions.OnOpen(i, uid)
		}
	}
}
