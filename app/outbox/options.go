package outbox

import (
	"time"
)

// Options configure an Outbox. A nil *Options, and every zero field,
// means the default noted beside it.
type Options struct {
	// Now is the clock; default time.Now. Backoff, leases and the times
	// kept in entries read it. It must not block: it runs inside store
	// transactions.
	Now func() time.Time
	// Owner names this Outbox in the leases it writes; default a random
	// ID. Two Outboxes on one store must have different Owners.
	Owner string
	// Lease is how long an entry's "sending" lease lasts; default one
	// minute. It is renewed every third of it while the send runs: an
	// entry whose lease ran out belonged to a tab that stopped.
	Lease time.Duration
	// MinBackoff and MaxBackoff bound the wait before an entry that
	// failed with NotSentRetry is tried again: MinBackoff after the
	// first failure, doubling, at most MaxBackoff; defaults 30 seconds and
	// 30 minutes.
	MinBackoff, MaxBackoff time.Duration
	// OnChange, if set, is called after each change of an entry is
	// stored, with the entry as stored (without Raw); an entry that
	// reached Sent has State store.OutboxSent. It runs on the goroutine
	// that made the change and must not block.
	OnChange func(Entry)
	// Progress, if set, reports the bytes of entry id sent so far, out of
	// size, while it is sent (for a large message's progress bar).
	Progress func(id string, sent, size int64)
}

const (
	defaultLease      = time.Minute
	defaultMinBackoff = 30 * time.Second
	defaultMaxBackoff = 30 * time.Minute
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Now == nil {
		r.Now = time.Now
	}
	if r.Owner == "" {
		r.Owner = newID()
	}
	if r.Lease <= 0 {
		r.Lease = defaultLease
	}
	if r.MinBackoff <= 0 {
		r.MinBackoff = defaultMinBackoff
	}
	if r.MaxBackoff < r.MinBackoff {
		r.MaxBackoff = max(defaultMaxBackoff, r.MinBackoff)
	}
	return r
}

// backoff is the wait after the attempts-th failure (attempts >= 1).
func (o *Options) backoff(attempts int) time.Duration {
	d := o.MinBackoff
	for i := 1; i < attempts && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}
