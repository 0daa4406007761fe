//go:build unix

package main

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

// Issue 14's targets for the deployment at scale.
var (
	replicaAddedTarget = measure.Target{Text: "≤ 0.3 ms", Op: measure.AtMost, Bound: float64(300 * time.Microsecond)}
	scaleIdleTarget    = measure.Target{Text: "≤ 40 KiB", Op: measure.AtMost, Bound: 40 << 10}
)

// capacityUsers is the deployment the capacity figures are worked out
// for.
const capacityUsers = 100_000

// capacityPeriod is how often each of them is assumed to run a full
// session (sign in or check for mail), for the CPU figure.
const capacityPeriod = 5 * time.Minute

func joinMap[T any](xs []T, f func(T) string) string {
	return strings.Join(mapSlice(xs, f), " / ")
}

func (r *report) printReplicas(b *strings.Builder, row func(...string), vd *measure.Verdicts) {
	rl := r.replicaLat
	if rl == nil {
		return
	}
	fmt.Fprintf(b, "Replicas: %d bridges (this program's bridge child, each with `-trusted-proxy 127.0.0.0/8`, plain HTTP) behind HAProxy %s (Debian) running the repository's `deploy/haproxy/haproxy.cfg` unchanged (TLS termination, round robin with health checks on /healthz, the per-client stick table with its limits raised, X-Forwarded-For, WebSocket tunnels), against 1 bridge alone serving TLS itself (`-tls-cert`, as a bridge without a proxy is deployed), all on this machine with the in-memory POP3 server in a process of its own; wss:// both ways, one test certificate. POP3 round trip: NOOP, each sent after the previous reply, %d per session after 100 untimed; each round one session to the lone bridge and one through HAProxy (alternating which goes first), %d rounds; added latency per round, median; round trips pooled. Session setup: %d openings each way per round, alternating, each with a full TLS handshake.\n\n",
		rl.replicas, r.haproxyVersion, rl.perRound, rl.rounds, setupSessions)
	row("Measurement", "1 bridge alone", fmt.Sprintf("%d replicas behind HAProxy", rl.replicas), "Target")
	row("---", "---", "---", "---")
	row("POP3 round trip (NOOP) p50 / p99", us(percentile(rl.direct, 50))+" / "+us(percentile(rl.direct, 99)), us(percentile(rl.proxied, 50))+" / "+us(percentile(rl.proxied, 99)), "")
	added := measure.Median(rl.addedP50)
	row("**Added per POP3 round trip, p50** (through HAProxy − alone, same round)", "", fmt.Sprintf("**%s**", msf(added)),
		vd.Check("HAProxy and replicas add ≤ 0.3 ms per round trip (p50)", replicaAddedTarget, float64(added)))
	row("Added per POP3 round trip, p99", "", msf(measure.Median(rl.addedP99)), "")
	row("Session setup (TLS, WebSocket upgrade, greeting, CAPA + APOP login) p50 / p99",
		msf(percentile(rl.setupDirect, 50))+" / "+msf(percentile(rl.setupDirect, 99)), msf(percentile(rl.setupProxied, 50))+" / "+msf(percentile(rl.setupProxied, 99)), "")
	row("CPU per round trip: the lone bridge / HAProxy (its process)", us(measure.Median(rl.bridgeCPUPerRT)), us(measure.Median(rl.haproxyCPUPerRT)), "")
	b.WriteString("\n")
}

