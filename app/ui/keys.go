package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
	"github.com/poppymail/poppy/app/i18n"
)

// shortcut is one keyboard shortcut: the keys (KeyboardEvent.key values)
// that do it, how the in-app help names them, what it does, and the
// action. onKey and renderHelp both read shortcuts, so the help lists
// every key the app answers and cannot drift from it.
type shortcut struct {
	keys []string
	// shown is how the help names the keys, a catalog key: a
	// language names them as its keyboards are labelled (German Pos1,
	// Entf, Umschalt; Arabic and Polish keyboards keep the Latin
	// keycaps).
	shown string
	does  string
	// act does it, and reports whether it did anything: a key that
	// did nothing is left to the browser.
	act func(s *Shell, ctx app.Context) bool
}

var shortcuts = []shortcut{
	{[]string{"j", "ArrowDown"}, i18n.Key("j or ↓"), i18n.Key("select the next message"), func(s *Shell, _ app.Context) bool { s.move(1); return true }},
	{[]string{"k", "ArrowUp"}, i18n.Key("k or ↑"), i18n.Key("select the previous message"), func(s *Shell, _ app.Context) bool { s.move(-1); return true }},
	{[]string{"Home"}, i18n.Key("Home"), i18n.Key("select the first message"), func(s *Shell, _ app.Context) bool { s.move(-len(s.shown)); return true }},
	{[]string{"End"}, i18n.Key("End"), i18n.Key("select the last message"), func(s *Shell, _ app.Context) bool { s.move(len(s.shown)); return true }},
	{[]string{"x"}, "x", i18n.Key("tick or untick the selected message, for a delete of several"), (*Shell).tickSelected},
	{[]string{"Enter"}, i18n.Key("Enter"), i18n.Key("open the selected message"), func(s *Shell, _ app.Context) bool {
		if s.selected >= 0 && s.selected < len(s.shown) {
			s.openMessage(s.shown[s.selected].UID)
		}
		return true
	}},
	// The horizontal arrows go toward the reader and back to the list,
	// which sit the other way round right to left: onKey and the help
	// mirror them there (keys_dir.go).
	{[]string{"ArrowRight"}, "→", i18n.Key("open the selected message, in the reader beside the list"), func(s *Shell, _ app.Context) bool {
		if s.selected >= 0 && s.selected < len(s.shown) {
			s.openMessage(s.shown[s.selected].UID)
		}
		return true
	}},
	{[]string{"ArrowLeft"}, "←", i18n.Key("close the message and go back to the list"), func(s *Shell, _ app.Context) bool {
		s.closeMessage()
		return true
	}},
	{[]string{"Delete", "Backspace"}, i18n.Key("Delete or Backspace"), i18n.Key("delete the open message; else the ticked messages; else the selected one (Undo stays offered for five seconds)"), (*Shell).deleteByKey},
	{[]string{"z"}, "z", i18n.Key("undo the last deletion, while Undo is offered"), func(s *Shell, _ app.Context) bool { return s.undoDelete() }},
	{[]string{"u", "Escape"}, i18n.Key("u or Escape"), i18n.Key("hide this help; else close the message and go back to the list (in a text field, Escape leaves the field)"), func(s *Shell, _ app.Context) bool {
		if s.help {
			s.showHelp(false)
		} else {
			s.closeMessage()
		}
		return true
	}},
	{[]string{"/"}, "/", i18n.Key("go to the search box"), func(*Shell, app.Context) bool { focusID("search"); return true }},
	{[]string{"c"}, "c", i18n.Key("write a new message"), func(s *Shell, _ app.Context) bool { s.startCompose(composeNew); return true }},
	{[]string{"r"}, "r", i18n.Key("reply to the open or selected message"), func(s *Shell, _ app.Context) bool { return s.composeAbout(composeReply) }},
	{[]string{"a"}, "a", i18n.Key("reply to all its recipients"), func(s *Shell, _ app.Context) bool { return s.composeAbout(composeReplyAll) }},
	{[]string{"f"}, "f", i18n.Key("forward it (the original attached)"), func(s *Shell, _ app.Context) bool { return s.composeAbout(composeForward) }},
	// Shift+R: r replies, as in Gmail and most mail programs.
	{[]string{"R"}, i18n.Key("Shift+R"), i18n.Key("check for new mail"), func(s *Shell, ctx app.Context) bool { s.refresh(ctx); return true }},
	{[]string{"?"}, "?", i18n.Key("show or hide this help"), func(s *Shell, _ app.Context) bool { s.showHelp(!s.help); return true }},
}

