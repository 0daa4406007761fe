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
// read it when they are idle, without moving the focus. Each text is a
// line of its own, added to the region, so that two said at once (a
// sync's end, then its new mail) are both read; the oldest go beyond
// announceKeep. The Shell renders the region without children, so its
// re-renders leave the lines alone.
func announce(text string) {
	doc := js.Global().Get("document")
	el := doc.Call("getElementById", announceID)
	if !el.Truthy() {
		return
	}
	line := doc.Call("createElement", "div")
	line.Set("textContent", text)
	el.Call("append", line)
	for el.Get("childElementCount").Int() > announceKeep {
		el.Get("firstElementChild").Call("remove")
	}
}

// announceKeep is how many lines the live region keeps.
const announceKeep = 3

// boxHeight is the rendered height of the element id in whole px, or 0.
func boxHeight(id string) int {
	el := js.Global().Get("document").Call("getElementById", id)
	if !el.Truthy() {
		return 0
	}
	return int(el.Call("getBoundingClientRect").Get("height").Float() + 0.5)
}