func (r *report) printScale(b *strings.Builder, row func(...string), vd *measure.Verdicts) {
	sc := r.scale
	if sc == nil {
		return
	}
	nr := len(sc.replicas)
	fmt.Fprintf(b, "Idle sessions at scale: %d sessions through HAProxy (%d instance(s) of the same configuration, the clients alternating between them; see the limits below), spread by round robin over the %d replicas above, each logged in over wss:// and past STAT, then left idle; each replica's growth (its own process, after GC and returning free memory to the OS) divided by the sessions it holds; the worst replica is held to the target. The POP3 server runs in a process of its own. Opened 64 at a time, in %.1f s.\n\n",
		sc.n, sc.haproxies, nr, sc.openedIn.Seconds())
	row("Measurement", "Per idle session", "Target")
	row("---", "---", "---")
	kibs := func(f func(replicaIdle) float64) string {
		return joinMap(sc.replicas, func(ri replicaIdle) string { return kib(f(ri)) })
	}
	row("**Go heap + stacks in use, worst replica** (HeapInuse + StackInuse)", fmt.Sprintf("**%s** (each replica: %s; heap %s, stacks %s)", kib(sc.worstHeap),
		kibs(func(ri replicaIdle) float64 { return ri.heapStack }), kibs(func(ri replicaIdle) float64 { return ri.heap }), kibs(func(ri replicaIdle) float64 { return ri.stack })),
		vd.Check(fmt.Sprintf("≤ 40 KiB heap + stacks per session per bridge at %d sessions", sc.n), scaleIdleTarget, sc.worstHeap))
	row("**Resident set size (VmRSS), worst replica**", fmt.Sprintf("**%s** (each replica: %s)", kib(sc.worstRSS), kibs(func(ri replicaIdle) float64 { return ri.rss })),
		vd.Check(fmt.Sprintf("≤ 40 KiB RSS per session per bridge at %d sessions", sc.n), scaleIdleTarget, sc.worstRSS))
	row("Sessions held by each replica", joinMap(sc.replicas, func(ri replicaIdle) string { return fmt.Sprint(ri.sessions) }), "")
	row("Goroutines per session (each replica)", joinMap(sc.replicas, func(ri replicaIdle) string { return fmt.Sprintf("%.2f", ri.gorts) }), "")
	row("HAProxy resident set size (all instances)", kib(sc.hapRSS), "")
	if a := r.active; a != nil {
		row(fmt.Sprintf("Active session, for comparison: %d downloads (RETR of a %d MiB message) to browsers that stopped reading, on one replica: heap + stacks / RSS", a.k, bigMessageBytes>>20),
			fmt.Sprintf("%s / %s (heap %s, stacks %s)", kib(a.heapStack), kib(a.rss), kib(a.heap), kib(a.stack)), "")
	}
	row("CPU to open one (TLS, WebSocket, greeting, login, STAT): replicas / HAProxy / clients + POP3 server", us(sc.openBridgeCPU)+" / "+us(sc.openHAProxyCPU)+" / "+us(sc.openClientCPU), "")
	row(fmt.Sprintf("CPU while idle (over %v): replicas / HAProxy", idleWindow), fmt.Sprintf("%.0f / %.0f ns per session per second", float64(sc.idleBridgeCPU), float64(sc.idleHAProxyCPU)), "")
	itoa := func(n int) string { return fmt.Sprint(n) }
	row("Open files with the sessions open: each replica; each HAProxy; the clients; the POP3 server",
		joinMap(sc.fdsReplicas, itoa)+"; "+joinMap(sc.fdsHAProxy, itoa)+"; "+itoa(sc.fdsBench)+"; "+itoa(sc.fdsPOP3), "")
	b.WriteString("\n")
	fmt.Fprintf(b, "Limits met on the way: open files. Each session holds 2 descriptors in a bridge (the WebSocket and the TCP connection to the mail server), 2 in HAProxy, 1 in the client and 1 in the POP3 server. A process may open at most its hard RLIMIT_NOFILE (%d here; only a process with CAP_SYS_RESOURCE may raise it, which this machine's root lacks): so the clients (this process, soft limit raised to %d) and the POP3 server are separate processes, and %d sessions need %d HAProxy instance(s) (each raised its own limit to %s from `maxconn`). Ephemeral ports: each session takes one for the client → HAProxy, one for HAProxy → a replica and one for the replica → the mail server, from %d–%d (%d ports per source address and destination address:port): on loopback every hop has a destination of its own, so %d sessions fit.\n\n",
		sc.nofileHard, sc.nofileBench, sc.n, sc.haproxies, sc.nofileHAProxy, sc.portRange[0], sc.portRange[1], sc.ports(), sc.n)
}

// ports is how many source ports the kernel hands out towards one
// destination from one source address.
func (sc *scaleReport) ports() int { return sc.portRange[1] - sc.portRange[0] + 1 }