// findShortcut is the shortcut for a KeyboardEvent.key, if any.
func findShortcut(key string) (shortcut, bool) {
	for _, sc := range shortcuts {
		for _, k := range sc.keys {
			if k == key {
				return sc, true
			}
		}
	}
	return shortcut{}, false
}

// onKey implements the keyboard shortcuts. Keys typed into a text field
// are the user's text, not commands.
func (s *Shell) onKey(ctx app.Context, e app.Event) {
	if s.mbox == nil {
		return
	}
	tag := e.Get("target").Get("tagName").String()
	if tag == "INPUT" || tag == "TEXTAREA" || tag == "SELECT" {
		if e.Get("key").String() == "Escape" {
			// Leave the field as it is: Chromium's own Escape would empty
			// a search box without an input event, leaving the list
			// filtered by text the box no longer shows.
			e.PreventDefault()
			e.Get("target").Call("blur")
		}
		return
	}
	if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
		return
	}
	key := e.Get("key").String()
	if (key == "Enter" || key == " ") && (tag == "BUTTON" || tag == "A" || tag == "SUMMARY") {
		return // the control's own key: Enter on Undo presses Undo
	}
	sc, ok := findShortcut(logicalArrow(key, pageDir()))
	if !ok || !sc.act(s, ctx) {
		return
	}
	e.PreventDefault()
	s.Update()
}

// deleteByKey deletes the open message, else the ticked ones, else the
// selected one.
func (s *Shell) deleteByKey(ctx app.Context) bool {
	switch {
	case s.openUID != "":
		s.deleteUIDs(ctx, []string{s.openUID})
	case len(s.checked) > 0:
		s.deleteChecked(ctx)
	case s.selected >= 0 && s.selected < len(s.shown):
		s.deleteUIDs(ctx, []string{s.shown[s.selected].UID})
	default:
		return false
	}
	return true
}

// tickSelected ticks the selected row, or unticks it: the keyboard's
// way to the row's checkbox, which is out of the tab order (the list
// has one tab stop, its selected row).
func (s *Shell) tickSelected(app.Context) bool {
	if s.selected < 0 || s.selected >= len(s.shown) {
		return false
	}
	uid := s.shown[s.selected].UID
	if s.checked[uid] {
		delete(s.checked, uid)
	} else {
		s.checked[uid] = true
	}
	return true
}

// move moves the selection by d rows, and the focus with it when the
// focus is in the list or nowhere (messageList.OnUpdate).
func (s *Shell) move(d int) {
	if len(s.shown) == 0 {
		return
	}
	s.selected = min(max(s.selected+d, 0), len(s.shown)-1)
	scrollRowIntoView(listID, s.selected)
}

// helpCloseID is the help's Close button, which takes the focus when
// the help opens: a dialog has the focus while it is open.
const helpCloseID = "help-close"

// showHelp shows or hides the shortcuts' help. Shown, it takes the
// focus; hidden, it gives the focus to the selected row if the focus
// left with it.
func (s *Shell) showHelp(on bool) {
	s.help = on
	if s.ctx == nil {
		return
	}
	s.ctx.Defer(func(app.Context) {
		if on {
			focusID(helpCloseID)
		} else if s.selected >= 0 && s.selected < len(s.shown) {
			followFocus(listID, rowID(s.selected), false)
		}
	})
}

// renderHelp lists every shortcut, from the table onKey uses.
func (s *Shell) renderHelp() app.UI {
	return app.Div().Class("help").Role("dialog").Aria("label", i18n.T("Keyboard shortcuts")).Body(
		app.H2().Text(i18n.T("Keyboard shortcuts")),
		app.Dl().Body(app.Range(shortcuts).Slice(func(i int) app.UI {
			sc := shortcuts[i]
			return app.Div().Body(app.Dt().Body(app.Kbd().Text(shownArrow(i18n.T(sc.shown), pageDir()))), app.Dd().Text(i18n.T(sc.does)))
		})),
		app.Button().ID(helpCloseID).Text(i18n.T("Close")).OnClick(func(ctx app.Context, e app.Event) { s.showHelp(false) }),
	)
}
