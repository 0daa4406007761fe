package mailbox

import (
	"context"
	"time"

	"github.com/poppymail/poppy/app/store"
)

// writeDelay is how long a burst of Store writes waits before it starts.
const writeDelay = 100 * time.Millisecond

// storeWriter runs Store writes one at a time, in the order they were
// asked for, on a background goroutine, so that neither the UI nor the
// network ever waits for the device. Close waits for the queue to drain,
// so a mark made just before Close is not lost.
type storeWriter struct {
	m *Mailbox
	q serial[func(context.Context, store.Mail) error]
}

// init binds the writer to m. The device's copy can wait a moment: what
// the person sees and the network come first (in the browser they share
// one thread with the writes, and a sign-in's rows, written at the end
// of its sync, would otherwise be encoded before the inbox is painted),
// and the writes of a sync gather meanwhile.
func (w *storeWriter) init(m *Mailbox) {
	w.m = m
	w.q.delay = writeDelay
	w.q.gate = m.opts.WriteGate
	w.q.do = w.write
}

func (w *storeWriter) setRead(read bool, uids []string) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.SetRead(ctx, w.m.key, read, uids) })
}

func (w *storeWriter) forget(uids []string) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.Forget(ctx, w.m.key, uids) })
}

func (w *storeWriter) putHeaders(hs []store.Header) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.PutHeaders(ctx, w.m.key, hs) })
}

func (w *storeWriter) putBody(uid string, raw []byte) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.PutBody(ctx, w.m.key, uid, raw) })
}

func (w *storeWriter) putListing(l store.Listing) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.PutListing(ctx, w.m.key, l) })
}

func (w *storeWriter) queueDeletes(uids []string) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.QueueDeletes(ctx, w.m.key, uids) })
}

func (w *storeWriter) unqueue(uids []string) {
	w.push(func(ctx context.Context, s store.Mail) error { return s.Unqueue(ctx, w.m.key, uids) })
}

func (w *storeWriter) push(fn func(context.Context, store.Mail) error) { w.q.push(fn) }

func (w *storeWriter) write(fn func(context.Context, store.Mail) error) {
	// Not bound to the Mailbox's life: Close waits for these.
	ctx, cancel := context.WithTimeout(context.Background(), w.m.opts.Timeout)
	err := fn(ctx, w.m.opts.Store)
	cancel()
	if err != nil {
		w.m.report(storeProblem(err))
	}
}

// close refuses new writes and waits for the queued ones.
func (w *storeWriter) close() { w.q.drain() }
