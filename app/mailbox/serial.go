package mailbox

import (
	"sync"
	"time"
)

// serial runs its items one at a time, in the order they were pushed, on
// a goroutine of its own that lives only while there is work: so that an
// emitter never waits for the slow side (the UI, the device's store), and
// the slow side sees things in order. The Mailbox has two: its events and
// its Store writes.
type serial[T any] struct {
	do    func(T)
	delay time.Duration // each burst waits this long before it starts
	// gate, if not nil, gives each burst, after its delay, a channel to
	// wait on before it starts; drain and drop end that wait.
	gate func() <-chan struct{}

	mu      sync.Mutex
	queue   []T
	running bool
	closed  bool // no new items
	dropped bool // and the queued ones are not run
	wg      sync.WaitGroup
	// ending is closed when closed becomes true (made lazily).
	ending chan struct{}
}

func (q *serial[T]) push(v T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.queue = append(q.queue, v)
	if !q.running {
		q.running = true
		q.wg.Add(1)
		go q.loop()
	}
}

func (q *serial[T]) loop() {
	defer q.wg.Done()
	if q.delay > 0 {
		time.Sleep(q.delay)
	}
	if q.gate != nil {
		select {
		case <-q.gate():
		case <-q.endingChan():
		}
	}
	for {
		q.mu.Lock()
		if len(q.queue) == 0 || q.dropped {
			q.running = false
			q.queue = nil
			q.mu.Unlock()
			return
		}
		v := q.queue[0]
		q.queue = q.queue[1:]
		q.mu.Unlock()
		q.do(v)
	}
}

// endingChan is the channel that drain and drop close.
func (q *serial[T]) endingChan() <-chan struct{} {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.endingLocked()
}

// endingLocked makes the ending channel if need be; q.mu is held.
func (q *serial[T]) endingLocked() chan struct{} {
	if q.ending == nil {
		q.ending = make(chan struct{})
	}
	return q.ending
}

// closeLocked refuses new items and ends a wait on the gate; q.mu is
// held. The ending channel is closed when q.closed becomes true, once.
func (q *serial[T]) closeLocked() {
	if !q.closed {
		close(q.endingLocked())
	}
	q.closed = true
}

// drain refuses new items and waits until the queued ones have run.
func (q *serial[T]) drain() {
	q.mu.Lock()
	q.closeLocked()
	q.mu.Unlock()
	q.wg.Wait()
}

// drop refuses new items and discards the queued ones, without waiting
// for the one running.
func (q *serial[T]) drop() {
	q.mu.Lock()
	q.closeLocked()
	q.dropped = true
	q.mu.Unlock()
}
