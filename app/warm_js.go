//go:build js && wasm

package main

import (
	"context"
	"syscall/js"
	"time"

	"github.com/poppymail/poppy/app/mailbox"
)

// warmMessages is the size of the warm-up's made-up mailbox: enough for
// every function of a sign-in's sync to run (and so be compiled), and
// for the header loop's to run often enough that V8 starts optimizing
// them.
const warmMessages = 300

// warmWait is how long the warm-up waits for the sign-in form.
const warmWait = 30 * time.Second

// warmIdleMargin is the idle time left, in ms, below which the warm-up
// gives the page back until its next idle period.
const warmIdleMargin = 3

// warmWhenIdle runs mailbox.Warm in the page's idle periods
// (requestIdleCallback) once the app's own sign-in form is live (the
// performance mark "poppy-app-signin-live": "poppy-signin-usable" comes
// earlier, from the page's shell, before this code runs), and stops as soon as a sign-in starts (the
// mark "poppy-signin-click"): it is for the time the person types, and
// holds up neither the page's start nor a sign-in. Once done, it sets
// the mark "poppy-warm-done". In a browser without
// requestIdleCallback, or a page that shows a saved account instead of
// the form, it does nothing.
func warmWhenIdle() {
	g := js.Global()
	perf := g.Get("performance")
	if !g.Get("requestIdleCallback").Truthy() || !perf.Truthy() || !perf.Get("getEntriesByName").Truthy() {
		return
	}
	marked := func(name string) bool {
		return perf.Call("getEntriesByName", name, "mark").Length() > 0
	}
	idle := make(chan js.Value, 1)
	onIdle := js.FuncOf(func(_ js.Value, args []js.Value) any {
		idle <- args[0]
		return nil
	})
	next := func() js.Value {
		g.Call("requestIdleCallback", onIdle)
		return <-idle
	}
	go func() {
		defer onIdle.Release()
		// Idle periods come only once the page's start-up work is done;
		// checking in each is the cheapest way to wait for the mark. A
		// page that rendered without the form (an account opened), or a
		// form that stays unusable, ends the wait.
		start := time.Now()
		deadline := next()
		for !marked("poppy-app-signin-live") {
			if time.Since(start) > warmWait || marked("poppy-first-render") && !g.Get("document").Call("querySelector", "form#signin").Truthy() {
				return
			}
			deadline = next()
		}
		pause := func() bool {
			if marked("poppy-signin-click") {
				return false
			}
			if deadline.Call("timeRemaining").Float() > warmIdleMargin {
				return true
			}
			deadline = next()
			return !marked("poppy-signin-click")
		}
		// An error says only that the warm-up was stopped or failed: a
		// sign-in is then as it would have been without it. The mark
		// lets the benchmark tell whether the warm-up ended before its
		// click (app/internal/benchreport).
		if _, err := mailbox.Warm(context.Background(), warmMessages, pause); err == nil {
			perf.Call("mark", "poppy-warm-done")
		}
	}()
}
