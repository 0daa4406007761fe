//go:build unix

// Command benchreport measures the bridge and prints the Markdown table that
// docs/benchmarks.md quotes (`make bench`, after `.ci/install-deps websockify
// haproxy`).
// Every figure that matters is a ratio against a baseline measured in the
// same run on the same machine, since absolute figures drift on shared
// machines (see docs/architecture.md, "Conventions"):
//
//   - throughput of a large transfer each way and round-trip latency of
//     small messages, through our bridge, through Debian's websockify (the
//     reference bridge) and directly over TCP, with the same client (Go,
//     github.com/coder/websocket) and the same TCP target;
//   - a loopback load test: concurrent full POP3 sessions against the
//     in-memory server, through the bridge and directly; and the bridge's
//     memory per idle session;
//   - issue 14's deployment: 3 replicas behind HAProxy running
//     deploy/haproxy/haproxy.cfg against one bridge alone (added latency
//     per POP3 round trip), 10,000 idle sessions spread over the replicas
//     (memory per session per bridge, open files), and the capacity
//     figures worked out from them (scale*.go, replicas*.go).
//
// The bridge runs in a process of its own (this program, re-executed), as
// websockify does. Progress goes to stderr; the table and the command that
// reproduces it go to stdout.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/poppymail/poppy/pop3/pop3server"
)

const reproduceCmd = "go run ./bridge/internal/benchreport"

