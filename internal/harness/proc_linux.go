package harness

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// SysProcAttr puts a server in a process group of its own, so Close can
// reach the children that the master forks, and kills the master if the
// test binary dies without running its cleanups (a timeout panic, a
// SIGKILL): its children then exit as soon as they notice the master gone.
func SysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// GroupAlive reports whether a process of group pgid is still running.
func GroupAlive(pgid int) bool {
	return len(liveMembers(pgid)) > 0
}

// OnlyLeader reports whether the group leader is the last live process of
// its group, which is when a shutting-down master has nothing left
// to wait for.
func OnlyLeader(pgid int) bool {
	m := liveMembers(pgid)
	return len(m) == 1 && m[0] == pgid
}

// liveMembers lists the processes of group pgid that still run. Zombies do
// not count: a child that outlived the master is reparented to pid 1, and
// in a container pid 1 may take seconds to reap it, while kill(-pgid, 0)
// keeps succeeding for the corpse.
func liveMembers(pgid int) []int {
	var pids []int
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // exited while we looked
		}
		// "pid (comm) state ppid pgrp ...": comm may hold anything, so
		// parse from the last ')'.
		i := bytes.LastIndexByte(b, ')')
		if i < 0 {
			continue
		}
		f := bytes.Fields(b[i+1:])
		if len(f) < 3 || string(f[0]) == "Z" || string(f[0]) == "X" {
			continue
		}
		if g, err := strconv.Atoi(string(f[2])); err == nil && g == pgid {
			if pid, err := strconv.Atoi(filepath.Base(filepath.Dir(path))); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids
}

// OwnSessionProcAttr is for a server that makes a session of its own
// (Postfix's master calls setsid, which fails for a process group leader,
// so there is no Setpgid here): the server's process group is then its
// pid. It still dies with the test binary; Postfix's daemons exit when
// their master is gone.
func OwnSessionProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
