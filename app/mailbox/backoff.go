package mailbox

import "time"

// backoff returns the wait before retry number attempt (from 0): an
// exponential step min(max, base×2^attempt) with "equal jitter", a random
// point in its upper half. The jitter spreads the reconnects of many tabs
// after a server restart; keeping the lower half out means that, until the
// cap, each wait is at least as long as the longest possible one before it,
// so the backoff really grows.
func backoff(attempt int, base, max time.Duration, rnd func() float64) time.Duration {
	if base <= 0 {
		return 0
	}
	d := base
	for i := 0; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	half := d / 2
	return half + time.Duration(rnd()*float64(d-half))
}
