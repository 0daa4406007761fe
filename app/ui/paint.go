package ui

import (
	"sync"
	"time"
)

// The first paint of the inbox after a sign-in comes before the work
// that the sign-in also starts and that the person does not see at once:
// the address book's update, the outbox's and drafts' reading, the
// account's record. In the browser a Go program yields to the page only
// when every goroutine waits, so that work, started with the inbox,
// would run before the page could paint the rows (the sign-in bench
// measured a few hundred milliseconds of it on a loaded machine).
// Background goroutines of that kind wait on paintGate first.

// gate is closed once the inbox is painted, or when waiting no longer
// makes sense; closing it twice is harmless.
type gate struct {
	once sync.Once
	ch   chan struct{}
}

func (g *gate) open() { g.once.Do(func() { close(g.ch) }) }

var (
	// inboxGate is the current gate; only the UI goroutine replaces it.
	inboxGate = openGate()
)

func openGate() *gate {
	g := &gate{ch: make(chan struct{})}
	g.open()
	return g
}

// gateTimeout bounds how long a gate stays closed: a sign-in that never
// shows the inbox (it failed) holds nothing back for long.
const gateTimeout = 2 * time.Minute

// holdUntilPainted closes a new gate until releaseAfterPaint opens it.
// Call it on the UI goroutine when a sign-in starts.
func holdUntilPainted() {
	inboxGate.open()
	g := &gate{ch: make(chan struct{})}
	time.AfterFunc(gateTimeout, g.open)
	inboxGate = g
}

// releaseAfterPaint opens the current gate, and calls then (if not nil;
// it must not block), once the browser has painted the page as it is now
// (afterPaint). Call it on the UI goroutine after the render that shows
// the inbox, or when the sign-in failed.
func releaseAfterPaint(then func()) {
	g := inboxGate
	afterPaint(func() {
		g.open()
		if then != nil {
			then()
		}
	})
}

// paintGate returns what a background goroutine started now waits on
// before its work. Call it on the UI goroutine, when starting the
// goroutine.
func paintGate() <-chan struct{} { return inboxGate.ch }
