//go:build unix

package harness

import (
	"os/exec"
	"syscall"
	"testing"
	"time"
)

// TestProc: a process that exits is seen to exit, with its status; one
// that runs on is stopped by Stop, group and all.
func TestProc(t *testing.T) {
	p, err := StartProc(exec.Command("sh", "-c", "exit 3"))
	if err != nil {
		t.Fatal(err)
	}
	<-p.Done()
	if gone, err := p.Exited(); !gone || err == nil {
		t.Errorf("exit 3: Exited %v, %v", gone, err)
	}

	// sh forks a child sleeper into the group; Stop must end both.
	p, err = StartProc(exec.Command("sh", "-c", "sleep 60 & wait"))
	if err != nil {
		t.Fatal(err)
	}
	if gone, _ := p.Exited(); gone {
		t.Fatal("a sleeping shell reported exited")
	}
	pgid := p.Cmd.Process.Pid
	ignored, err := p.Stop(syscall.SIGTERM, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if ignored {
		t.Error("sh ignored SIGTERM")
	}
	if GroupAlive(pgid) {
		t.Error("the group lives on after Stop")
	}
}
