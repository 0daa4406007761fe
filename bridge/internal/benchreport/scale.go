//go:build unix

package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/poppymail/poppy/pop3"
)

// scaleReport is n idle sessions through HAProxy, spread over the
// replicas: the memory each replica grew by per session it holds, and what
// HAProxy and the processes' descriptors cost.
type scaleReport struct {
	n         int
	replicas  []replicaIdle
	openedIn  time.Duration
	worstHeap float64 // heap+stacks per session, the worst replica
	worstRSS  float64
	hapRSS    float64 // HAProxy's VmRSS growth per session
	haproxies int     // HAProxy instances the sessions were spread over
	// CPU per session opened (WebSocket, greeting, login, STAT): all
	// replicas together, HAProxy, and this process (clients and POP3
	// server).
	openBridgeCPU, openHAProxyCPU, openClientCPU time.Duration
	// CPU per idle session per second over idleWindow: replicas,
	// HAProxy.
	idleBridgeCPU, idleHAProxyCPU time.Duration
	// Open descriptors with the sessions open.
	fdsBench, fdsPOP3       int
	fdsHAProxy, fdsReplicas []int
	nofileBench, nofileHard uint64 // this process's RLIMIT_NOFILE
	nofileHAProxy           string // HAProxy's, from /proc/PID/limits
	portRange               [2]int // net.ipv4.ip_local_port_range
}

type replicaIdle struct {
	sessions           int
	heapStack, rss     float64 // per session
	heap, stack, gorts float64
}

const idleWindow = 2 * time.Second

