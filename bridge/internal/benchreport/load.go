//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

const (
	popUser = "bench"
	popPass = "secret"
	popMsgs = 3
)

// mailbox is a few small, realistic messages; the session retrieves the
// first one.
func mailbox() []pop3server.Message {
	var msgs []pop3server.Message
	for i := 1; i <= popMsgs; i++ {
		var b bytes.Buffer
		fmt.Fprintf(&b, "Return-Path: <alice@example.org>\r\nFrom: Alice <alice@example.org>\r\nTo: Bob <bob@example.com>\r\n")
		fmt.Fprintf(&b, "Subject: Load test message %d\r\nDate: Mon, 2 Mar 2026 10:%02d:00 +0100\r\nMessage-ID: <load-%d@example.org>\r\n", i, i, i)
		b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
		for line := 0; b.Len() < 2000; line++ {
			fmt.Fprintf(&b, "Line %d of a short message, the size of a typical notification.\r\n", line)
		}
		msgs = append(msgs, pop3server.Message{UID: fmt.Sprintf("load-%d", i), Data: b.Bytes()})
	}
	return msgs
}

var popOpts = &pop3.Options{AllowInsecureAuth: true}

type dialFunc func(ctx context.Context) (net.Conn, error)

func directDial(addr string) dialFunc {
	return func(ctx context.Context) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, "tcp", addr)
	}
}

// bridgeDial opens a WebSocket to the bridge's target and wraps it as a
// net.Conn, as the app's transport does in the browser.
func bridgeDial(url string) dialFunc { return bridgeDialWith(url, nil) }

// bridgeDialWith dials with hc (nil: http.DefaultClient).
func bridgeDialWith(url string, hc *http.Client) dialFunc {
	return func(ctx context.Context) (net.Conn, error) {
		ws, err := dialWSWith(ctx, url, hc)
		if err != nil {
			return nil, err
		}
		return websocket.NetConn(ctx, ws, websocket.MessageBinary), nil
	}
}

// popSession is one full session: greeting, login (APOP, after CAPA), STAT,
// LIST, RETR of the first message (checked), QUIT.
func popSession(dial dialFunc, want []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := dial(ctx)
	if err != nil {
		return err
	}
	c, err := pop3.NewClient(conn, popOpts)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Login(ctx, popUser, popPass); err != nil {
		return err
	}
	if n, _, err := c.Stat(ctx); err != nil || n != popMsgs {
		return fmt.Errorf("STAT: %d messages, %v", n, err)
	}
	if l, err := c.List(ctx); err != nil || len(l) != popMsgs {
		return fmt.Errorf("LIST: %d messages, %v", len(l), err)
	}
	r, err := c.Retr(ctx, 1)
	if err != nil {
		return err
	}
	got, err := io.ReadAll(r)
	r.Close()
	if err != nil {
		return err
	}
	if !bytes.Equal(got, want) {
		return fmt.Errorf("RETR 1: %d bytes differ from the message's %d", len(got), len(want))
	}
	return c.Quit(ctx)
}

