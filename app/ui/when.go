package ui

import "github.com/maxence-charriere/go-app/v9/pkg/app"

// when renders f() only if cond holds. go-app's app.If builds its
// children before looking at the condition, so a child that dereferences
// what the condition guards (an open message, a problem) would panic;
// when defers building it. go-app drops the nil it returns otherwise.
func when(cond bool, f func() app.UI) app.UI {
	if !cond {
		return nil
	}
	return f()
}
