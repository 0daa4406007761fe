package ui

import "sync/atomic"

// The first paint of the inbox after a sign-in comes before the work
// that the sign-in also starts and that the person does not see at once:
// the address book's update, the outbox's and drafts' reading, the
// account's record. In the browser a Go program yields to the page only
// when every goroutine waits, so that work, started with the inbox,
// would run before the page could paint the rows (profiles of the
// sign-in bench showed a few hundred milliseconds of it on a loaded
// machine). Background goroutines of that kind wait on paintGate first.

// inboxPainted holds the channel that is closed once the inbox of the
// last sign-in is painted, or that sign-in failed. Only the UI goroutine
// replaces it; the Mailbox's Store writer reads it from its own
// goroutine (mailbox.Options.WriteGate), hence the atomic.
var inboxPainted atomic.Pointer[chan struct{}]

func init() {
	c := closedChan()
	inboxPainted.Store(&c)
}

func closedChan() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}

// holdUntilPainted makes paintGate wait until the function it returns
// is called: call it on the UI goroutine when a sign-in starts, and the
// function once, after the render that shows its inbox or when it
// failed. The function opens the gate once the browser has painted the
// page as it is then (afterPaint), and calls then (if not nil; it must
// not block).
func holdUntilPainted() (release func(then func())) {
	c := make(chan struct{})
	inboxPainted.Store(&c)
	return func(then func()) {
		afterPaint(func() {
			close(c)
			if then != nil {
				then()
			}
		})
	}
}

// paintGate returns what a background goroutine started now waits on
// before its work. Call it when starting the goroutine: on the UI
// goroutine, or, as the Mailbox's Store writer does, when the work is
// about to start.
func paintGate() <-chan struct{} { return *inboxPainted.Load() }
