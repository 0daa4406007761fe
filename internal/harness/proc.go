//go:build unix

package harness

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// Proc is a server process that a harness started in a process group of
// its own (SysProcAttr), with its exit watched, so the harness can tell
// a server that died during start-up from one that is slow, and stop the
// whole group when the test ends.
type Proc struct {
	Cmd  *exec.Cmd
	done chan struct{}
	err  error // the exit, valid once done is closed
}

// StartProc starts cmd, in a process group of its own unless cmd already
// has SysProcAttr, and watches its exit.
func StartProc(cmd *exec.Cmd) (*Proc, error) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = SysProcAttr()
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("harness: start %s: %w", cmd.Path, err)
	}
	p := &Proc{Cmd: cmd, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// StartProcLog is StartProc with cmd's stdout and stderr appended to
// the file at path, created if missing, so that the output of every try
// of a restarted server stays. A file, not a pipe: a server's children
// inherit the descriptor, and Wait on a pipe would wait for the last of
// them.
func StartProcLog(cmd *exec.Cmd, path string) (*Proc, error) {
	out, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("harness: %w", err)
	}
	defer out.Close() // the child has its own copy once started
	cmd.Stdout, cmd.Stderr = out, out
	return StartProc(cmd)
}

// Done is closed once the process has exited and been reaped.
func (p *Proc) Done() <-chan struct{} { return p.done }

// Exited reports whether the process has exited, and how.
func (p *Proc) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.err
	default:
		return false, nil
	}
}

// Signal sends sig to the process alone (not its group).
func (p *Proc) Signal(sig syscall.Signal) error { return p.Cmd.Process.Signal(sig) }

// Stop sends sig to the whole group, gives the process timeout to exit,
// then kills what is left of the group (KillGroup). It returns an error
// only if something survived SIGKILL; ignored is set when the process
// did not exit on sig within timeout.
func (p *Proc) Stop(sig syscall.Signal, timeout time.Duration) (ignored bool, err error) {
	pgid := p.Cmd.Process.Pid
	_ = syscall.Kill(-pgid, sig)
	select {
	case <-p.done:
	case <-time.After(timeout):
		ignored = true
	}
	return ignored, KillGroup(pgid, p.done, timeout)
}
