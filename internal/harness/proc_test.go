//go:build unix

package harness

import (
	"os"
	"os/exec"
	"path/filepath"
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

// TestStartProcLog: both output streams reach the file, and a second
// start appends to what the first wrote.
func TestStartProcLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.log")
	for _, word := range []string{"first", "second"} {
		p, err := StartProcLog(exec.Command("sh", "-c", "echo "+word+" out; echo "+word+" err >&2"), path)
		if err != nil {
			t.Fatal(err)
		}
		<-p.Done()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "first out\nfirst err\nsecond out\nsecond err\n"; string(b) != want {
		t.Errorf("log = %q, want %q", b, want)
	}
}
