//go:build !js

package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
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

// warmTimeout bounds the wait for the app's warm-up and the renderer's
// quiet after it, which come within seconds of the form going live here.
const warmTimeout = 30 * time.Second

// quietWindow and quietCPU say when a renderer, or a whole browser,
// counts as quiet: it spent under quietCPU of CPU, on all its threads,
// over the last quietWindow.
const (
	quietWindow = 300 * time.Millisecond
	quietCPU    = 6 * time.Millisecond
)

// waitWarm waits until the app's warm-up ended (the mark
// "poppy-warm-done", app/warm_js.go) and then until the page's renderer
// is quiet: V8 optimizes the functions the warm-up made hot on its own
// threads for a while after, as it does during the seconds a person
// types. It returns how long after the app's form went live
// ("poppy-app-signin-live") the renderer was quiet, in ms. A warm-up that
// does not end in time is an error: the figure would then be the other
// one under another name. Where /proc is not there the renderer counts
// as quiet at once.
func waitWarm(ctx context.Context) (float64, error) {
	live, err := chromedp.Run(ctx, chromedp.Poll[float64](`(() => {
		const done = performance.getEntriesByName("poppy-warm-done", "mark")[0];
		const live = performance.getEntriesByName("poppy-app-signin-live", "mark")[0];
		return done && live && Math.max(live.startTime, 0.001);
	})()`, chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(warmTimeout)))
	if err != nil {
		return 0, fmt.Errorf("the app's warm-up did not end within %v of its form going live (%w)", warmTimeout, err)
	}
	cpu := func() time.Duration { return rendererMainCPU(ctx) + rendererOtherCPU(ctx) }
	if err := waitQuiet(ctx, cpu, warmTimeout); err != nil {
		return 0, fmt.Errorf("the page's renderer did not go quiet within %v of the app's warm-up (%w)", warmTimeout, err)
	}
	now, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`performance.now()`))
	if err != nil {
		return 0, err
	}
	return now - live, nil
}

// errNotQuiet is waitQuiet's error when its time ran out.
var errNotQuiet = errors.New("still busy")

// waitQuiet waits until cpu, a CPU time that only grows, grew by less than
// quietCPU over the last quietWindow, sampling it three times per window.
// After timeout it returns errNotQuiet.
func waitQuiet(ctx context.Context, cpu func() time.Duration, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(quietWindow / 3)
	defer tick.Stop()
	var window []time.Duration // the samples of the last quietWindow
	for {
		window = append(window, cpu())
		if n := len(window); n > 3 {
			window = window[n-4:]
			if window[3]-window[0] < quietCPU {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return errNotQuiet
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}
