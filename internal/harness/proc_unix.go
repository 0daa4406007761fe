//go:build unix && !linux

package harness

import "syscall"

// SysProcAttr puts a server in a process group of its own, so Close can
// reach the children that the master forks.
func SysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// GroupAlive reports whether group pgid still has a member. Without /proc
// a zombie counts too, so this may wait until pid 1 reaps it.
func GroupAlive(pgid int) bool {
	return syscall.Kill(-pgid, 0) == nil
}

// OnlyLeader would tell that the master has nothing left to wait for;
// without /proc it cannot, and Close waits for the master to see it.
func OnlyLeader(pgid int) bool { return false }

// OwnSessionProcAttr is for a server that makes a session of its own
// (Postfix's master calls setsid, which fails for a process group leader):
// the server's process group is then its pid.
func OwnSessionProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{}
}