var (
	sizeMB     = flag.Int("size", 100, "`MB` (10^6 bytes) moved each way per throughput run")
	reps       = flag.Int("reps", 7, "throughput runs per path and direction; the median is reported")
	pings      = flag.Int("pings", 2000, "round trips per path and latency round")
	pingRounds = flag.Int("ping-rounds", 3, "latency rounds (rotating the order of the paths)")
	sessions   = flag.Int("sessions", 2000, "concurrent POP3 sessions per load batch")
	loadRounds = flag.Int("load-rounds", 3, "load rounds, each a direct batch and a bridged batch, alternating which goes first")
	idleN      = flag.Int("idle", 2000, "idle sessions held open for the memory figure")
	replicasN  = flag.Int("replicas", 3, "bridges behind HAProxy for the replica figures")
	roundTrips = flag.Int("round-trips", 2000, "POP3 round trips per session and round, directly and through HAProxy")
	scaleN     = flag.Int("scale", 10000, "idle sessions through HAProxy, spread over the replicas")
	only       = flag.String("only", "", "comma-separated subset of throughput,latency,load,idle,autoconfig,replicas,scale (default all)")
	profileDir = flag.String("profile", "", "write CPU profiles of the bridge and of this program (client, target, POP3 server; whole run), and the bridge's heap and goroutine profiles with the idle sessions open, to this `dir`")
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == childFlag {
		runChild(os.Args[2:])
		return
	}
	if len(os.Args) > 1 && os.Args[1] == pop3ChildFlag {
		runPOP3Child()
		return
	}
	if len(os.Args) > 1 && os.Args[1] == wsChildFlag {
		runWSChild(os.Args[2:])
		return
	}
	flag.Parse()
	if *sizeMB < 1 || *reps < 1 || *pings < 1 || *pingRounds < 1 || *sessions < 1 || *loadRounds < 1 || *idleN < 1 || *replicasN < 1 || *roundTrips < 1 || *scaleN < 1 {
		fmt.Fprintln(os.Stderr, "benchreport: every count must be at least 1")
		os.Exit(2)
	}
	want := map[string]bool{}
	for _, s := range strings.Split(*only, ",") {
		if s = strings.TrimSpace(s); s != "" {
			if !slices.Contains([]string{"throughput", "latency", "load", "idle", "autoconfig", "replicas", "scale"}, s) {
				fmt.Fprintf(os.Stderr, "benchreport: -only: unknown %q\n", s)
				os.Exit(2)
			}
			want[s] = true
		}
	}
	run := func(s string) bool { return len(want) == 0 || want[s] }

	start := time.Now()
	// Each load batch holds a client, bridge and server end per session,
	// split between this process and the bridge's.
	// Each load batch holds a client, bridge and server end per
	// session, split between this process and the bridge's; the scale
	// figure holds only the clients' ends here.
	most := max(*sessions, *idleN)
	if run("scale") {
		most = max(most, (*scaleN+1)/2)
	}
	raiseFDLimit(uint64(3*most + 1024))
	if lim := fdLimit(); lim < uint64(2*most+256) {
		fail("setup", fmt.Errorf("open-file limit %d is too low for %d sessions; raise `ulimit -n` (the hard limit, as root)", lim, most))
	}
	if *profileDir != "" {
		if err := os.MkdirAll(*profileDir, 0o755); err != nil {
			fail("setup", err)
		}
		f, err := os.Create(filepath.Join(*profileDir, "client-cpu.pprof"))
		if err != nil {
			fail("setup", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fail("setup", err)
		}
		atExit(func() { pprof.StopCPUProfile(); f.Close() })
	}

	var data []byte
	if run("throughput") {
		data = benchData(*sizeMB * 1000 * 1000)
	}
	tgt, err := startTarget(data)
	if err != nil {
		fail("target", err)
	}
	defer tgt.Close()

	pops := pop3server.New(nil)
	defer pops.Close()
	if err := pops.AddUser(popUser, popPass, mailbox()...); err != nil {
		fail("pop3server", err)
	}
	popAddr, err := pops.StartLocal()
	if err != nil {
		fail("pop3server", err)
	}

	tgts := []string{"bench=" + tgt.Addr() + "/plain", "pop3=" + popAddr + "/plain"}
	cpuProfile := ""
	if *profileDir != "" {
		cpuProfile = filepath.Join(*profileDir, "bridge-cpu.pprof")
	}
	br, err := startBridge(tgts, cpuProfile)
	if err != nil {
		fail("bridge", err)
	}
	atExit(br.Close)

	var wsf *websockify
	var paths []path
	if run("throughput") || run("latency") {
		if wsf, err = startWebsockify(tgt.Addr()); err != nil {
			fail("websockify", err)
		}
		atExit(wsf.Close)
		// The endpoints, with the client's message size and with the
		// bridge's.
		var ceilings []path
		for _, m := range []int{msgSize, bridgeMsgSize} {
			wse, err := startChild(wsChildFlag, "-size", fmt.Sprint(len(data)), "-msg-size", fmt.Sprint(m))
			if err != nil {
				fail("WebSocket endpoint", err)
			}
			atExit(wse.Close)
			p := wsPath(fmt.Sprintf("WebSocket endpoint, no relay, %d KiB messages", m>>10), "ws://"+wse.ready["endpoint"]+"/", func() time.Duration { return procCPU(wse.pid()) })
			p.selfSink = true
			ceilings = append(ceilings, p)
		}
		// In the order of the indexes iDirect, iOurs, iWebsockify,
		// iCeiling, iCeilingBig.
		paths = []path{
			directPath(tgt.Addr()),
			wsPath("our bridge", br.url("bench"), func() time.Duration { return procCPU(br.pid()) }),
			wsPath("websockify", wsf.url(), wsf.cpu),
			ceilings[0], ceilings[1],
		}
	}

	r := &report{bridge: bridgeLabel(tgts)}
	if wsf != nil {
		r.websockifyVersion = wsf.version
	}
	check := func(what string, err error) {
		if err != nil {
			fail(what, err)
		}
	}
	if run("throughput") {
		measure.Logf("throughput: %d MB each way, %d runs per path…", *sizeMB, *reps)
		r.tp, err = measureThroughput(paths, tgt, data, *reps)
		check("throughput", err)
	}
	if run("latency") {
		// Echo messages are small: one endpoint is enough.
		r.lat, err = measureLatency(paths[:iCeiling+1], *pings, *pingRounds)
		check("latency", err)
	}
	if run("load") {
		measure.Logf("load: %d rounds of %d concurrent sessions each way…", *loadRounds, *sessions)
		r.load, err = measureLoad(br, popAddr, *sessions, *loadRounds)
		check("load", err)
	}
	if run("idle") {
		r.idle, err = measureIdle(br, *idleN, *profileDir)
		check("idle", err)
	}
	if run("replicas") || run("scale") {
		nh := haproxiesFor(*scaleN)
		measure.Logf("replicas: %d bridges behind %d HAProxy…", *replicasN, nh)
		rs, err := startReplicas(*replicasN, nh, *scaleN/nh+1000)
		check("replicas", err)
		atExit(rs.Close)
		r.haproxyVersion = rs.haps[0].version
		if run("replicas") {
			r.replicaLat, err = measureReplicaLatency(rs, *roundTrips, 3)
			check("replicas", err)
		}
		if run("scale") {
			r.active, err = measureActive(rs, activeSessions)
			check("active sessions", err)
			r.scale, err = measureScale(rs, *scaleN)
			check("scale", err)
		}
	}
	r.took = time.Since(start)
	runCleanups()
	r.print(os.Stdout)
	printAutoconfig(os.Stdout, run)
}

// The bridge and websockify are child processes: they are ended on every
// way out, including a failure and an interrupt.
var (
	cleanupMu sync.Mutex
	cleanups  []func()
)

func atExit(f func()) {
	cleanupMu.Lock()
	defer cleanupMu.Unlock()
	cleanups = append(cleanups, f)
}

func runCleanups() {
	cleanupMu.Lock()
	fs := cleanups
	cleanups = nil
	cleanupMu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}

func init() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-c
		runCleanups()
		os.Exit(130)
	}()
}

// benchData is the payload of the throughput runs: random, the same in
// every process that regenerates it.
func benchData(n int) []byte {
	data := make([]byte, n)
	rand.NewChaCha8([32]byte{'p', 'o', 'p', 'p', 'y'}).Read(data)
	return data
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "benchreport: %s: %v\n", what, err)
	runCleanups()
	os.Exit(1)
}

// nonDefaultFlags returns the flags given on the command line.
func nonDefaultFlags() string {
	var args []string
	flag.Visit(func(f *flag.Flag) { args = append(args, "-"+f.Name+" "+f.Value.String()) })
	return strings.Join(args, " ")
}
