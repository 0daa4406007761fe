//go:build !js

// Command benchreport measures sending and prints the Markdown table
// that docs/benchmarks.md quotes (`make bench`): a message with a 10 MB
// attachment sent through the bridge to the in-memory submission server
// (submission/submissionserver) with 25 ms of latency each way, the way
// the tab sends (app/transport.DialSubmission, a WebSocket with
// service=submission, the submission engine), against go-smtp's own
// client on the same link straight to the server, at the same moment;
// and the round trips from the greeting to the 250 after DATA, counted
// on the client's connection, with go-smtp's client on the same path as
// the control that shows the counter sees every round trip.
//
// The bridge is the real binary, built and started by this program.
// Progress goes to stderr, the table to stdout.
package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/measure"
)

const (
	oneWay       = 25 * time.Millisecond
	rtt          = 2 * oneWay
	reproduceCmd = "go run ./submission/internal/benchreport"
	// controlTurns is what go-smtp's client, which does not pipeline,
	// takes from the greeting to the 250 after DATA: EHLO, AUTH PLAIN
	// with its initial response, MAIL, RCPT, DATA, the content.
	controlTurns = 6
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
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// run measures and prints the report. It returns, rather than exits, on
// every failure, so that its deferred calls stop the bridge process; an
// interrupt closes the server, which fails the send under way.
func run() error {
	start := time.Now()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := startServer(oneWay)
	if err != nil {
		return fmt.Errorf("server: %w", err)
	}
	defer srv.Close()
	go func() { <-ctx.Done(); srv.Close() }()
	br, err := startBridge(ctx, srv.addr)
	if err != nil {
		return fmt.Errorf("bridge: %w", err)
	}
	defer br.Close()
	hook := &pageTransport{base: http.DefaultTransport, origin: strings.TrimSuffix(br.url, "/")}
	http.DefaultClient.Transport = hook
	tgt, err := br.target(ctx)
	if err != nil {
		return fmt.Errorf("bridge: %w", err)
	}
	r := &rig{pageURL: br.url, target: tgt, addr: srv.addr, hook: hook}

	rep, err := measureSends(r, srv)
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", err)
		}
		return fmt.Errorf("send: %w", err)
	}
	rep.bridge = bridgeLabel()
	br.Close()
	printReport(rep, time.Since(start))
	return nil
}

// client is one way of sending that the report times.
type client struct {
	name string
	send func([]byte) (sent, error)
}

// measureSends times the large message with both clients, then the round
// trips with a 1 KB one on all three paths; every send is checked to have
// arrived intact.
func measureSends(r *rig, srv *server) (*report, error) {
	msg := buildMessage(*attachment)
	small := buildMessage(1 << 10)
	ours := client{"engine via the bridge", r.sendOurs}
	native := client{"go-smtp direct", r.sendNative}
	control := client{"go-smtp via the bridge", r.sendNativeBridged}
	checked := func(c client, m []byte) (sent, error) {
		before := srv.delivered()
		s, err := c.send(m)
		if err != nil {
			return s, fmt.Errorf("%s: %w", c.name, err)
		}
		if srv.delivered() != before+1 {
			return s, fmt.Errorf("%s: the server did not get the message intact", c.name)
		}
		return s, nil
	}
	rep := &report{msgBytes: len(msg)}

	// Warm-up, untimed: the bridge process, the server and both clients
	// on the large message.
	srv.expect(msg)
	for _, c := range []client{ours, native} {
		if _, err := checked(c, msg); err != nil {
			return nil, err
		}
	}
	for i := range *reps {
		// Alternate which client goes first, so that neither always gets
		// the warmer machine.
		pair := []client{ours, native}
		if i%2 == 1 {
			pair = []client{native, ours}
		}
		got := map[string]sent{}
		for _, c := range pair {
			s, err := checked(c, msg)
			if err != nil {
				return nil, err
			}
			got[c.name] = s
		}
		o, n := got[ours.name], got[native.name]
		rep.ours = append(rep.ours, o.took)
		rep.native = append(rep.native, n.took)
		rep.ratios = append(rep.ratios, float64(n.took)/float64(o.took))
		rep.turnsOurs = append(rep.turnsOurs, o.turns)
		rep.turnsNative = append(rep.turnsNative, n.turns)
		measure.Logf("send %d/%d: engine via the bridge %v (%d round trips), go-smtp direct %v (%d)",
			i+1, *reps, o.took.Round(time.Millisecond), o.turns, n.took.Round(time.Millisecond), n.turns)
	}

	srv.expect(small)
	for i := range *reps {
		three := []client{ours, native, control}
		got := map[string]sent{}
		for k := range three {
			c := three[(i+k)%len(three)]
			s, err := checked(c, small)
			if err != nil {
				return nil, err
			}
			got[c.name] = s
		}
		o, n, ctl := got[ours.name], got[native.name], got[control.name]
		rep.smallOurs = append(rep.smallOurs, o.took)
		rep.smallNative = append(rep.smallNative, n.took)
		rep.smallControl = append(rep.smallControl, ctl.took)
		rep.turnsOurs = append(rep.turnsOurs, o.turns)
		rep.turnsNative = append(rep.turnsNative, n.turns)
		rep.turnsControl = append(rep.turnsControl, ctl.turns)
		measure.Logf("1 KB send %d/%d: engine via the bridge %v (%d round trips), go-smtp direct %v (%d), go-smtp via the bridge %v (%d)",
			i+1, *reps, o.took.Round(time.Millisecond), o.turns, n.took.Round(time.Millisecond), n.turns,
			ctl.took.Round(time.Millisecond), ctl.turns)
	}
	// The control: a counter that missed round trips would make any
	// engine look pipelined.
	for _, n := range rep.turnsControl {
		if n != controlTurns {
			return nil, fmt.Errorf("the round-trip counter saw %d round trips of go-smtp's client through the bridge, which takes %d; the count cannot be trusted", n, controlTurns)
		}
	}
	return rep, nil
}
