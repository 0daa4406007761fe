//go:build !js

package main

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"

	"github.com/poppymail/poppy/internal/measure"
)

var profileDir = flag.String("profile-dir", "", "record Chromium's CPU profiles into this folder (.cpuprofile files that DevTools opens): of the first full path (signin.cpuprofile) and of the last opening on each TLS path (tls-PATH.cpuprofile), and print their busiest functions; Go's function names need an app built without -s -w")

// startProfile starts Chromium's sampling profiler in the page of ctx if
// -profile-dir names a folder and name is not ""; the function it returns stops it, writes
// the profile to the file name in that folder, and returns the shares
// of the busy samples (see logProfile).
func startProfile(ctx context.Context, name string) (stop func() (string, error), err error) {
	if *profileDir == "" || name == "" {
		return func() (string, error) { return "", nil }, nil
	}
	if _, err := chromedp.Call(ctx, profiler.Enable, cdp.Empty{}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		return nil, err
	}
	if _, err := chromedp.Call(ctx, profiler.Start, cdp.Empty{}); err != nil {
		return nil, err
	}
	return func() (string, error) {
		res, err := chromedp.Call(ctx, profiler.Stop, cdp.Empty{})
		if err != nil {
			return "", err
		}
		b, err := json.Marshal(res.Profile)
		if err != nil {
			return "", err
		}
		file := filepath.Join(*profileDir, name)
		if err := os.WriteFile(file, b, 0o644); err != nil {
			return "", err
		}
		return logProfile(file, res.Profile), nil
	}, nil
}

