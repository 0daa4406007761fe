//go:build !js

// Command benchreport measures the POP3 client and prints the Markdown
// table that docs/benchmarks.md quotes (`make bench`). Every figure that matters
// is a ratio against a baseline measured in the same run, since absolute
// times drift on shared machines (see docs/architecture.md, "Conventions").
//
// Progress goes to stderr; the table and the command that reproduces it
// go to stdout.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

const (
	benchUser = "bench"
	benchPass = "secret"

	inboxSize    = 1000
	oneWay       = 25 * time.Millisecond
	rtt          = 2 * oneWay
	bigSize      = 50 << 20
	floorRTTs    = 2 // CAPA after login with UIDL+LIST (one write), the TOP batch
	reproduceCmd = "go run ./pop3/internal/benchreport"
)

// The targets the report holds its figures to. The two memory targets
// say "streams" in numbers: a client that held the 50 MiB message, or
// copied it, would miss them by orders of magnitude.
var (
	speedupTarget = measure.Target{Text: "≥ 20×", Op: measure.AtLeast, Bound: 20}
	floorTarget   = measure.Target{Text: "≤ 3×", Op: measure.AtMost, Bound: 3}
	clientTarget  = measure.Target{Text: "≥ 0.5×", Op: measure.AtLeast, Bound: 0.5}
	allocTarget   = measure.Target{Text: "≤ 0.01 (≪ 1)", Op: measure.AtMost, Bound: 0.01}
	heapTarget    = measure.Target{Text: "≤ 1 MiB (≪ 50 MiB)", Op: measure.AtMost, Bound: 1 << 20}
)

var (
	reps    = flag.Int("reps", 5, "timed repetitions of each fast measurement; the median is reported")
	seqMsgs = flag.Int("seqmsgs", inboxSize, "messages for the one sequential (non-pipelined) inbox run; below 1000 the time is scaled linearly to 1000 and the table says so")
)

func main() {
	flag.Parse()
	if *reps < 1 || *seqMsgs < 1 || *seqMsgs > inboxSize {
		fmt.Fprintln(os.Stderr, "benchreport: -reps must be ≥ 1 and -seqmsgs within 1..1000")
		os.Exit(2)
	}
	start := time.Now()
	inb, err := measureInbox()
	if err != nil {
		fail("inbox", err)
	}
	rt, err := measureRetr()
	if err != nil {
		fail("retr", err)
	}
	oa, err := measureOAuth()
	if err != nil {
		fail("oauth", err)
	}
	printReport(inb, rt, oa, time.Since(start))
}

func fail(what string, err error) {
	fmt.Fprintf(os.Stderr, "benchreport: %s: %v\n", what, err)
	os.Exit(1)
}

// ---- inbox listing ----

type inboxReport struct {
	pipelined   []time.Duration
	floors      []time.Duration // one per pipelined run, measured right after it
	transfers   []time.Duration // floor burst minus one round trip
	ratioFloor  []float64
	sequential  time.Duration // scaled to inboxSize messages if seqMsgs is smaller
	seqMeasured time.Duration
	seqMsgs     int
	seqBytes    int64
	replyBytes  int64 // per pipelined run
	topBytes    int64
	mailBytes   int64
}

