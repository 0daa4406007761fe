//go:build !js

// Command benchreport measures the submission engine and prints the
// Markdown table that docs/benchmarks.md quotes (`make bench`): sending
// a message with a 10 MB attachment over a link with 25 ms each way,
// against go-smtp's own client on the same link at the same moment, and
// the round trips from the greeting to the 250 after DATA, counted.
//
// The receiving end is go-smtp's server on loopback TCP, each accepted
// connection delayed with netsim; both clients authenticate with PLAIN
// and send the same bytes. Progress goes to stderr, the table to stdout.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

const (
	oneWay       = 25 * time.Millisecond
	rtt          = 2 * oneWay
	reproduceCmd = "go run ./submission/internal/benchreport"
)

var (
	ratioTarget = measure.Target{Text: "≥ 0.5×", Op: measure.AtLeast, Bound: 0.5}
	tripsTarget = measure.Target{Text: "≤ 4", Op: measure.AtMost, Bound: 4}
)

var (
	reps       = flag.Int("reps", 5, "timed sends with each client; the median is reported")
	attachment = flag.Int("attachment", 10<<20, "bytes of the attachment (base64-encoded into the message)")
)

func main() {
	flag.Parse()
	if *reps < 1 || *attachment < 1 {
		fmt.Fprintln(os.Stderr, "benchreport: -reps and -attachment must be ≥ 1")
		os.Exit(2)
	}
	start := time.Now()
	srv, err := startServer(oneWay)
	if err != nil {
		fail("server", err)
	}
	defer srv.Close()
	msg := buildMessage(*attachment)

	var ours, native []time.Duration
	var ratios []float64
	for i := 0; i < *reps; i++ {
		// Alternate which client goes first, so neither always gets the
		// warmer machine.
		var to, tn time.Duration
		for j := 0; j < 2; j++ {
			var err error
			if (i+j)%2 == 0 {
				to, _, err = sendOurs(srv.Addr(), msg)
			} else {
				tn, _, err = sendNative(srv.Addr(), msg)
			}
			if err != nil {
				fail("send", err)
			}
		}
		if got := srv.Received(); got != len(msg) {
			fail("send", fmt.Errorf("the server received %d bytes, want %d", got, len(msg)))
		}
		ours = append(ours, to)
		native = append(native, tn)
		ratios = append(ratios, float64(tn)/float64(to))
		measure.Logf("send: engine %v, go-smtp %v", to.Round(time.Millisecond), tn.Round(time.Millisecond))
	}

	small := buildMessage(1 << 10)
	tOurs, turnsOurs, err := sendOurs(srv.Addr(), small)
	if err != nil {
		fail("round trips", err)
	}
	tNative, turnsNative, err := sendNative(srv.Addr(), small)
	if err != nil {
		fail("round trips", err)
	}
	printReport(report{
		msgBytes: len(msg), ours: ours, native: native, ratios: ratios,
		turnsOurs: turnsOurs, turnsNative: turnsNative, smallOurs: tOurs, smallNative: tNative,
	}, time.Since(start))
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "benchreport: %s: %v\n", what, err)
	os.Exit(1)
}

type report struct {
	msgBytes               int
	ours, native           []time.Duration
	ratios                 []float64
	turnsOurs              int
	turnsNative            int
	smallOurs, smallNative time.Duration
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

func mbps(n int, d time.Duration) string { return fmt.Sprintf("%.0f MB/s", float64(n)/d.Seconds()/1e6) }

func printReport(r report, took time.Duration) {
	var b strings.Builder
	row := func(cells ...string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	var vd measure.Verdicts
	o, n, ratio := measure.Median(r.ours), measure.Median(r.native), measure.Median(r.ratios)

	fmt.Fprintf(&b, "Sending a message with a %.0f MB attachment (%.1f MB on the wire, base64) to go-smtp's server over loopback TCP with %s injected each way (RTT %s): connect, greeting, EHLO, AUTH PLAIN, MAIL, RCPT, DATA, content, until the 250 after the final dot. Ratio: go-smtp's time / the engine's (throughput, higher is better), median of %d alternating runs.\n\n",
		float64(*attachment)/1e6, float64(r.msgBytes)/1e6, ms(oneWay), ms(rtt), len(r.ratios))
	row("Measurement", "Result", "Target")
	row("---", "---", "---")
	row("go-smtp's client (`smtp.Client`: one command per round trip)", fmt.Sprintf("%s, %s", ms(n), mbps(r.msgBytes, n)), "")
	row("The engine (`submission.Client`, PIPELINING)", fmt.Sprintf("%s, %s", ms(o), mbps(r.msgBytes, o)), "")
	row("**Engine throughput / go-smtp's**", fmt.Sprintf("**%.2f×**", ratio), vd.Check("send ≥ 0.5× go-smtp", ratioTarget, ratio))
	row("Round trips from the greeting to the 250 after DATA, counted (client writes followed by a wait for the server), the engine: EHLO, AUTH with initial response, MAIL+RCPT+DATA, content", fmt.Sprintf("**%d** (1 KB message: %s, %.1f RTT)", r.turnsOurs, ms(r.smallOurs), float64(r.smallOurs)/float64(rtt)),
		vd.Check("≤ 4 round trips with PIPELINING", tripsTarget, float64(r.turnsOurs)))
	row("Same, go-smtp's client", fmt.Sprintf("%d (1 KB message: %s, %.1f RTT)", r.turnsNative, ms(r.smallNative), float64(r.smallNative)/float64(rtt)), "")

	fmt.Fprintf(&b, "\nMeasured with %s on %s/%s, %d CPUs, in %.0f s. Reproduce with `make bench`, i.e. `%s`",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), took.Seconds(), reproduceCmd)
	if *reps != 5 || *attachment != 10<<20 {
		fmt.Fprintf(&b, " (this run: `%s -reps %d -attachment %d`)", reproduceCmd, *reps, *attachment)
	}
	b.WriteString(". The time of the 1 KB send includes connecting; the RTT figure is that time over the RTT.\n")
	b.WriteString(vd.Summary())
	fmt.Print(b.String())
}
