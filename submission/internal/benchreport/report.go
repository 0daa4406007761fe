//go:build !js

package main

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

type report struct {
	bridge                               string // what ran as the bridge (see bridgeLabel)
	msgBytes                             int
	ours, native                         []time.Duration
	ratios                               []float64
	smallOurs, smallNative, smallControl []time.Duration
	turnsOurs, turnsNative, turnsControl []int // one per send, large and small
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func mbps(n int, d time.Duration) string { return fmt.Sprintf("%.0f MB/s", float64(n)/d.Seconds()/1e6) }

// trips describes the round trips counted in every send of one client:
// the one count when all agree, else the range. The verdict takes the
// largest, so that no send's extra round trip is hidden.
func trips(ns []int) (string, int) {
	lo, hi := slices.Min(ns), slices.Max(ns)
	if lo == hi {
		return fmt.Sprintf("%d in each of %d sends", hi, len(ns)), hi
	}
	return fmt.Sprintf("%d to %d over %d sends", lo, hi, len(ns)), hi
}

// inRTT gives a 1 KB send's median time, and that time over the RTT.
func inRTT(ds []time.Duration) string {
	d := measure.Median(ds)
	return fmt.Sprintf("%s, %.1f RTT", ms(d), float64(d)/float64(rtt))
}

func printReport(r *report, took time.Duration) {
	var b strings.Builder
	row := func(cells ...string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	var vd measure.Verdicts
	o, n, ratio := measure.Median(r.ours), measure.Median(r.native), measure.Median(r.ratios)

	fmt.Fprintf(&b, "Sending a message with a %.0f MB attachment (%.1f MB on the wire, base64) to the in-memory submission server (submission/submissionserver) on loopback TCP, whose connections carry %s each way (`Options.Latency`, RTT %s). "+
		"The engine goes the tab's way: `transport.DialSubmission` opens a WebSocket with service=submission to the bridge, which relays it over that link; the bridge is %s. "+
		"The baseline is go-smtp's client over the same link straight to the server. Both speak plain SMTP (as to the demo's server), authenticate with AUTH PLAIN and send the same bytes, which the server checks byte for byte. "+
		"Timed from dialing (the bridge, or the server) to the 250 after the final dot. Ratio: go-smtp's time / the engine's (the engine's throughput over go-smtp's), taken within each run with the two back to back, alternating which goes first; median of %d runs.\n\n",
		float64(*attachment)/1e6, float64(r.msgBytes)/1e6, ms(oneWay), ms(rtt), r.bridge, len(r.ratios))
	row("Measurement", "Result", "Target")
	row("---", "---", "---")
	row("go-smtp's client (`smtp.Client`), straight to the server", fmt.Sprintf("%s, %s", ms(n), mbps(r.msgBytes, n)), "")
	row("The engine (`transport.DialSubmission`, `submission.Client`, PIPELINING) through the bridge", fmt.Sprintf("%s, %s", ms(o), mbps(r.msgBytes, o)), "")
	row("**Engine through the bridge / go-smtp direct, throughput**", fmt.Sprintf("**%.2f×**", ratio), vd.Check("send through the bridge ≥ 0.5× go-smtp direct", ratioTarget, ratio))

	b.WriteString("\nThe engine can beat go-smtp's client even with the bridge in its path: it waits two round trips fewer (below), and it writes the content through a 32 KiB buffer where go-smtp's client writes through net/textproto's 4 KiB one. The bridge's own cost is inside the engine's time.\n\n")
	fmt.Fprintf(&b, "Round trips from the greeting to the 250 after DATA, counted on the client's connection (a read that follows a write is a wait for the server), in every send above and in %d sends of a 1 KB message on each path; the verdict takes the largest count. A 1 KB send is timed from opening the connection (through the bridge: the WebSocket, then the bridge's TCP connection to the server); the greeting alone takes half an RTT.\n\n", len(r.smallOurs))
	row("Client and path", "Round trips", "1 KB send, median", "Target")
	row("---", "---", "---", "---")
	ot, oMax := trips(r.turnsOurs)
	ct, _ := trips(r.turnsControl)
	nt, _ := trips(r.turnsNative)
	row("The engine through the bridge (counted on its WebSocket, below the framing): EHLO, AUTH PLAIN with initial response, MAIL+RCPT+DATA in one write, the content",
		"**"+ot+"**", inRTT(r.smallOurs), vd.Check("≤ 4 round trips with PIPELINING", tripsTarget, float64(oMax)))
	row(fmt.Sprintf("Control, same counter on the same path: go-smtp's client through the bridge, no pipelining (EHLO, AUTH, MAIL, RCPT, DATA, the content: %d)", controlTurns),
		ct, inRTT(r.smallControl), "")
	row("go-smtp's client straight to the server (counted on its TCP connection)", nt, inRTT(r.smallNative), "")

	fmt.Fprintf(&b, "\nMeasured with %s on %s/%s, %d CPUs, in %.0f s (building the bridge included). Reproduce with `make bench`, i.e. `%s`",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), took.Seconds(), reproduceCmd)
	if *reps != 5 || *attachment != 10<<20 {
		fmt.Fprintf(&b, " (this run: `%s -reps %d -attachment %d`)", reproduceCmd, *reps, *attachment)
	}
	b.WriteString(". The run stops without a table if the control does not count what go-smtp's client takes.\n")
	b.WriteString(vd.Summary())
	fmt.Print(b.String())
}
