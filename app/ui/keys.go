package ui

import (
	"github.com/maxence-charriere/go-app/v9/pkg/app"
)

// onKey implements the keyboard shortcuts (see renderHelp). Keys typed
// into a text field are the user's text, not commands.
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
	switch e.Get("key").String() {
	case "j", "ArrowDown":
		s.move(1)
	case "k", "ArrowUp":
		s.move(-1)
	case "Enter":
		if s.selected >= 0 && s.selected < len(s.shown) {
			s.openMessage(ctx, s.shown[s.selected].UID)
		}
	case "Delete", "Backspace":
		switch {
		case s.open != nil:
			s.deleteUIDs(ctx, []string{s.open.uid})
		case len(s.checked) > 0:
			s.deleteChecked(ctx)
		case s.selected >= 0 && s.selected < len(s.shown):
			s.deleteUIDs(ctx, []string{s.shown[s.selected].UID})
		default:
			return
		}
	case "u", "Escape":
		if s.help {
			s.help = false
		} else {
			s.closeMessage()
		}
	case "/":
		focusID("search")
	case "r":
		s.refresh(ctx)
	case "?":
		s.help = !s.help
	default:
		return
	}
	e.PreventDefault()
	s.Update()
}

func (s *Shell) move(d int) {
	if len(s.shown) == 0 {
		return
	}
	s.selected = min(max(s.selected+d, 0), len(s.shown)-1)
	scrollRowIntoView(listID, s.selected)
}