func measureInbox() (*inboxReport, error) {
	msgs := fakemail.Inbox(inboxSize)
	var topBytes, total int64
	for _, m := range msgs {
		topBytes += int64(fakemail.HeaderSize(m.Data))
		total += int64(len(m.Data))
	}
	srv := pop3server.New(&pop3server.Options{Latency: oneWay})
	defer srv.Close()
	if err := srv.AddUser(benchUser, benchPass, msgs...); err != nil {
		return nil, err
	}
	seqSrv := srv
	if *seqMsgs < inboxSize {
		seqSrv = pop3server.New(&pop3server.Options{Latency: oneWay})
		defer seqSrv.Close()
		if err := seqSrv.AddUser(benchUser, benchPass, msgs[:*seqMsgs]...); err != nil {
			return nil, err
		}
	}
	addr, err := srv.StartLocal()
	if err != nil {
		return nil, err
	}
	seqAddr := addr
	if seqSrv != srv {
		if seqAddr, err = seqSrv.StartLocal(); err != nil {
			return nil, err
		}
	}

	rep := &inboxReport{topBytes: topBytes, mailBytes: total}
	check := func(r inboxResult, n int, want int64) error {
		if r.msgs != n || r.topBytes != want {
			return fmt.Errorf("listed %d messages with %d header bytes, want %d and %d", r.msgs, r.topBytes, n, want)
		}
		return nil
	}

	// A warm-up run, untimed, also tells how many bytes the floor must
	// carry.
	warm, err := listInbox(addr, false)
	if err != nil {
		return nil, err
	}
	if err := check(warm, inboxSize, topBytes); err != nil {
		return nil, err
	}
	rep.replyBytes = warm.replyBytes
	link, err := startLinkServer(oneWay, int(warm.replyBytes))
	if err != nil {
		return nil, err
	}
	defer link.Close()

	pipelinedRun := func() error {
		r, err := listInbox(addr, false)
		if err != nil {
			return err
		}
		if err := check(r, inboxSize, topBytes); err != nil {
			return err
		}
		if r.replyBytes != rep.replyBytes {
			return fmt.Errorf("pipelined run read %d bytes, the warm-up %d", r.replyBytes, rep.replyBytes)
		}
		b, err := link.burst(int(rep.replyBytes))
		if err != nil {
			return err
		}
		floor := b + (floorRTTs-1)*rtt
		rep.pipelined = append(rep.pipelined, r.took)
		rep.floors = append(rep.floors, floor)
		rep.transfers = append(rep.transfers, b-rtt)
		rep.ratioFloor = append(rep.ratioFloor, float64(r.took)/float64(floor))
		measure.Logf("inbox pipelined: %v (floor %v)", r.took.Round(time.Millisecond), floor.Round(time.Millisecond))
		return nil
	}

	// Pipelined runs on both sides of the one long sequential run, so
	// that both see the machine in the same state.
	before := (*reps + 1) / 2
	for range before {
		if err := pipelinedRun(); err != nil {
			return nil, err
		}
	}
	measure.Logf("inbox sequential: %d messages, about %v…", *seqMsgs, time.Duration(*seqMsgs+2)*rtt)
	seq, err := listInbox(seqAddr, true)
	if err != nil {
		return nil, err
	}
	wantTop := topBytes
	if *seqMsgs < inboxSize {
		wantTop = 0
		for _, m := range msgs[:*seqMsgs] {
			wantTop += int64(fakemail.HeaderSize(m.Data))
		}
	}
	if err := check(seq, *seqMsgs, wantTop); err != nil {
		return nil, err
	}
	rep.seqMeasured = seq.took
	rep.seqMsgs = *seqMsgs
	rep.seqBytes = seq.replyBytes
	rep.sequential = seq.took * inboxSize / time.Duration(*seqMsgs)
	measure.Logf("inbox sequential: %v", seq.took.Round(time.Millisecond))
	for range *reps - before {
		if err := pipelinedRun(); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// ---- RETR of a large message ----

type retrReport struct {
	wireBytes int64 // "+OK", stuffed body and terminator
	bodyBytes int64

	baseline, viaServer, viaRaw []time.Duration
	ratioServer, ratioRaw       []float64

	memServer, memRaw memResult
}

func measureRetr() (*retrReport, error) {
	data := fakemail.Large(bigSize)
	want := sha256.Sum256(data)
	wire := fakemail.RetrReply(data)
	rep := &retrReport{wireBytes: int64(len(wire)), bodyBytes: int64(len(data))}

	srv := pop3server.New(nil)
	defer srv.Close()
	if err := srv.AddUser(benchUser, benchPass, pop3server.Message{UID: "big", Data: data}); err != nil {
		return nil, err
	}
	data = nil
	addr, err := srv.StartLocal()
	if err != nil {
		return nil, err
	}
	raw, err := startRawResponder(wire)
	if err != nil {
		return nil, err
	}
	defer raw.Close()
	cs, err := startCopyServer(wire)
	if err != nil {
		return nil, err
	}
	defer cs.Close()

	ctx := context.Background()
	opts := &pop3.Options{AllowInsecureAuth: true}
	sc, err := pop3.Dial(ctx, addr, opts)
	if err != nil {
		return nil, err
	}
	defer sc.Close()
	if err := sc.Login(ctx, benchUser, benchPass); err != nil {
		return nil, err
	}
	rc, err := pop3.Dial(ctx, raw.Addr(), opts)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	cc, err := dialCopy(cs)
	if err != nil {
		return nil, err
	}
	defer cc.c.Close()

	// Check the content once, untimed; this also warms up all three.
	for name, c := range map[string]*pop3.Client{"pop3server": sc, "raw responder": rc} {
		got, err := retrHash(c)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if got != want {
			return nil, fmt.Errorf("%s: Retr delivered other bytes than the message", name)
		}
	}
	if _, err := cc.fetch(); err != nil {
		return nil, err
	}

	// Each run takes tens of milliseconds and is noisy (which core the
	// scheduler picks matters on a small machine), so take more of them.
	retrReps := 3 * *reps
	for i := range retrReps {
		var tb, ts, tr time.Duration
		steps := []func() error{
			func() (err error) { tb, err = cc.fetch(); return },
			func() (err error) { ts, err = timedRetr(sc, rep.bodyBytes); return },
			func() (err error) { tr, err = timedRetr(rc, rep.bodyBytes); return },
		}
		// Rotate the order so none of them always goes first.
		for k := range steps {
			if err := steps[(i+k)%len(steps)](); err != nil {
				return nil, err
			}
		}
		rep.baseline = append(rep.baseline, tb)
		rep.viaServer = append(rep.viaServer, ts)
		rep.viaRaw = append(rep.viaRaw, tr)
		rep.ratioServer = append(rep.ratioServer, float64(tb)/float64(ts))
		rep.ratioRaw = append(rep.ratioRaw, float64(tb)/float64(tr))
		measure.Logf("retr: copy %v, via pop3server %v, via raw responder %v",
			tb.Round(time.Millisecond), ts.Round(time.Millisecond), tr.Round(time.Millisecond))
	}

	if rep.memRaw, err = retrMemory(rc); err != nil {
		return nil, err
	}
	if rep.memServer, err = retrMemory(sc); err != nil {
		return nil, err
	}
	return rep, nil
}

func timedRetr(c *pop3.Client, want int64) (time.Duration, error) {
	took, n, err := retrOnce(c, sink{})
	if err == nil && n != want {
		err = fmt.Errorf("RETR delivered %d bytes, want %d", n, want)
	}
	return took, err
}

// ---- output ----

func ms(d time.Duration) string {
	if d >= 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

func mbps(bytes int64, d time.Duration) string {
	return fmt.Sprintf("%.0f MB/s", float64(bytes)/d.Seconds()/1e6)
}

func kb(n int64) string { return fmt.Sprintf("%.0f KB", float64(n)/1e3) }

func printReport(in *inboxReport, rt *retrReport, oa *oauthReport, took time.Duration) {
	var b strings.Builder
	row := func(cells ...string) { fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | ")) }
	var vd measure.Verdicts

	pip := measure.Median(in.pipelined)
	floor := measure.Median(in.floors)
	speedup := float64(in.sequential) / float64(pip)
	seqNote := "1 run"
	if in.seqMsgs < inboxSize {
		seqNote = fmt.Sprintf("**measured with %d messages (%s) and scaled ×%g linearly to 1,000**",
			in.seqMsgs, ms(in.seqMeasured), float64(inboxSize)/float64(in.seqMsgs))
	}

	fmt.Fprintf(&b, "Inbox listing: 1,000 messages (%.1f MB; headers %.0f KB, about 1 KB each) from the in-memory server with %s injected each way (RTT %s); Login not timed, then Inventory (UIDL + LIST) and TopMany(all, 0) reading every header.\n\n",
		float64(in.mailBytes)/1e6, float64(in.topBytes)/1e3, ms(oneWay), ms(rtt))
	row("Measurement", "Result", "Target")
	row("---", "---", "---")
	row("Sequential (`DisablePipelining`: 1,002 round trips), "+seqNote, ms(in.sequential), "")
	row(fmt.Sprintf("Pipelined (server announces PIPELINING), median of %d", len(in.pipelined)), ms(pip), "")
	row("**Speed-up, sequential / pipelined**", fmt.Sprintf("**%.0f×**", speedup), vd.Check("pipelining speed-up ≥ 20×", speedupTarget, speedup))
	row(fmt.Sprintf("Floor: %d round trips (the CAPA after login with UIDL and LIST, in one write; the TOP batch) + transfer of the %s of replies, timed as a raw burst over the same link (transfer %s)",
		floorRTTs, kb(in.replyBytes), ms(measure.Median(in.transfers))), ms(floor), "")
	row("**Pipelined / floor**", fmt.Sprintf("**%.2f×**", measure.Median(in.ratioFloor)), vd.Check("pipelined ≤ 3× the floor", floorTarget, measure.Median(in.ratioFloor)))

	allocPerByte := float64(rt.memRaw.totalAlloc) / float64(rt.memRaw.bytes)
	fmt.Fprintf(&b, "\nRETR of a %d MiB message (fakemail.Large: a text and HTML body, a PDF and a JPEG attachment in base64; %.1f MB on the wire, dot-stuffed) over loopback TCP, no injected latency; Retr, its body read in 32 KiB reads and discarded. Baseline: a plain copy of the same wire bytes over loopback TCP, in 32 KiB reads as the client makes, timed alternately with the others; ratios are baseline time / client time, median of %d.\n\n",
		bigSize>>20, float64(rt.wireBytes)/1e6, len(rt.baseline))
	row("Measurement", "Result", "Target")
	row("---", "---", "---")
	row("Baseline: plain copy of the wire bytes (32 KiB reads)", mbps(rt.wireBytes, measure.Median(rt.baseline)), "")
	row("Client + in-memory server (pop3server)", fmt.Sprintf("%s, **%.2f×** baseline", mbps(rt.bodyBytes, measure.Median(rt.viaServer)), measure.Median(rt.ratioServer)), "")
	row("Client only (trivial raw responder writing the prebuilt reply)", fmt.Sprintf("%s, **%.2f×** baseline", mbps(rt.bodyBytes, measure.Median(rt.viaRaw)), measure.Median(rt.ratioRaw)), vd.Check("client RETR ≥ 0.5× the baseline", clientTarget, measure.Median(rt.ratioRaw)))
	row("Bytes allocated per byte received, client only (TotalAlloc delta)", fmt.Sprintf("%.5f (%s in all)", allocPerByte, kb(int64(rt.memRaw.totalAlloc))), vd.Check("allocation ≤ 0.01 byte per byte", allocTarget, allocPerByte))
	row("Peak HeapInuse growth during Retr (sampled every ms; counted in 8 KiB pages), client only", kb(rt.memRaw.peakHeap), vd.Check("peak heap growth ≤ 1 MiB", heapTarget, float64(rt.memRaw.peakHeap)))
	row("Same two, client + in-memory server", fmt.Sprintf("%.5f; peak %s", float64(rt.memServer.totalAlloc)/float64(rt.memServer.bytes), kb(rt.memServer.peakHeap)), "")

	extra := max(oa.oauthBearer, oa.xoauth2) - oa.password
	b.WriteString("\nSigning in with OAuth 2.0 against signing in with a password: a real Dovecot over implicit TLS, its oauth2 passdb asking a real OpenID provider (Ory Hydra) about each token; round trips counted from after the greeting to the server's answer to the login, as the app signs in (a password with Login; a token with CAPA, then AUTH).\n\n")
	row("Sign-in", "Round trips", "Target")
	row("---", "---", "---")
	row("Password (Login: CAPA, then the best method the server offers)", fmt.Sprint(oa.password), "")
	row("OAUTHBEARER (RFC 7628, the initial response on the AUTH line)", fmt.Sprint(oa.oauthBearer), "")
	row("XOAUTH2 (its response after an empty challenge: Office 365 refuses it on the AUTH line)", fmt.Sprint(oa.xoauth2), "")
	row("**OAuth's extra round trips over a password** (the worse mechanism)", fmt.Sprintf("**%d**", extra), vd.Check("OAuth ≤ 1 extra POP3 round trip", oauthExtraTarget, float64(extra)))

	fmt.Fprintf(&b, "\nMeasured with %s on %s/%s, %d CPUs, in %.0f s. Reproduce with `make bench`, i.e. `%s`",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), took.Seconds(), reproduceCmd)
	if in.seqMsgs < inboxSize || *reps != 5 {
		fmt.Fprintf(&b, " (this run: `%s -reps %d -seqmsgs %d`)", reproduceCmd, *reps, in.seqMsgs)
	}
	b.WriteString(". The developer benchmarks behind these figures: `go test -run XXX -bench . ./pop3/`.\n")
	b.WriteString(vd.Summary())
	fmt.Print(b.String())
}
