//go:build unix

package packtest

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/poppymail/poppy/internal/harness"
)

// startBridge runs bridgeBin with args on a free loopback port and
// returns its URL once it prints it. The bridge gets SIGTERM at the end
// of the test, as a service manager would stop it.
func startBridge(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(bridgeBin, append([]string{"-listen", "127.0.0.1:0"}, args...)...)
	cmd.Dir = repoRoot()
	// The caller's POPPY_* variables must not change the bridge under test.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "POPPY_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.SysProcAttr = harness.SysProcAttr()
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var log harness.Buffer
	cmd.Stderr = &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			log.Write([]byte(sc.Text() + "\n"))
			if u, ok := strings.CutPrefix(sc.Text(), "Poppy bridge listening on "); ok {
				urls <- u
			}
		}
		io.Copy(&log, out)
		cmd.Wait()
		close(exited)
	}()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("bridge output:\n%s", log.String())
		}
	})
	select {
	case u := <-urls:
		return u
	case <-exited:
		t.Fatalf("the bridge exited before listening:\n%s", log.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("the bridge did not listen within a minute:\n%s", log.String())
	}
	return ""
}
