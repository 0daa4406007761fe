//go:build !js

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/harness"
	"github.com/poppymail/poppy/internal/measure"
)

// benchTarget is the bridge target the sends go to; its POP3 server is
// never dialed (only service=submission sessions are opened), so it
// points at the discard port.
const benchTarget = "bench"

// bridgeArgs are the flags the bridge runs with besides -target,
// -submission and -web-dir. The default rate of new sessions per client
// IP would refuse some of a run's sessions, all from 127.0.0.1, so it is
// raised; nothing else differs from a deployed bridge's defaults.
var bridgeArgs = []string{"-listen", "127.0.0.1:0", "-demo=false", "-sessions-per-minute", "1000", "-sessions-burst", "1000"}

// bridge is the real bridge binary (`go build ./bridge`) in a process of
// its own, as deployed: the report cannot run the relay in process, since
// bridge/internal is not importable from here.
type bridge struct {
	cmd  *exec.Cmd
	dir  string
	url  string // http://127.0.0.1:PORT/
	log  string // the bridge's standard error: one line per session, never a payload
	done chan struct{}
}

// bridgeLabel is how the table names what ran as the bridge. SERVER
// stands for the in-memory server's address, a free port that changes
// from run to run, and EMPTY for an empty folder.
func bridgeLabel() string {
	return "the bridge binary (`go build ./bridge`) in a process of its own, run as `bridge " +
		strings.Join(bridgeArgs, " ") + " -target " + benchTarget + "=127.0.0.1:9/plain -submission " +
		benchTarget + "=SERVER/plain -web-dir EMPTY` (SERVER: the in-memory server's address; EMPTY: an empty folder, so no web app)"
}

// startBridge builds the bridge and starts it with target "bench", whose
// submission server is at submissionAddr.
func startBridge(ctx context.Context, submissionAddr string) (*bridge, error) {
	dir, err := os.MkdirTemp("", "poppy-sbench-")
	if err != nil {
		return nil, err
	}
	b := &bridge{dir: dir, log: filepath.Join(dir, "bridge.log"), done: make(chan struct{})}
	measure.Logf("building the bridge (go build ./bridge)…")
	bin, err := harness.BuildBridge(ctx, dir, nil)
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("building the bridge: %w", err)
	}
	web := filepath.Join(dir, "web") // empty: only the relay and the API are served
	if err := os.Mkdir(web, 0o755); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	args := append(append([]string(nil), bridgeArgs...),
		"-target", benchTarget+"=127.0.0.1:9/plain",
		"-submission", benchTarget+"="+submissionAddr+"/plain",
		"-web-dir", web)
	b.cmd = exec.Command(bin, args...)
	// The bridge takes its flags from POPPY_* variables too: none of the
	// caller's may change what is measured.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "POPPY_") {
			b.cmd.Env = append(b.cmd.Env, kv)
		}
	}
	logf, err := os.Create(b.log)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	defer logf.Close() // the child has its own copy
	b.cmd.Stderr = logf
	out, err := b.cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := b.cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	go func() { b.cmd.Wait(); close(b.done) }()
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if u, ok := strings.CutPrefix(sc.Text(), "Poppy bridge listening on "); ok {
				urlc <- strings.TrimSpace(u)
			}
		}
		io.Copy(io.Discard, out)
	}()
	select {
	case b.url = <-urlc:
		return b, nil
	case <-b.done:
		err = fmt.Errorf("the bridge exited before listening: %s", b.logTail())
	case <-time.After(30 * time.Second):
		err = fmt.Errorf("the bridge did not listen within 30 s: %s", b.logTail())
	case <-ctx.Done():
		err = ctx.Err()
	}
	b.Close()
	return nil, err
}

// target reads the bench target from GET /api/targets, as the tab does.
func (b *bridge) target(ctx context.Context) (bridgeapi.Target, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(b.url, "/")+bridgeapi.PathTargets, nil)
	if err != nil {
		return bridgeapi.Target{}, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return bridgeapi.Target{}, err
	}
	defer resp.Body.Close()
	var list bridgeapi.Targets
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		return bridgeapi.Target{}, fmt.Errorf("%s: %w", bridgeapi.PathTargets, err)
	}
	t, ok := bridgeapi.FindTarget(list.Targets, benchTarget)
	if !ok || !t.CanSend() {
		return bridgeapi.Target{}, fmt.Errorf("%s lists no target %q that can send", bridgeapi.PathTargets, benchTarget)
	}
	return t, nil
}

// logTail returns the end of the bridge's log, for an error message.
func (b *bridge) logTail() string {
	log, _ := os.ReadFile(b.log)
	return strings.TrimSpace(string(log[max(0, len(log)-2048):]))
}

// Close stops the bridge (SIGTERM, then SIGKILL after 5 s) and removes
// its binary. It may be called more than once.
func (b *bridge) Close() {
	if b.cmd != nil && b.cmd.Process != nil {
		b.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-b.done:
		case <-time.After(5 * time.Second):
			b.cmd.Process.Kill()
			<-b.done
		}
	}
	os.RemoveAll(b.dir)
}
