package mailbox

import (
	"context"
	"sync"
)

// MarkRead sets the local read mark of uids. It does not wait for the
// Store, so the UI goroutine may call it; the Store is written in the
// background, in order. Without UIDL the marks last only as long as the
// session's rows, and nothing is stored.
func (m *Mailbox) MarkRead(read bool, uids ...string) {
	m.mu.Lock()
	var changed []string
	persist := m.hasUIDL
	for _, uid := range uids {
		if e := m.entries[uid]; e != nil && e.Read != read {
			e.Read = read
			changed = append(changed, uid)
			switch {
			case !persist:
			case read:
				m.read[uid] = true
			default:
				delete(m.read, uid)
			}
		}
	}
	m.view = nil
	m.mu.Unlock()
	if len(changed) == 0 {
		return
	}
	if persist {
		m.st.setRead(read, changed)
	}
	m.ev.emit(Event{Kind: EventListChanged})
}

// loadMarks reads the marks from the Store once, before the first rows
// exist (so no mark made in the UI can be overwritten). A failure is
// reported and retried at the next session.
func (m *Mailbox) loadMarks(ctx context.Context) {
	m.mu.Lock()
	done := m.marks
	m.mu.Unlock()
	if done {
		return
	}
	marks, err := m.opts.Store.ReadMarks(ctx, m.key)
	if err != nil {
		m.report(storeProblem(err))
		return
	}
	m.mu.Lock()
	m.marks = true
	for uid := range marks {
		m.read[uid] = true
	}
	for uid, e := range m.entries {
		e.Read = m.read[uid]
	}
	m.mu.Unlock()
}

func storeProblem(err error) *Problem {
	return &Problem{Kind: KindOther, Message: "Poppy could not read or save read marks on this device.", Detail: err.Error(), Err: err}
}

// storeWriter runs Store writes one at a time, in the order they were
// asked for, on a background goroutine. Close waits for the queue to
// drain, so a mark made just before Close is not lost.
type storeWriter struct {
	m       *Mailbox
	mu      sync.Mutex
	queue   []func(context.Context) error
	running bool
	closed  bool
	wg      sync.WaitGroup
}

func (w *storeWriter) setRead(read bool, uids []string) {
	w.push(func(ctx context.Context) error { return w.m.opts.Store.SetRead(ctx, w.m.key, read, uids) })
}

func (w *storeWriter) forget(uids []string) {
	w.push(func(ctx context.Context) error { return w.m.opts.Store.Forget(ctx, w.m.key, uids) })
}

func (w *storeWriter) push(fn func(context.Context) error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.queue = append(w.queue, fn)
	if !w.running {
		w.running = true
		w.wg.Add(1)
		go w.run()
	}
}

func (w *storeWriter) run() {
	defer w.wg.Done()
	for {
		w.mu.Lock()
		if len(w.queue) == 0 {
			w.running = false
			w.mu.Unlock()
			return
		}
		fn := w.queue[0]
		w.queue = w.queue[1:]
		w.mu.Unlock()
		// Not bound to the Mailbox's life: Close waits for these.
		ctx, cancel := context.WithTimeout(context.Background(), w.m.opts.Timeout)
		err := fn(ctx)
		cancel()
		if err != nil {
			w.m.report(storeProblem(err))
		}
	}
}

// close refuses new writes and waits for the queued ones.
func (w *storeWriter) close() {
	w.mu.Lock()
	w.closed = true
	w.mu.Unlock()
	w.wg.Wait()
}
