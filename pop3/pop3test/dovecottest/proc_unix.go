//go:build unix && !linux

package dovecottest

import "syscall"

// sysProcAttr puts Dovecot in a process group of its own, so Close can
// reach the children that the master forks.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// groupAlive reports whether group pgid still has a member. Without /proc
// a zombie counts too, so this may wait until pid 1 reaps it.
func groupAlive(pgid int) bool {
	return syscall.Kill(-pgid, 0) == nil
}

// onlyLeader would tell that the master has nothing left to wait for;
// without /proc it cannot, and Close waits for the master to see it.
func onlyLeader(pgid int) bool { return false }
