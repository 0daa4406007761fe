//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	rpprof "runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// The bridge under test runs in a process of its own, like websockify and
// like a deployed bridge: this program re-executes itself with childFlag.
// The child builds the server as `go run ./bridge` does (server.New with a
// relay, a limiter, metrics and a session logger), without the web app and
// with its log discarded, so nothing of
// the client, the target or the POP3 server is counted in its memory or
// competes with it inside one Go runtime.
const childFlag = "-bridge-child"

// Limits raised for the load test, as the flags of `go run ./bridge`.
var childLimits = limits.Options{
	MaxSessions:          20000,
	MaxSessionsPerClient: 20000,
	SessionsPerMinute:    1000000,
	Burst:                1000000,
}

// benchOrigin is the page origin the client claims; the bridge allows it
// with -origin.
const benchOrigin = "https://mail.example.com"

// bridgeLabel says what the report measured as "the bridge": the command
// that ran it (this program, re-executed) and what that command builds,
// with the `go run ./bridge` flags that set the same options.
func bridgeLabel(tgts []string) string {
	var b strings.Builder
	b.WriteString("`" + reproduceCmd + " " + strings.Join(childArgs(tgts, ""), " "))
	b.WriteString("`: this program re-executed, in a process of its own, running the bridge's relay and HTTP server " +
		"(bridge/internal/server, relay, limits and metrics, with a session logger writing to a discarded text log) as `go run ./bridge` builds them, " +
		"without the web app; the options are those of `go run ./bridge -listen 127.0.0.1:0")
	for _, t := range tgts {
		b.WriteString(" -target " + t)
	}
	fmt.Fprintf(&b, " -origin %s -max-sessions %d -max-sessions-per-ip %d -sessions-per-minute %d -sessions-burst %d -demo=false`",
		benchOrigin, childLimits.MaxSessions, childLimits.MaxSessionsPerClient, childLimits.SessionsPerMinute, childLimits.Burst)
	return b.String()
}

// runChild is the bridge process. It prints "READY bridge=ADDR control=ADDR"
// and serves until its stdin closes (the parent exited or is done).
func runChild(args []string) {
	fs := flag.NewFlagSet("bridge-child", flag.ExitOnError)
	var tgts multiFlag
	fs.Var(&tgts, "target", "NAME=HOST:PORT/SECURITY")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to `file`")
	trusted := fs.String("trusted-proxy", "", "believe X-Forwarded-For from these `prefixes`, as the bridge's -trusted-proxy")
	tlsCert := fs.String("tls-cert", "", "serve HTTPS with this certificate `file` (PEM), as the bridge's -tls-cert")
	tlsKey := fs.String("tls-key", "", "the key of -tls-cert, PEM `file`")
	fs.Parse(args)

	raiseFDLimit(16384)
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "bridge child:", err)
		os.Exit(1)
	}
	var reg targets.Registry
	for _, s := range tgts {
		t, err := targets.Parse(s)
		if err != nil {
			fail(err)
		}
		if err := reg.Add(t); err != nil {
			fail(err)
		}
	}
	var clientIP limits.ClientIP
	if *trusted != "" {
		p, err := limits.ParsePrefixes(*trusted)
		if err != nil {
			fail(err)
		}
		clientIP.Trusted = p
	}
	// One line per session, as in production, formatted and thrown away.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	lim := childLimits
	srv, err := server.New(&server.Options{
		Listen:          "127.0.0.1:0",
		ShutdownTimeout: time.Second,
		TLSCert:         *tlsCert,
		TLSKey:          *tlsKey,
		Logger:          log,
		Metrics:         metrics.New(),
		Relay: &relay.Options{
			Targets:  &reg,
			Dialer:   &targets.Dialer{},
			Origins:  []string{benchOrigin},
			Limiter:  limits.New(&lim),
			ClientIP: &clientIP,
		},
	})
	if err != nil {
		fail(err)
	}
	l, _, err := srv.Listen()
	if err != nil {
		fail(err)
	}
	cl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fail(err)
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fail(err)
		}
		if err := rpprof.StartCPUProfile(f); err != nil {
			fail(err)
		}
		defer func() { rpprof.StopCPUProfile(); f.Close() }()
	}

	mux := http.NewServeMux()
	mux.HandleFunc("/mem", func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(readMem(srv.Relay()))
	})
	mux.HandleFunc("/active", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, srv.Relay().ActiveSessions())
	})
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	go http.Serve(cl, mux)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l, nil) }()
	fmt.Printf("READY bridge=%s control=%s\n", l.Addr(), cl.Addr())
	io.Copy(io.Discard, os.Stdin)
	cancel()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
	}
}

