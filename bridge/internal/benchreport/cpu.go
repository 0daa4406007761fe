//go:build unix

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// procCPU returns the CPU time that the threads of the given processes
// have used so far, from /proc/PID/task/TID/schedstat (nanoseconds, unlike
// the 10 ms ticks of /proc/PID/stat). 0 where /proc has no such files.
func procCPU(pids ...int) time.Duration {
	var total time.Duration
	for _, pid := range pids {
		files, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/schedstat")
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			if i := bytes.IndexByte(b, ' '); i > 0 {
				ns, _ := strconv.ParseInt(string(b[:i]), 10, 64)
				total += time.Duration(ns)
			}
		}
	}
	return total
}

// groupPIDs lists the processes of process group pgid (websockify forks
// one per connection).
func groupPIDs(pgid int) []int {
	dirs, _ := os.ReadDir("/proc")
	var pids []int
	for _, d := range dirs {
		pid, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...; comm may contain spaces.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(string(b[i+1:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) {
			pids = append(pids, pid)
		}
	}
	return pids
}