// measureScale opens n sessions through HAProxy (each logged in and past
// STAT, as the 2000-session figure), holds them idle, and reads every
// replica's memory before and after.
func measureScale(rs *replicaSet, n int) (*scaleReport, error) {
	rep := &scaleReport{n: n, haproxies: len(rs.haps), nofileBench: fdLimit(), nofileHard: fdHardLimit(), portRange: portRange()}
	before := make([]memStats, len(rs.bridges))
	for i, b := range rs.bridges {
		if err := b.waitIdle(30 * time.Second); err != nil {
			return nil, err
		}
		m, err := b.mem()
		if err != nil {
			return nil, err
		}
		before[i] = m
	}
	hapRSS0 := rs.haproxyRSS()
	dials := make([]dialFunc, len(rs.haps))
	for i := range dials {
		dials[i] = rs.proxiedDial(i, "pop3")
	}
	clients := make([]*pop3.Client, n)
	closeAll := func() {
		for i, c := range clients {
			if c != nil {
				c.Close()
				clients[i] = nil
			}
		}
	}
	defer closeAll()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	var firstErr atomic.Pointer[error]
	var failed atomic.Int64
	br0, hap0, self0 := rs.bridgesCPU(), rs.haproxyCPU(), procCPU(os.Getpid(), rs.pop3.pid())
	t0 := time.Now()
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := openIdle(dials[i%len(dials)])
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, &err)
				return
			}
			clients[i] = c
		})
	}
	wg.Wait()
	rep.openedIn = time.Since(t0)
	if e := firstErr.Load(); e != nil {
		return nil, fmt.Errorf("%d of %d sessions through HAProxy failed to open, the first with: %w (open files: this process %d of %d)",
			failed.Load(), n, *e, countFDs(os.Getpid()), fdLimit())
	}
	rep.openBridgeCPU = (rs.bridgesCPU() - br0) / time.Duration(n)
	rep.openHAProxyCPU = (rs.haproxyCPU() - hap0) / time.Duration(n)
	rep.openClientCPU = (procCPU(os.Getpid(), rs.pop3.pid()) - self0) / time.Duration(n)
	measure.Logf("scale: %d sessions open through HAProxy in %v", n, rep.openedIn.Round(time.Millisecond))

	total := 0
	for i, b := range rs.bridges {
		after, err := b.mem()
		if err != nil {
			return nil, err
		}
		k := after.Sessions - before[i].Sessions
		total += after.Sessions
		if k <= 0 {
			return nil, fmt.Errorf("replica %d holds none of the %d sessions", i+1, n)
		}
		per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(k) }
		ri := replicaIdle{
			sessions:  k,
			heapStack: per(after.HeapInuse+after.StackInuse, before[i].HeapInuse+before[i].StackInuse),
			heap:      per(after.HeapInuse, before[i].HeapInuse),
			stack:     per(after.StackInuse, before[i].StackInuse),
			rss:       per(after.RSS, before[i].RSS),
			gorts:     float64(after.Goroutines-before[i].Goroutines) / float64(k),
		}
		rep.replicas = append(rep.replicas, ri)
		rep.worstHeap = max(rep.worstHeap, ri.heapStack)
		rep.worstRSS = max(rep.worstRSS, ri.rss)
		rep.fdsReplicas = append(rep.fdsReplicas, countFDs(b.pid()))
	}
	if total != n {
		return nil, fmt.Errorf("the replicas relay %d sessions, want %d", total, n)
	}
	// What idle sessions cost in CPU, measured after the memory reads
	// (which collected the garbage of the openings): nothing should run
	// but HAProxy's health checks and the runtimes' housekeeping.
	br1, hap1 := rs.bridgesCPU(), rs.haproxyCPU()
	time.Sleep(idleWindow)
	perSesSec := func(d time.Duration) time.Duration {
		return time.Duration(float64(d) / float64(n) / idleWindow.Seconds())
	}
	rep.idleBridgeCPU, rep.idleHAProxyCPU = perSesSec(rs.bridgesCPU()-br1), perSesSec(rs.haproxyCPU()-hap1)
	rep.hapRSS = (float64(rs.haproxyRSS()) - float64(hapRSS0)) / float64(n)
	rep.fdsBench = countFDs(os.Getpid())
	rep.fdsPOP3 = countFDs(rs.pop3.pid())
	rep.fdsHAProxy = mapSlice(rs.haps, func(h *haproxyProc) int { return countFDs(h.pid()) })
	rep.nofileHAProxy = procNofile(rs.haps[0].pid())
	for i, r := range rep.replicas {
		measure.Logf("scale: replica %d: %d sessions, heap+stacks %.1f KiB, RSS %.1f KiB per session, %d open files",
			i+1, r.sessions, r.heapStack/1024, r.rss/1024, rep.fdsReplicas[i])
	}
	measure.Logf("scale: HAProxy RSS %.1f KiB per session, open files %v; this process %d, the POP3 server %d", rep.hapRSS/1024, rep.fdsHAProxy, rep.fdsBench, rep.fdsPOP3)
	closeAll()
	for _, b := range rs.bridges {
		if err := b.waitIdle(60 * time.Second); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// haproxyRSS is the VmRSS of all HAProxy instances together.
func (rs *replicaSet) haproxyRSS() uint64 {
	var n uint64
	for _, h := range rs.haps {
		n += procRSS(h.pid())
	}
	return n
}

func fdHardLimit() uint64 {
	var r syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r)
	return r.Max
}

// countFDs counts the open descriptors of process pid.
func countFDs(pid int) int {
	ents, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/fd")
	return len(ents)
}

// procRSS reads VmRSS of process pid, in bytes; 0 where there is none.
func procRSS(pid int) uint64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// procNofile is the soft open-file limit of process pid, from
// /proc/PID/limits.
func procNofile(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/limits")
	if err != nil {
		return "?"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "Max open files") {
			if f := strings.Fields(line); len(f) >= 5 {
				return f[3]
			}
		}
	}
	return "?"
}

// portRange is the kernel's range of ephemeral ports, from which every
// outgoing connection (bridge → mail server, HAProxy → bridge) takes its
// source port.
func portRange() [2]int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return [2]int{}
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return [2]int{}
	}
	lo, _ := strconv.Atoi(f[0])
	hi, _ := strconv.Atoi(f[1])
	return [2]int{lo, hi}
}
