package relay

import "time"

// clock is the time source of the session timers (idle timeout, session
// length). Tests replace it with a fake one they advance themselves, so
// that the bounds are checked exactly instead of by sleeping.
type clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) timer
}

// timer is the part of *time.Timer that sessions use.
type timer interface {
	Reset(d time.Duration) bool
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) timer { return time.AfterFunc(d, f) }
