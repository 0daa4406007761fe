//go:build unix

package deploytest

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// buildDir holds the bridge binary; TestMain removes it.
var buildDir string

// buildBridge builds the bridge binary once per test binary, so the test
// runs what operators run, stopped by a real SIGTERM.
var buildBridge = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "poppy-deploytest-")
	if err != nil {
		return "", err
	}
	buildDir = dir
	return harness.BuildBridge(context.Background(), dir, nil)
})

// bridge is one replica: a bridge process on a fixed port, which a
// restart reuses, so HAProxy's server line stays right.
type bridge struct {
	t    testing.TB
	bin  string
	addr string
	args []string
	dir  string
	n    int // incarnations so far, for log names

	proc *harness.Proc
	log  string
}

// start runs a new incarnation and waits until it answers /healthz.
func (b *bridge) start() {
	b.t.Helper()
	b.n++
	b.log = filepath.Join(b.dir, "bridge-"+filepath.Base(b.addr)+"-"+strconv.Itoa(b.n)+".log")
	out, err := os.Create(b.log)
	if err != nil {
		b.t.Fatal(err)
	}
	defer out.Close()
	cmd := exec.Command(b.bin, append([]string{"-listen", b.addr}, b.args...)...)
	cmd.Stdout, cmd.Stderr = out, out
	if b.proc, err = harness.StartProc(cmd); err != nil {
		b.t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		if gone, err := b.proc.Exited(); gone {
			b.t.Fatalf("bridge on %s exited at start (%v):\n%s", b.addr, err, b.logText())
		}
		if resp, err := http.Get("http://" + b.addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("bridge on %s not healthy after 20 s:\n%s", b.addr, b.logText())
		}
		time.Sleep(20 * time.Millisecond) // polls the condition above
	}
}

// term sends SIGTERM, as a rollout does; the bridge drains on its own.
func (b *bridge) term() {
	if err := b.proc.Signal(syscall.SIGTERM); err != nil {
		b.t.Fatalf("SIGTERM to the bridge on %s: %v", b.addr, err)
	}
}

// wait waits for the process to exit after term, and checks it exited
// cleanly.
func (b *bridge) wait(limit time.Duration) {
	b.t.Helper()
	select {
	case <-b.proc.Done():
	case <-time.After(limit):
		b.t.Fatalf("bridge on %s still running %v after SIGTERM:\n%s", b.addr, limit, b.logText())
	}
	if _, err := b.proc.Exited(); err != nil {
		b.t.Errorf("bridge on %s exited with %v:\n%s", b.addr, err, b.logText())
	}
}

// kill is the cleanup: whatever runs is stopped.
func (b *bridge) kill() {
	if b.proc != nil {
		_, _ = b.proc.Stop(syscall.SIGKILL, 10*time.Second)
	}
}

func (b *bridge) logText() string {
	data, _ := os.ReadFile(b.log)
	return string(data)
}

// shutdownEnded counts the sessions this incarnation logged as ended by
// its shutdown: closed with 1001 at the end of the drain.
var shutdownEnded = regexp.MustCompile(`(?m)msg=session .*reason=shutdown`)

func (b *bridge) cutSessions() int {
	return len(shutdownEnded.FindAllString(b.logText(), -1))
}
