package mailbox

import (
	"sync"
	"testing"
	"time"
)

// undoClock ends undo windows when the test says so. Its afterFunc stands
// in for time.AfterFunc in Options.undoTimer, so a test neither sleeps
// past a window nor hopes that the commit has happened by then.
type undoClock struct {
	mu     sync.Mutex
	timers []*fakeTimer
}

type fakeTimer struct {
	c       *undoClock
	f       func()
	stopped bool
	ended   bool
}

func (c *undoClock) afterFunc(_ time.Duration, f func()) stopper {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{c: c, f: f}
	c.timers = append(c.timers, t)
	return t
}

func (t *fakeTimer) Stop() bool {
	t.c.mu.Lock()
	defer t.c.mu.Unlock()
	was := !t.stopped && !t.ended
	t.stopped = true
	return was
}

// started is how many undo windows have been opened (one per Delete that
// took a row).
func (c *undoClock) started() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.timers)
}

// end ends the windows numbered which (in the order the Deletes opened
// them; all that have not ended yet if none is given) and returns when
// their callbacks have returned, which for a commit is after the server
// answered. A stopped timer's callback runs too, as it would have had it
// fired at the moment Stop was called: the Mailbox must cope with that.
func (c *undoClock) end(t *testing.T, which ...int) {
	t.Helper()
	c.mu.Lock()
	if len(which) == 0 {
		for i := range c.timers {
			which = append(which, i)
		}
	}
	var run []func()
	for _, i := range which {
		if i >= len(c.timers) {
			c.mu.Unlock()
			t.Fatalf("undo window %d ended, but only %d started", i, len(c.timers))
		}
		if tm := c.timers[i]; !tm.ended {
			tm.ended = true
			run = append(run, tm.f)
		}
	}
	c.mu.Unlock()
	var wg sync.WaitGroup
	for _, f := range run {
		wg.Go(f) // time.AfterFunc runs f on a goroutine of its own
	}
	wg.Wait()
}