// logProfile prints the functions with the most self samples, and
// returns the share of the busy samples (not idle) spent in the Go
// garbage collector, header parsing, go-app, TLS's cryptography, and the
// browser's own work (style, layout, paint: V8's "(program)"). Samples are counted,
// not weighted by the time between them: on a loaded machine a process
// that waited for a CPU shows one long gap, which says nothing of what
// it was doing.
func logProfile(file string, p *profiler.Profile) string {
	byID := map[int64]*profiler.ProfileNode{}
	parent := map[int64]int64{}
	for _, n := range p.Nodes {
		byID[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	self := map[string]int{}
	parts := []struct {
		name  string
		match func(fn string) bool
		n     int
	}{
		{name: "Go GC", match: func(fn string) bool {
			return strings.HasPrefix(fn, "runtime.gc") || strings.HasPrefix(fn, "runtime.bgsweep") || strings.HasPrefix(fn, "runtime.markroot")
		}},
		{name: "parsing headers", match: func(fn string) bool { return strings.HasSuffix(fn, "app_mailbox.parseSummary") }},
		{name: "go-app", match: func(fn string) bool { return strings.Contains(fn, "go_app_v9") }},
		{name: "TLS records (crypto/tls, its ciphers)", match: func(fn string) bool {
			return strings.HasPrefix(fn, "crypto_tls.") || strings.HasPrefix(fn, "crypto_internal_") || strings.HasPrefix(fn, "golang.org_x_crypto_")
		}},
		{name: "the browser's own work", match: func(fn string) bool { return fn == "(program)" }},
	}
	busy := 0
	for _, id := range p.Samples {
		n := byID[id]
		if n == nil {
			continue
		}
		name := n.CallFrame.FunctionName
		if name == "(idle)" {
			continue
		}
		busy++
		self[name]++
		for i := range parts {
			for q, ok := id, true; ok; q, ok = parent[q] {
				if parts[i].match(byID[q].CallFrame.FunctionName) {
					parts[i].n++
					break
				}
			}
		}
	}
	type fn struct {
		name string
		n    int
	}
	var fns []fn
	for k, v := range self {
		fns = append(fns, fn{k, v})
	}
	slices.SortFunc(fns, func(a, b fn) int { return cmp.Compare(b.n, a.n) })
	measure.Logf("CPU profile written to %s: %d busy samples; busiest functions (self samples):", file, busy)
	for _, f := range fns[:min(len(fns), 40)] {
		fmt.Fprintf(os.Stderr, "  %6d %5.1f%%  %s\n", f.n, 100*float64(f.n)/float64(max(busy, 1)), f.name)
	}
	var sum []string
	for _, pt := range parts {
		sum = append(sum, fmt.Sprintf("%s %.0f%%", pt.name, 100*float64(pt.n)/float64(max(busy, 1))))
	}
	summary := strings.Join(sum, ", ")
	measure.Logf("CPU profile: %s", summary)
	return summary
}

// browserCPU returns the CPU time (user and system, all threads) spent so
// far by the browser of ctx and every process it started (renderers, GPU,
// network service), from /proc. On a machine shared with other work, the
// time a sign-in keeps the CPU busy is steadier than its wall time. It
// returns 0 where /proc is not there.
func browserCPU(ctx context.Context) time.Duration {
	root := browserPID(ctx)
	entries, err := os.ReadDir("/proc")
	if root == 0 || err != nil {
		return 0
	}
	type proc struct {
		ppid  int
		ticks int64
	}
	procs := map[int]proc{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		f := statFields(b)
		if len(f) < 13 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		procs[pid] = proc{ppid, statTicks(f)}
	}
	var ticks int64
	for pid, p := range procs {
		for q := pid; q > 1; q = procs[q].ppid {
			if q == root {
				ticks += p.ticks
				break
			}
			if _, ok := procs[q]; !ok {
				break
			}
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// rendererMainCPU returns the CPU time spent so far by the main threads
// of the renderer processes of ctx's browser: the page's own work
// (script, wasm, style, layout), without the browser's other processes
// and threads (network, storage, GPU, compositing), which a change to
// the app hardly moves and a shared machine makes vary. A process's main
// thread has the process's ID (/proc/PID/task/PID/stat). It returns 0
// where /proc is not there.
func rendererMainCPU(ctx context.Context) time.Duration {
	var ticks int64
	for _, b := range rendererMainFiles(ctx, "stat") {
		if f := statFields(b); len(f) >= 13 {
			ticks += statTicks(f)
		}
	}
	return time.Duration(ticks) * time.Second / clockTicks
}

// rendererOtherCPU returns the CPU time spent so far by the renderer
// processes of ctx's browser in every thread but their main ones: a
// process's stat counts all its threads, those that have ended too.
// During a sign-in that is chiefly V8 optimizing the wasm's hot
// functions (TurboFan, on the renderer's thread pool), which takes the
// CPUs the main thread waits for (docs/architecture.md, "What the main
// thread waits for"). It returns 0 where /proc is not there.
func rendererOtherCPU(ctx context.Context) time.Duration {
	var ticks int64
	for _, b := range rendererFiles(ctx, func(pid string) string { return filepath.Join("/proc", pid, "stat") }) {
		if f := statFields(b); len(f) >= 13 {
			ticks += statTicks(f)
		}
	}
	return time.Duration(ticks)*time.Second/clockTicks - rendererMainCPU(ctx)
}

// rendererMainFiles reads the file name (stat, schedstat…) of the main
// thread of each renderer process of ctx's browser:
// /proc/PID/task/PID/name, a process's main thread having its ID. It
// returns nothing where /proc is not there.
func rendererMainFiles(ctx context.Context, name string) [][]byte {
	return rendererFiles(ctx, func(pid string) string { return filepath.Join("/proc", pid, "task", pid, name) })
}

// rendererFiles reads the file at path(PID) for each renderer process
// of ctx's browser.
func rendererFiles(ctx context.Context, path func(pid string) string) [][]byte {
	root := browserPID(ctx)
	entries, err := os.ReadDir("/proc")
	if root == 0 || err != nil {
		return nil
	}
	var out [][]byte
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		cmd, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil || !bytes.Contains(cmd, []byte("--type=renderer")) || !descends(pid, root) {
			continue
		}
		if b, err := os.ReadFile(path(e.Name())); err == nil {
			out = append(out, b)
		}
	}
	return out
}

// descends reports whether process pid is root or one of its
// descendants.
func descends(pid, root int) bool {
	for q := pid; q > 1; {
		if q == root {
			return true
		}
		b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(q), "stat"))
		if err != nil {
			return false
		}
		f := statFields(b)
		if len(f) < 2 {
			return false
		}
		q, _ = strconv.Atoi(f[1])
	}
	return false
}

// statFields splits a /proc stat line after the command name, which is
// in parentheses and may hold spaces (so the fields are counted from
// its closing parenthesis): field 0 is the state.
func statFields(b []byte) []string {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on
// Linux everywhere but a few architectures nobody runs this on.
const clockTicks = 100

// browserPID is the process ID of ctx's browser, or 0 without one.
func browserPID(ctx context.Context) int {
	c := chromedp.FromContext(ctx)
	if c == nil || c.Browser == nil || c.Browser.Process() == nil {
		return 0
	}
	return c.Browser.Process().Pid
}

// statTicks is the user and system time of a process or thread, from
// the fields of its stat line after the command name (statFields, at
// least 13), in clock ticks.
func statTicks(f []string) int64 {
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return utime + stime
}
