package ui

import "github.com/poppymail/poppy/app/i18n"

// The horizontal arrows go toward a side of the page, and the page
// mirrors for a right-to-left language: the reader is right of the list
// left to right, left of it right to left. The shortcuts table names the
// arrows as they act left to right; logicalArrow turns the key pressed
// into that name, and shownArrow the table's name into the arrow a
// person presses, so both the keys and the help mirror with the page.

// logicalArrow is the left-to-right name of key in a page of direction
// dir: in "rtl", ArrowLeft and ArrowRight swap.
func logicalArrow(key, dir string) string {
	if dir != "rtl" {
		return key
	}
	switch key {
	case "ArrowLeft":
		return "ArrowRight"
	case "ArrowRight":
		return "ArrowLeft"
	}
	return key
}

// shownArrow mirrors the arrows of a shortcut's label in a page of
// direction dir.
func shownArrow(label, dir string) string {
	if dir != "rtl" {
		return label
	}
	switch label {
	case "→":
		return "←"
	case "←":
		return "→"
	}
	return label
}

// pageDir is the current language's direction.
func pageDir() string { return i18n.Current().Dir() }