// batch runs n sessions at once, released together, and returns each
// session's time and the time of the whole batch.
func batch(n int, dial dialFunc, want []byte) ([]time.Duration, time.Duration, error) {
	durs := make([]time.Duration, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	var failed atomic.Int64
	var firstErr atomic.Pointer[error]
	for i := range n {
		wg.Go(func() {
			<-start
			t0 := time.Now()
			err := popSession(dial, want)
			durs[i] = time.Since(t0)
			if err != nil {
				failed.Add(1)
				firstErr.CompareAndSwap(nil, &err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // let every goroutine reach the gate
	t0 := time.Now()
	close(start)
	wg.Wait()
	wall := time.Since(t0)
	if f := failed.Load(); f > 0 {
		return nil, 0, fmt.Errorf("%d of %d sessions failed, the first with: %w", f, n, *firstErr.Load())
	}
	return durs, wall, nil
}

type loadReport struct {
	sessions, rounds int
	msgBytes         int
	direct, bridged  []time.Duration // all rounds pooled
	directRate       []float64       // sessions per second, per round
	bridgedRate      []float64
	addedP50         []time.Duration // per round: bridged p50 − direct p50
	addedP99         []time.Duration
	// CPU time per session, per round: this process (clients and POP3
	// server) in each batch, and the bridge's in the bridged one.
	directCPU, clientCPU, bridgeCPU []time.Duration
	// One session at a time, alternating direct and bridged: the cost
	// of the bridge without queueing.
	seqDirect, seqBridged []time.Duration
}

const seqSessions = 200

// measureLoad alternates batches of n direct sessions and n sessions
// through the bridge, rounds times each.
func measureLoad(b *bridgeProc, popAddr string, n, rounds int) (*loadReport, error) {
	want := mailbox()[0].Data
	rep := &loadReport{sessions: n, rounds: rounds, msgBytes: len(want)}
	direct, bridged := directDial(popAddr), bridgeDial(b.url("pop3"))
	// Warm-up: a few sessions each way.
	if _, _, err := batch(50, direct, want); err != nil {
		return nil, fmt.Errorf("direct warm-up: %w", err)
	}
	if _, _, err := batch(50, bridged, want); err != nil {
		return nil, fmt.Errorf("bridge warm-up: %w", err)
	}
	if err := b.waitIdle(30 * time.Second); err != nil {
		return nil, err
	}
	for i := range seqSessions {
		for k := range 2 {
			dial, durs := direct, &rep.seqDirect
			if (i+k)%2 == 1 {
				dial, durs = bridged, &rep.seqBridged
			}
			t0 := time.Now()
			if err := popSession(dial, want); err != nil {
				return nil, fmt.Errorf("one at a time: %w", err)
			}
			*durs = append(*durs, time.Since(t0))
		}
	}
	measure.Logf("load: one session at a time: direct p50 %v, through the bridge p50 %v",
		percentile(rep.seqDirect, 50), percentile(rep.seqBridged, 50))
	for i := range rounds {
		var dd, bd []time.Duration
		var dw, bw time.Duration
		runDirect := func() (err error) {
			self0 := procCPU(os.Getpid())
			dd, dw, err = batch(n, direct, want)
			if err != nil {
				return fmt.Errorf("direct: %w", err)
			}
			rep.directCPU = append(rep.directCPU, (procCPU(os.Getpid())-self0)/time.Duration(n))
			return nil
		}
		runBridge := func() (err error) {
			self0, br0 := procCPU(os.Getpid()), procCPU(b.pid())
			bd, bw, err = batch(n, bridged, want)
			if err != nil {
				return fmt.Errorf("through the bridge: %w", err)
			}
			// The sessions end on the bridge a moment after QUIT.
			if err := b.waitIdle(30 * time.Second); err != nil {
				return err
			}
			rep.clientCPU = append(rep.clientCPU, (procCPU(os.Getpid())-self0)/time.Duration(n))
			rep.bridgeCPU = append(rep.bridgeCPU, (procCPU(b.pid())-br0)/time.Duration(n))
			return nil
		}
		if err := measure.Rotate(i, runDirect, runBridge); err != nil {
			return nil, err
		}
		rep.direct = append(rep.direct, dd...)
		rep.bridged = append(rep.bridged, bd...)
		rep.directRate = append(rep.directRate, float64(n)/dw.Seconds())
		rep.bridgedRate = append(rep.bridgedRate, float64(n)/bw.Seconds())
		rep.addedP50 = append(rep.addedP50, percentile(bd, 50)-percentile(dd, 50))
		rep.addedP99 = append(rep.addedP99, percentile(bd, 99)-percentile(dd, 99))
		measure.Logf("load round %d/%d: %d sessions direct in %v (p50 %v, p99 %v), through the bridge in %v (p50 %v, p99 %v)",
			i+1, rounds, n, dw.Round(time.Millisecond), percentile(dd, 50).Round(time.Millisecond), percentile(dd, 99).Round(time.Millisecond),
			bw.Round(time.Millisecond), percentile(bd, 50).Round(time.Millisecond), percentile(bd, 99).Round(time.Millisecond))
	}
	return rep, nil
}

// ---- memory per idle session ----

type idleReport struct {
	n               int
	before, after   memStats
	openedIn        time.Duration
	heapStackPerSes float64
	heapPerSes      float64
	stackPerSes     float64
	rssPerSes       float64
	goroutinesPer   float64
}

// measureIdle opens n sessions through the bridge, each logged in and
// past a STAT (so both directions have carried data), leaves them idle and
// compares the bridge's memory with what it was before.
func measureIdle(b *bridgeProc, n int, profileDir string) (*idleReport, error) {
	if err := b.waitIdle(30 * time.Second); err != nil {
		return nil, err
	}
	before, err := b.mem()
	if err != nil {
		return nil, err
	}
	dial := bridgeDial(b.url("pop3"))
	clients := make([]*pop3.Client, n)
	defer func() {
		for _, c := range clients {
			if c != nil {
				c.Close()
			}
		}
	}()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	var firstErr atomic.Pointer[error]
	t0 := time.Now()
	for i := range n {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			c, err := openIdle(dial)
			if err != nil {
				firstErr.CompareAndSwap(nil, &err)
				return
			}
			clients[i] = c
		})
	}
	wg.Wait()
	opened := time.Since(t0)
	if e := firstErr.Load(); e != nil {
		return nil, fmt.Errorf("opening idle sessions: %w", *e)
	}
	time.Sleep(200 * time.Millisecond)
	after, err := b.mem()
	if err != nil {
		return nil, err
	}
	if after.Sessions != n {
		return nil, fmt.Errorf("the bridge relays %d sessions, want %d", after.Sessions, n)
	}
	if profileDir != "" {
		for _, p := range []string{"heap", "goroutine"} {
			f := filepath.Join(profileDir, "bridge-idle-"+p+".pprof")
			if err := b.saveProfile(p+"?gc=1", f); err != nil {
				return nil, err
			}
			measure.Logf("wrote %s", f)
		}
	}
	rep := &idleReport{n: n, before: before, after: after, openedIn: opened}
	rep.heapStackPerSes = (float64(after.HeapInuse+after.StackInuse) - float64(before.HeapInuse+before.StackInuse)) / float64(n)
	rep.heapPerSes = (float64(after.HeapInuse) - float64(before.HeapInuse)) / float64(n)
	rep.stackPerSes = (float64(after.StackInuse) - float64(before.StackInuse)) / float64(n)
	rep.rssPerSes = (float64(after.RSS) - float64(before.RSS)) / float64(n)
	rep.goroutinesPer = float64(after.Goroutines-before.Goroutines) / float64(n)
	measure.Logf("idle: %d sessions; heap+stack %.1f KiB (heap %.1f, stacks %.1f), RSS %.1f KiB, %.2f goroutines per session",
		n, rep.heapStackPerSes/1024, rep.heapPerSes/1024, rep.stackPerSes/1024, rep.rssPerSes/1024, rep.goroutinesPer)
	for i, c := range clients {
		c.Close()
		clients[i] = nil
	}
	if err := b.waitIdle(30 * time.Second); err != nil {
		return nil, err
	}
	return rep, nil
}

func openIdle(dial dialFunc) (*pop3.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	// The connection outlives ctx, which only bounds the opening.
	conn, err := dial(context.Background())
	if err != nil {
		return nil, err
	}
	c, err := pop3.NewClient(conn, popOpts)
	if err != nil {
		conn.Close()
		return nil, err
	}
	if err := c.Login(ctx, popUser, popPass); err != nil {
		c.Close()
		return nil, err
	}
	if _, _, err := c.Stat(ctx); err != nil {
		c.Close()
		return nil, err
	}
	return c, nil
}