// printCapacity works out what a deployment needs from this run's figures.
func (r *report) printCapacity(b *strings.Builder, row func(...string)) {
	sc, rl := r.scale, r.replicaLat
	if sc == nil || rl == nil {
		return
	}
	perIdle := max(sc.worstHeap, sc.worstRSS)
	fmt.Fprintf(b, "Capacity, from this run's figures (for docs/capacity.md): per session on a bridge and on HAProxy, and what %d concurrent users (open sessions, mostly idle) need. CPU per core assumes a core of this machine; activity assumes each user runs one full session (sign in or check for mail: login, STAT, LIST, RETR, QUIT) every %v.\n\n",
		capacityUsers, capacityPeriod)
	row("Figure", "Value", "From")
	row("---", "---", "---")
	row("Memory per idle session, bridge (heap + stacks / RSS, worst replica)", kib(sc.worstHeap)+" / "+kib(sc.worstRSS), fmt.Sprintf("%d idle sessions", sc.n))
	row("Memory per idle session, HAProxy (RSS)", kib(sc.hapRSS), fmt.Sprintf("%d idle sessions", sc.n))
	if a := r.active; a != nil {
		row("Memory per active session, bridge (heap + stacks / RSS): a download waiting on its browser (one chunk buffer of relay.MaxMessageToBrowser; an upload in flight holds one more)", kib(a.heapStack)+" / "+kib(a.rss), fmt.Sprintf("%d stalled downloads", a.k))
	}
	row("CPU per idle session: bridge / HAProxy", fmt.Sprintf("%.0f / %.0f ns per second", float64(sc.idleBridgeCPU), float64(sc.idleHAProxyCPU)), fmt.Sprintf("%d idle sessions", sc.n))
	if ld := r.load; ld != nil {
		cpu := measure.Median(ld.bridgeCPU)
		row("Bridge CPU per full session (login, STAT, LIST, RETR 2 KB, QUIT)", us(cpu), fmt.Sprintf("load, %d at once", ld.sessions))
		row("Full sessions per second per core, bridge", fmt.Sprintf("%.0f", float64(time.Second)/float64(cpu)), "1 s / the line above")
	}
	row("CPU per session opened (TLS at HAProxy, login + STAT): bridge / HAProxy", us(sc.openBridgeCPU)+" / "+us(sc.openHAProxyCPU), fmt.Sprintf("%d idle sessions", sc.n))
	row("Sessions opened per second per core: bridge / HAProxy", fmt.Sprintf("%.0f / %.0f", float64(time.Second)/float64(sc.openBridgeCPU), float64(time.Second)/float64(sc.openHAProxyCPU)), "1 s / the line above")
	row("CPU per POP3 round trip: bridge / HAProxy", us(measure.Median(rl.bridgeCPUPerRT))+" / "+us(measure.Median(rl.haproxyCPUPerRT)), "replicas")
	if tp := r.tp; tp != nil {
		per := func(ts []timing) string {
			d := measure.Median(mapSlice(ts, func(t timing) time.Duration { return t.relayCPU }))
			return msf(time.Duration(float64(d) * 1e6 / float64(tp.size)))
		}
		row("Bridge CPU per MB relayed, ↑ / ↓", per(tp.up[iOurs])+" / "+per(tp.down[iOurs]), "throughput")
	}
	// The deployment.
	users := float64(capacityUsers)
	ports := sc.ports()
	addrs := int(math.Ceil(users / float64(ports)))
	replicas := max(addrs, 2)
	perReplica := int(math.Ceil(users / float64(replicas)))
	row(fmt.Sprintf("%d users: replicas", capacityUsers), fmt.Sprintf("%d, one source address each (%d sessions each, under the %d source ports towards one mail server)", replicas, perReplica, ports), "ephemeral ports")
	row(fmt.Sprintf("%d users: memory per replica / in all", capacityUsers), fmt.Sprintf("%.2f GiB / %.2f GiB", float64(perReplica)*perIdle/(1<<30), users*perIdle/(1<<30)), "idle memory (the larger of heap + stacks and RSS)")
	row(fmt.Sprintf("%d users: open files per replica", capacityUsers), fmt.Sprintf("%d (2 per session; set LimitNOFILE / `ulimit -n` above it)", 2*perReplica), "")
	row(fmt.Sprintf("%d users: HAProxy", capacityUsers), fmt.Sprintf("maxconn ≥ %d, %d open files, %.2f GiB", capacityUsers, 2*capacityUsers, users*sc.hapRSS/(1<<30)), "idle memory")
	rate := users / capacityPeriod.Seconds()
	if ld := r.load; ld != nil {
		row(fmt.Sprintf("%d users: CPU at one full session each per %v (%.0f per second)", capacityUsers, capacityPeriod, rate),
			fmt.Sprintf("%.2f cores of bridges, %.2f of HAProxy", rate*float64(measure.Median(ld.bridgeCPU))/1e9, rate*float64(sc.openHAProxyCPU)/1e9), "full session; HAProxy per session opened")
	}
	row("Next limit: source ports towards one mail server", fmt.Sprintf("%d per source address (ip_local_port_range %d–%d); %d users on one mail server need %d source addresses, or %d with the range widened to 1024–65535", ports, sc.portRange[0], sc.portRange[1], capacityUsers, addrs, int(math.Ceil(users/64512))), "")
	b.WriteString("\n")
	fmt.Fprintf(b, "The bridges connect to the mail server from their host's address: to spread source ports, give each replica a source address of its own (one host or container address each, or several addresses routed so that each replica leaves from its own), or widen `net.ipv4.ip_local_port_range`. HAProxy → replicas is bounded the same way per replica address, which %d replicas keep below %d each. Measured on %d CPUs shared with the clients and the POP3 server.\n\n",
		replicas, ports, runtime.NumCPU())
}
