//go:build unix

package harness

import (
	"fmt"
	"syscall"
	"time"
)

// KillGroup ends what is left of process group pgid after its leader was
// asked to stop: SIGKILL to the group if any member lives, then it waits
// for done (closed when the leader was reaped) and for the group to be
// empty, for at most timeout. The check before the signal keeps a reaped,
// empty group's number, which the kernel may hand out again, from being
// signalled. Dovecot's and Postfix's harnesses both stop this way.
func KillGroup(pgid int, done <-chan struct{}, timeout time.Duration) error {
	if GroupAlive(pgid) {
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
	}
	<-done
	deadline := time.Now().Add(timeout)
	for GroupAlive(pgid) {
		if time.Now().After(deadline) {
			return fmt.Errorf("processes of group %d survived SIGKILL", pgid)
		}
		time.Sleep(10 * time.Millisecond) // polls the condition above
	}
	return nil
}
