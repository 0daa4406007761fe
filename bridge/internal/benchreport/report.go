//go:build unix

package main

import (
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

// percentile returns the nearest-rank p-th percentile.
func percentile(xs []time.Duration, p int) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := (p*len(s) + 99) / 100 // ceil(p/100 × n), 1-based
	return s[max(k, 1)-1]
}

func mbps(n int64, d time.Duration) string {
	return fmt.Sprintf("%.0f MB/s", float64(n)/d.Seconds()/1e6)
}

func us(d time.Duration) string { return fmt.Sprintf("%.0f µs", float64(d)/float64(time.Microsecond)) }

func msec(d time.Duration) string {
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

// msf prints milliseconds with a decimal, for times of a few ms.
func msf(d time.Duration) string {
	return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
}

func kib(b float64) string { return fmt.Sprintf("%.1f KiB", b/1024) }

// The targets the report holds its figures to.
var (
	vsWebsockifyTarget = measure.Target{Text: "≥ 1.5× both ways", Op: measure.AtLeast, Bound: 1.5}
	vsDirectTarget     = measure.Target{Text: "≥ 0.5× both ways", Op: measure.AtLeast, Bound: 0.5}
	latencyTarget      = measure.Target{Text: "< 1× (lower)", Op: measure.Below, Bound: 1}
	idleTarget         = measure.Target{Text: "≤ 64 KiB", Op: measure.AtMost, Bound: 64 << 10}
	vsCeilingTarget    = measure.Target{Text: "≥ 0.9× both ways", Op: measure.AtLeast, Bound: 0.9}
)

type report struct {
	tp                *throughputReport
	lat               *latencyReport
	load              *loadReport
	idle              *idleReport
	replicaLat        *replicaLatencyReport
	scale             *scaleReport
	active            *activeReport
	haproxyVersion    string
	bridge            string // what ran as the bridge (see bridgeLabel)
	websockifyVersion string
	took              time.Duration
}

// Path indexes in throughput and latency reports.
const (
	iDirect = iota
	iOurs
	iWebsockify
	iCeiling    // the WebSocket endpoint sending 32 KiB messages
	iCeilingBig // the one sending the bridge's message size
)

func mapSlice[T, U any](xs []T, f func(T) U) []U {
	out := make([]U, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return out
}

func (r *report) print(w io.Writer) {
	var b strings.Builder
	row := func(cells ...string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	var vd measure.Verdicts

	if tp := r.tp; tp != nil {
		// Ratios are taken within each round (the paths measured back
		// to back), then the median over rounds.
		ratio := func(runs [][]timing, a, c int) float64 {
			var rs []float64
			for i := range runs[a] {
				rs = append(rs, float64(runs[c][i].took)/float64(runs[a][i].took))
			}
			return measure.Median(rs)
		}
		took := func(ts []timing) time.Duration {
			return measure.Median(mapSlice(ts, func(t timing) time.Duration { return t.took }))
		}
		// CPU per 100 MB moved, median over runs.
		per100 := func(ts []timing, f func(timing) time.Duration) string {
			d := measure.Median(mapSlice(ts, f))
			return msec(time.Duration(float64(d) * 100e6 / float64(tp.size)))
		}
		relay := func(t timing) time.Duration { return t.relayCPU }
		all := func(t timing) time.Duration { return t.relayCPU + t.localCPU }
		upW, downW := ratio(tp.up, iOurs, iWebsockify), ratio(tp.down, iOurs, iWebsockify)
		upD, downD := ratio(tp.up, iOurs, iDirect), ratio(tp.down, iOurs, iDirect)
		upC, downC := ratio(tp.up, iOurs, iCeiling), ratio(tp.down, iOurs, iCeiling)
		upCB, downCB := ratio(tp.up, iOurs, iCeilingBig), ratio(tp.down, iOurs, iCeilingBig)
		fmt.Fprintf(&b, "Throughput: %d MB (10⁶ bytes, random, checked by byte count and CRC-32C) in one session, over loopback; the client sends binary messages of %d KiB. Same client (Go, github.com/coder/websocket), same TCP target; the paths run back to back in an order rotating from run to run; median of %d runs, ratios taken within each run. The WebSocket endpoint is a Go WebSocket server (coder/websocket, like the bridge) in a process of its own that is itself the sink and the source: with no TCP hop behind it, it bounds what a bridge sending messages of its size can reach with this client. Two endpoints run: one sending %d KiB messages, the ceiling issue 14 holds the bridge to, and one sending %d KiB messages, the largest the bridge sends (relay.MaxMessageToBrowser) and what it sends while a download streams. CPU: time on CPU during the transfer (/proc/PID/task/*/schedstat) of the relay's process(es) (the endpoint's own for the endpoint), and of everything (client, target and relay), per 100 MB.\n\n",
			tp.size/1e6, msgSize>>10, len(tp.up[0]), msgSize>>10, bridgeMsgSize>>10)
		row("Path", "browser → server", "server → browser", "Relay CPU, ↑ / ↓", "All CPU, ↑ / ↓", "Target")
		row("---", "---", "---", "---", "---", "---")
		for j, name := range tp.names {
			relayCPU := per100(tp.up[j], relay) + " / " + per100(tp.down[j], relay)
			switch j {
			case iDirect:
				relayCPU = "—"
			case iWebsockify:
				if r.websockifyVersion != "" {
					name += " " + r.websockifyVersion + " (Debian)"
				}
			case iCeiling:
				name += " (the ceiling of issue 14)"
			case iCeilingBig:
				name += " (the bridge's size)"
			}
			row(name, mbps(tp.size, took(tp.up[j])), mbps(tp.size, took(tp.down[j])), relayCPU,
				per100(tp.up[j], all)+" / "+per100(tp.down[j], all), "")
		}
		row("**Ours / websockify**", fmt.Sprintf("**%.2f×**", upW), fmt.Sprintf("**%.2f×**", downW), "", "",
			vd.Check("throughput ≥ 1.5× websockify", vsWebsockifyTarget, upW, downW))
		row("**Ours / direct TCP**", fmt.Sprintf("**%.2f×**", upD), fmt.Sprintf("**%.2f×**", downD), "", "",
			vd.Check("throughput ≥ 0.5× direct", vsDirectTarget, upD, downD))
		row(fmt.Sprintf("**Ours / WebSocket endpoint, %d KiB messages** (the ceiling)", msgSize>>10), fmt.Sprintf("**%.2f×**", upC), fmt.Sprintf("**%.2f×**", downC), "", "",
			vd.Check("throughput ≥ 0.9× the WebSocket ceiling", vsCeilingTarget, upC, downC))
		row(fmt.Sprintf("Ours / WebSocket endpoint, %d KiB messages (the bridge's size)", bridgeMsgSize>>10), fmt.Sprintf("%.2f×", upCB), fmt.Sprintf("%.2f×", downCB), "", "", "")
		b.WriteString("\n")
		// What bounds the figures, in this run's numbers.
		for _, d := range []struct {
			name string
			runs [][]timing
		}{{"browser → server", tp.up}, {"server → browser", tp.down}} {
			ceil := ratio(d.runs, iCeiling, iDirect)
			allOurs := measure.Median(mapSlice(d.runs[iOurs], all))
			allW := measure.Median(mapSlice(d.runs[iWebsockify], all))
			var notes []string
			if ceil < 0.5 {
				notes = append(notes, fmt.Sprintf("the WebSocket endpoint with no relay at all reaches only %.2f× direct TCP, so with this client no bridge can reach 0.5× (ours reaches %.2f× of that ceiling)", ceil, ratio(d.runs, iOurs, iCeiling)))
			}
			if c, cb := ratio(d.runs, iOurs, iCeiling), ratio(d.runs, iOurs, iCeilingBig); min(c, cb) < vsCeilingTarget.Bound {
				bound := func(e int) float64 { return float64(measure.Median(mapSlice(d.runs[e], all))) / float64(allOurs) }
				notes = append(notes, fmt.Sprintf("through ours the client, the relay and the target (a TCP sink in this program: one more party at work than on the endpoints' paths) spend %s of CPU per 100 MB, the relay %s of it (it reads every byte from the target before writing it); through the endpoints, which are their own sink and source, %s and %s (themselves %s and %s, with %d and %d KiB messages); on %d CPUs, were every path bound by CPU, ours would reach %.2f× and %.2f× of them by work alone; it reached %.2f× and %.2f×",
					per100(d.runs[iOurs], all), per100(d.runs[iOurs], relay), per100(d.runs[iCeiling], all), per100(d.runs[iCeilingBig], all),
					per100(d.runs[iCeiling], relay), per100(d.runs[iCeilingBig], relay), msgSize>>10, bridgeMsgSize>>10,
					runtime.NumCPU(), bound(iCeiling), bound(iCeilingBig), c, cb))
			}
			if w := float64(allW) / float64(allOurs); w < 1.5 {
				notes = append(notes, fmt.Sprintf("client, target and relay together spend %s of CPU per 100 MB through ours and %s through websockify; on %d CPUs a CPU-bound path is at most %.2f× as fast as the other by work alone",
					per100(d.runs[iOurs], all), per100(d.runs[iWebsockify], all), runtime.NumCPU(), w))
			}
			if len(notes) > 0 {
				fmt.Fprintf(&b, "%s: %s.\n\n", strings.ToUpper(d.name[:1])+d.name[1:], strings.Join(notes, "; "))
			}
		}
	}

	if l := r.lat; l != nil {
		fmt.Fprintf(&b, "Round-trip latency: %d-byte binary message to a TCP echo and back, each sent after the previous one returned; %d round trips per path in each of %d rounds (rotating order), pooled, after 100 untimed.\n\n",
			pingSize, len(l.rtts[0])/l.rounds, l.rounds)
		row("Path", "p50", "p99", "Target")
		row("---", "---", "---", "---")
		for j, name := range l.names {
			row(name, us(percentile(l.rtts[j], 50)), us(percentile(l.rtts[j], 99)), "")
		}
		o50, o99 := percentile(l.rtts[iOurs], 50), percentile(l.rtts[iOurs], 99)
		w50, w99 := percentile(l.rtts[iWebsockify], 50), percentile(l.rtts[iWebsockify], 99)
		d50, d99 := percentile(l.rtts[iDirect], 50), percentile(l.rtts[iDirect], 99)
		row("**Ours / websockify**", fmt.Sprintf("**%.2f×**", float64(o50)/float64(w50)), fmt.Sprintf("**%.2f×**", float64(o99)/float64(w99)),
			vd.Check("latency below websockify", latencyTarget, float64(o50)/float64(w50), float64(o99)/float64(w99)))
		row("Added by the bridge (ours − direct)", us(o50-d50), us(o99-d99), "")
		row("Added by websockify (websockify − direct)", us(w50-d50), us(w99-d99), "")
		b.WriteString("\n")
	}

	if ld := r.load; ld != nil {
		fmt.Fprintf(&b, "Load: batches of %d concurrent POP3 sessions, released at once, against the in-memory server (pop3/pop3server) on loopback: connect, greeting, CAPA + APOP login, STAT, LIST, RETR of a %.1f KB message (checked), QUIT. Through the bridge each session is a WebSocket (pop3.NewClient over websocket.NetConn, as in the app); directly it is TCP. %d rounds, each a direct and a bridged batch (alternating which goes first); session times pooled, added latency, rates and CPU per round, median. Clients, server and bridge share the machine's %d CPUs, so a batch is bound by their total CPU time per session.\n\n",
			ld.sessions, float64(ld.msgBytes)/1e3, ld.rounds, runtime.NumCPU())
		row("Measurement", "Direct", "Through the bridge", "Target")
		row("---", "---", "---", "---")
		row(fmt.Sprintf("One session at a time (%d each, alternating): session time p50 / p99", len(ld.seqDirect)),
			msf(percentile(ld.seqDirect, 50))+" / "+msf(percentile(ld.seqDirect, 99)), msf(percentile(ld.seqBridged, 50))+" / "+msf(percentile(ld.seqBridged, 99)), "")
		row("One at a time: added latency p50 / p99", "", msf(percentile(ld.seqBridged, 50)-percentile(ld.seqDirect, 50))+" / "+msf(percentile(ld.seqBridged, 99)-percentile(ld.seqDirect, 99)), "")
		row(fmt.Sprintf("%d at once: session time p50", ld.sessions), msec(percentile(ld.direct, 50)), msec(percentile(ld.bridged, 50)), "")
		row(fmt.Sprintf("%d at once: session time p99", ld.sessions), msec(percentile(ld.direct, 99)), msec(percentile(ld.bridged, 99)), "")
		row(fmt.Sprintf("%d at once: sessions per second (batch size / batch time)", ld.sessions), fmt.Sprintf("%.0f", measure.Median(ld.directRate)), fmt.Sprintf("%.0f", measure.Median(ld.bridgedRate)), "")
		row(fmt.Sprintf("**%d at once: added latency p50 / p99** (bridged − direct, same round)", ld.sessions), "", fmt.Sprintf("**%s / %s**", msec(measure.Median(ld.addedP50)), msec(measure.Median(ld.addedP99))), "report")
		row(fmt.Sprintf("%d at once: CPU time per session, clients + POP3 server (this process)", ld.sessions), us(measure.Median(ld.directCPU)), us(measure.Median(ld.clientCPU)), "")
		row(fmt.Sprintf("%d at once: CPU time per session, the bridge (its process)", ld.sessions), "", us(measure.Median(ld.bridgeCPU)), "")
		b.WriteString("\n")
	}

	if id := r.idle; id != nil {
		fmt.Fprintf(&b, "Memory per idle session: %d sessions through the bridge, each logged in and past STAT, then left idle; growth of the bridge process (its own process, after GC and returning free memory to the OS) divided by %d.\n\n", id.n, id.n)
		row("Measurement", "Per idle session", "Target")
		row("---", "---", "---")
		row("**Go heap + stacks in use** (runtime.MemStats HeapInuse + StackInuse)", fmt.Sprintf("**%s** (heap %s, stacks %s)", kib(id.heapStackPerSes), kib(id.heapPerSes), kib(id.stackPerSes)),
			vd.Check("≤ 64 KiB per idle session", idleTarget, id.heapStackPerSes))
		row("Resident set size (VmRSS)", kib(id.rssPerSes), "")
		row("Goroutines", fmt.Sprintf("%.2f", id.goroutinesPer), "")
		b.WriteString("\n")
	}

	r.printReplicas(&b, row, &vd)
	r.printScale(&b, row, &vd)
	r.printCapacity(&b, row)

	fmt.Fprintf(&b, "Measured with %s on %s/%s, %d CPUs, in %.0f s. The bridge under test is %s. websockify runs in a process of its own too (`websockify 127.0.0.1:PORT TARGET`). Reproduce with `make bench`, i.e. `.ci/install-deps websockify haproxy && %s`",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), r.took.Seconds(), r.bridge, reproduceCmd)
	if args := nonDefaultFlags(); args != "" {
		fmt.Fprintf(&b, " (this run: `%s %s`)", reproduceCmd, args)
	}
	b.WriteString(".\n")
	b.WriteString(vd.Summary())
	io.WriteString(w, b.String())
}
