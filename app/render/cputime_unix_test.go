//go:build unix

package render

import (
	"syscall"
	"time"
)

// cpuTime is the user CPU time this process has used, all threads
// together (the garbage collector's included). Unlike the wall clock, it
// does not count the time spent waiting for a core that other processes
// hold, so timings stay meaningful on a busy shared machine; the
// kernel's time (page faults of fresh memory, which come and go with the
// heap's state) is left out too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return time.Duration(time.Now().UnixNano())
	}
	return time.Duration(ru.Utime.Nano())
}
