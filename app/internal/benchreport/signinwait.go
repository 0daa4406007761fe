//go:build !js

package main

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// rendererMainWait returns how long the main threads of the renderer
// processes of ctx's browser have so far been ready to run but waited
// for a CPU (the run queue: the second field of
// /proc/PID/task/PID/schedstat, in nanoseconds). On a machine whose
// CPUs other work keeps busy, this is the part of the page's wall time
// that no change to the app's code takes away: on the 2-CPU machine
// that runs `make bench` beside other jobs, the sign-in's main thread
// waited for a CPU about three times as long as it ran while the
// headers came in, with every byte already sent by the bridge. It
// returns 0 where /proc or schedstat is not there.
func rendererMainWait(ctx context.Context) time.Duration {
	var wait int64
	for _, b := range rendererMainFiles(ctx, "schedstat") {
		if f := strings.Fields(string(b)); len(f) >= 2 {
			ns, _ := strconv.ParseInt(f[1], 10, 64)
			wait += ns
		}
	}
	return time.Duration(wait)
}