// memStats is what the child reports about itself, after a GC that also
// returns free memory to the OS, so that RSS follows live memory.
type memStats struct {
	HeapInuse, StackInuse, Sys uint64
	RSS                        uint64 // VmRSS, bytes
	Goroutines, Sessions       int
}

func readMem(h *relay.Handler) memStats {
	runtime.GC()
	debug.FreeOSMemory()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return memStats{
		HeapInuse: m.HeapInuse, StackInuse: m.StackInuse, Sys: m.Sys,
		RSS:        procRSS(os.Getpid()),
		Goroutines: runtime.NumGoroutine(),
		Sessions:   h.ActiveSessions(),
	}
}

// raiseFDLimit makes sure the process may open want descriptors: Go raises
// the soft limit to the hard one at start, and root may raise the hard one.
func raiseFDLimit(want uint64) {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil || r.Cur >= want {
		return
	}
	n := r
	n.Cur = want
	if n.Max < want {
		n.Max = want
	}
	if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &n) != nil && r.Max > r.Cur {
		r.Cur = r.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r)
	}
}

func fdLimit() uint64 {
	var r syscall.Rlimit
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r)
	return r.Cur
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, " ") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// bridgeProc is the running child, seen from the parent.
type bridgeProc struct {
	*childProc
	addr    string // bridge listener
	control string // /mem, /active, /debug/pprof/
	tgts    []string
}

// childProc is this program re-executed in another role. It prints one
// line "READY key=value..." and runs until its stdin closes.
type childProc struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	ready map[string]string
}

func startChild(args ...string) (*childProc, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &childProc{cmd: cmd, stdin: stdin, ready: map[string]string{}}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "READY ") {
		p.Close()
		return nil, fmt.Errorf("%s did not start (%q, %v)", args[0], line, err)
	}
	for _, f := range strings.Fields(line)[1:] {
		k, v, _ := strings.Cut(f, "=")
		p.ready[k] = v
	}
	return p, nil
}

func (p *childProc) pid() int { return p.cmd.Process.Pid }

// Close ends the child (it exits when its stdin closes) and waits for it.
func (p *childProc) Close() {
	p.stdin.Close()
	done := make(chan struct{})
	go func() { p.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-done
	}
}

// childArgs are the arguments that make this program the bridge child;
// bridgeLabel prints them, so the report names what really ran.
func childArgs(tgts []string, cpuProfile string) []string {
	args := []string{childFlag}
	for _, t := range tgts {
		args = append(args, "-target", t)
	}
	if cpuProfile != "" {
		args = append(args, "-cpuprofile", cpuProfile)
	}
	return args
}

// startBridge starts a bridge child; extra are more of its flags.
func startBridge(tgts []string, cpuProfile string, extra ...string) (*bridgeProc, error) {
	p, err := startChild(append(childArgs(tgts, cpuProfile), extra...)...)
	if err != nil {
		return nil, err
	}
	b := &bridgeProc{childProc: p, addr: p.ready["bridge"], control: p.ready["control"], tgts: tgts}
	if b.addr == "" || b.control == "" {
		p.Close()
		return nil, fmt.Errorf("bridge child said %v", p.ready)
	}
	return b, nil
}

func (b *bridgeProc) url(target string) string {
	return "ws://" + b.addr + "/ws?target=" + target
}

func (b *bridgeProc) get(path string) ([]byte, error) {
	resp, err := http.Get("http://" + b.control + path)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func (b *bridgeProc) mem() (memStats, error) {
	var m memStats
	body, err := b.get("/mem")
	if err != nil {
		return m, err
	}
	return m, json.Unmarshal(body, &m)
}

func (b *bridgeProc) active() (int, error) {
	body, err := b.get("/active")
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(string(body)))
}

// waitIdle waits until the bridge relays no session.
func (b *bridgeProc) waitIdle(d time.Duration) error {
	deadline := time.Now().Add(d)
	for {
		n, err := b.active()
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bridge still has %d sessions after %v", n, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// saveProfile fetches a pprof profile from the child into file.
func (b *bridgeProc) saveProfile(name, file string) error {
	body, err := b.get("/debug/pprof/" + name)
	if err != nil {
		return err
	}
	return os.WriteFile(file, body, 0o644)
}
