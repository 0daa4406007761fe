package ui

import (
	"reflect"
	"testing"

	"github.com/poppymail/poppy/app/mailbox"
)

// go-app renders a child component again only when one of its fields is
// not reflect.DeepEqual to the last render's. The list's fields from two
// renders of the Shell with nothing changed must be equal (else every
// render of the page, a progress tick or a mailbox event, renders and
// diffs every visible row), and a tick, a new selection or new rows must
// make them differ (else the list would not show them).
func TestMessageListRendersOnlyOnChange(t *testing.T) {
	rows := []mailbox.Summary{{UID: "a", Subject: "One"}, {UID: "b", Subject: "Two"}}
	s := &Shell{shown: rows, checked: map[string]bool{}}
	fields := func() *messageList { return s.messageList().(*messageList) }
	same := func(a, b *messageList) bool {
		return reflect.DeepEqual(reflect.Indirect(reflect.ValueOf(a)).Interface(), reflect.Indirect(reflect.ValueOf(b)).Interface())
	}

	a, b := fields(), fields()
	if !same(a, b) {
		t.Fatal("two renders with nothing changed give the list different fields: it would render every row again")
	}
	s.shown = append([]mailbox.Summary(nil), rows...) // the same rows, read again
	if c := fields(); !same(a, c) {
		t.Error("the same rows read again give the list different fields")
	}

	// Positive controls: what the list shows changed.
	a.Actions.OnTick("b")
	if c := fields(); same(a, c) || !c.Checked["b"] {
		t.Errorf("a tick left the list's fields as they were (Checked %v)", c.Checked)
	}
	a = fields()
	s.selected = 1
	if c := fields(); same(a, c) {
		t.Error("a new selection left the list's fields as they were")
	}
	a = fields()
	s.shown = append(s.shown[:1:1], mailbox.Summary{UID: "b", Subject: "Two", Read: true})
	if c := fields(); same(a, c) {
		t.Error("a row marked read left the list's fields as they were")
	}
}
