//go:build js && wasm

package ui

import "syscall/js"

// followFocus moves the focus to the element id, without scrolling: when
// force is set, or when the focus is inside the element within or
// nowhere (on the page's body, as after the element that had it left the
// page). It takes the focus from nothing else: a person typing in the
// search box or reading a message keeps their place.
func followFocus(within, id string, force bool) {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", id)
	if !el.Truthy() {
		return
	}
	active := doc.Get("activeElement")
	if active.Equal(el) {
		return
	}
	if !force {
		box := doc.Call("getElementById", within)
		nowhere := !active.Truthy() || active.Equal(doc.Get("body"))
		if !nowhere && !(box.Truthy() && box.Call("contains", active).Bool()) {
			return
		}
	}
	el.Call("focus", map[string]any{"preventScroll": true})
}

// hasFocusWithin reports whether the focus is on the element id or
// inside it.
func hasFocusWithin(id string) bool {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", id)
	return el.Truthy() && el.Call("contains", doc.Get("activeElement")).Bool()
}

// announce says text through the page's polite live region (#announce,
// role=status, which the Shell always renders, empty): screen readers
// read it when they are idle, without moving the focus. The Shell renders
// the region without children, so its re-renders leave the text alone.
// The same words twice are made different by a no-break space, so that
// they are read again.
func announce(text string) {
	el := js.Global().Get("document").Call("getElementById", announceID)
	if !el.Truthy() {
		return
	}
	if el.Get("textContent").String() == text {
		text += "\u00a0"
	}
	el.Set("textContent", text)
}
