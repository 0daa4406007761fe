//go:build unix

package render

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time this process has used, all threads together.
// Unlike the wall clock, it does not count the time spent waiting for a
// core that other processes hold, so timings stay meaningful on a busy
// shared machine. (User and system time are summed: Linux splits the
// precise total between them by sampling ticks, so either alone is off
// by milliseconds.)
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
