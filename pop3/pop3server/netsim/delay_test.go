package netsim

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// pipe returns a delayed server end and the raw client end of an
// in-memory connection, closed when the test ends.
func pipe(t *testing.T, oneWay time.Duration) (srv net.Conn, cli net.Conn) {
	t.Helper()
	a, b := net.Pipe()
	srv = Delay(a, oneWay)
	t.Cleanup(func() {
		b.Close()
		srv.Close()
	})
	return srv, b
}

func TestZeroDelayReturnsConn(t *testing.T) {
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	if got := Delay(a, 0); got != a {
		t.Fatalf("Delay(c, 0) = %T, want c itself", got)
	}
}

// fastest runs measure a few times and returns the shortest time. The
// delays under test only ever add time, and so does a busy machine, so the
// minimum is the fair estimate; lower bounds are checked inside measure,
// on every run.
func fastest(t *testing.T, measure func(t *testing.T) time.Duration) time.Duration {
	t.Helper()
	best := time.Duration(1<<63 - 1)
	for range 3 {
		best = min(best, measure(t))
	}
	return best
}

func TestRoundTripCostsTwoDelays(t *testing.T) {
	const oneWay = 50 * time.Millisecond
	rtt := fastest(t, func(t *testing.T) time.Duration {
		srv, cli := pipe(t, oneWay)
		go func() {
			buf := make([]byte, 4)
			if _, err := io.ReadFull(srv, buf); err != nil {
				return
			}
			srv.Write([]byte("pong"))
		}()
		start := time.Now()
		if _, err := cli.Write([]byte("ping")); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4)
		if _, err := io.ReadFull(cli, buf); err != nil {
			t.Fatal(err)
		}
		rtt := time.Since(start)
		if string(buf) != "pong" {
			t.Fatalf("got %q", buf)
		}
		if rtt < 2*oneWay {
			t.Fatalf("round trip took %v, less than two delays", rtt)
		}
		return rtt
	})
	if rtt > 2*oneWay+50*time.Millisecond {
		t.Fatalf("round trip took %v, want about %v", rtt, 2*oneWay)
	}
}

func TestPipelinedWritesArriveTogether(t *testing.T) {
	const oneWay = 100 * time.Millisecond
	const n = 100
	// Delays must not add up: the last byte is due one delay after the
	// last write, which came right after the first.
	after := fastest(t, func(t *testing.T) time.Duration {
		srv, cli := pipe(t, oneWay)
		start := time.Now()
		for i := range n {
			if _, err := srv.Write([]byte{byte(i)}); err != nil {
				t.Fatal(err)
			}
		}
		writesDone := time.Now()
		if took := writesDone.Sub(start); took > oneWay/2 {
			t.Fatalf("%d writes blocked for %v; writes must not wait for the delay", n, took)
		}
		got := make([]byte, n)
		if _, err := io.ReadFull(cli, got); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < oneWay {
			t.Fatalf("data arrived after %v, before the delay", took)
		}
		for i := range n {
			if got[i] != byte(i) {
				t.Fatalf("byte %d = %d, want %d", i, got[i], i)
			}
		}
		return time.Since(writesDone)
	})
	if after > oneWay+50*time.Millisecond {
		t.Fatalf("%d pipelined writes all arrived %v after the last write, want about one delay (%v)", n, after, oneWay)
	}
}

func TestPipelinedReadsArriveTogether(t *testing.T) {
	const oneWay = 100 * time.Millisecond
	const n = 100
	after := fastest(t, func(t *testing.T) time.Duration {
		srv, cli := pipe(t, oneWay)
		start := time.Now()
		writesDone := make(chan time.Time, 1)
		go func() {
			for i := range n {
				if _, err := cli.Write([]byte{byte(i)}); err != nil {
					return
				}
			}
			writesDone <- time.Now()
		}()
		got := make([]byte, n)
		if _, err := io.ReadFull(srv, got); err != nil {
			t.Fatal(err)
		}
		if took := time.Since(start); took < oneWay {
			t.Fatalf("data readable after %v, before the delay", took)
		}
		// net.Pipe hands each write over separately, which is slow under
		// the race detector; what matters is that delays did not add up.
		return time.Since(<-writesDone)
	})
	if after > oneWay+50*time.Millisecond {
		t.Fatalf("%d pipelined chunks readable %v after the last write, want about one delay (%v)", n, after, oneWay)
	}
}

// TestBytesExact pushes more than MaxQueued through both directions at
// once, in writes of random sizes, so that back-pressure is exercised.
func TestBytesExact(t *testing.T) {
	srv, cli := pipe(t, time.Millisecond)
	up := make([]byte, MaxQueued+1<<20)
	down := make([]byte, len(up))
	rand.NewChaCha8([32]byte{1}).Read(up)
	rand.NewChaCha8([32]byte{2}).Read(down)

	send := func(w io.Writer, data []byte, seed uint64) <-chan error {
		done := make(chan error, 1)
		go func() {
			r := rand.New(rand.NewPCG(seed, seed))
			for len(data) > 0 {
				n := min(len(data), 1+r.IntN(200<<10))
				if _, err := w.Write(data[:n]); err != nil {
					done <- err
					return
				}
				data = data[n:]
			}
			done <- nil
		}()
		return done
	}
	upDone := send(cli, up, 3)
	downDone := send(srv, down, 4)

	gotDown := make(chan []byte, 1)
	go func() {
		buf := make([]byte, len(down))
		io.ReadFull(cli, buf)
		gotDown <- buf
	}()
	gotUp := make([]byte, len(up))
	if _, err := io.ReadFull(srv, gotUp); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gotUp, up) {
		t.Fatal("bytes from the peer were altered")
	}
	if !bytes.Equal(<-gotDown, down) {
		t.Fatal("bytes to the peer were altered")
	}
	if err := <-upDone; err != nil {
		t.Fatal(err)
	}
	if err := <-downDone; err != nil {
		t.Fatal(err)
	}
}

func TestReadDeadline(t *testing.T) {
	srv, cli := pipe(t, 20*time.Millisecond)

	srv.SetReadDeadline(time.Now().Add(30 * time.Millisecond))
	_, err := srv.Read(make([]byte, 1))
	assertTimeout(t, err)

	// A deadline moved into the past wakes a blocked Read.
	srv.SetReadDeadline(time.Time{})
	errc := make(chan error, 1)
	go func() {
		_, err := srv.Read(make([]byte, 1))
		errc <- err
	}()
	waitReadBlocked(t)
	srv.SetReadDeadline(time.Now().Add(-time.Second))
	select {
	case err := <-errc:
		assertTimeout(t, err)
	case <-time.After(time.Second):
		t.Fatal("Read did not return after its deadline was moved into the past")
	}

	// Clearing the deadline makes the connection usable again.
	srv.SetReadDeadline(time.Time{})
	go cli.Write([]byte("x"))
	buf := make([]byte, 1)
	if _, err := io.ReadFull(srv, buf); err != nil || buf[0] != 'x' {
		t.Fatalf("read after clearing deadline: %q, %v", buf, err)
	}
}

// A full queue blocks a Write until its deadline. The queue is filled
// first without a deadline: a deadline set before the big Write could
// pass before a loaded machine ran it, and nothing would be queued.
func TestWriteDeadlineWhenQueueFull(t *testing.T) {
	srv, _ := pipe(t, time.Millisecond) // the peer never reads
	if n, err := srv.Write(make([]byte, MaxQueued)); n != MaxQueued || err != nil {
		t.Fatalf("Write of MaxQueued (%d) bytes = %d, %v; want all queued at once", MaxQueued, n, err)
	}
	srv.SetWriteDeadline(time.Now().Add(100 * time.Millisecond))
	n, err := srv.Write(make([]byte, 1<<20))
	assertTimeout(t, err)
	if n != 0 {
		t.Fatalf("Write queued %d bytes beyond MaxQueued (%d)", n, MaxQueued)
	}
}

func TestEOFAfterDataAndDelay(t *testing.T) {
	const oneWay = 40 * time.Millisecond
	srv, cli := pipe(t, oneWay)
	start := time.Now()
	go func() {
		cli.Write([]byte("hello"))
		cli.Close()
	}()
	got, err := io.ReadAll(srv)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "hello" {
		t.Fatalf("got %q", got)
	}
	if took := time.Since(start); took < oneWay {
		t.Fatalf("EOF seen after %v, before the delay", took)
	}
	if _, err := srv.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("second read after EOF: %v, want io.EOF again", err)
	}
}

func TestCloseUnblocksRead(t *testing.T) {
	srv, _ := pipe(t, 20*time.Millisecond)
	errc := make(chan error, 1)
	go func() {
		_, err := srv.Read(make([]byte, 1))
		errc <- err
	}()
	waitReadBlocked(t)
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, net.ErrClosed) {
			t.Fatalf("Read after Close: %v, want net.ErrClosed", err)
		}
	case <-time.After(time.Second):
		t.Fatal("Close did not unblock Read")
	}
	if err := srv.Close(); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("second Close: %v, want net.ErrClosed", err)
	}
	if _, err := srv.Write([]byte("x")); !errors.Is(err, net.ErrClosed) {
		t.Fatalf("Write after Close: %v, want net.ErrClosed", err)
	}
}

// TestCloseDeliversPendingWrites is what lets a server answer QUIT and
// hang up at once without the reply being lost.
func TestCloseDeliversPendingWrites(t *testing.T) {
	const oneWay = 40 * time.Millisecond
	srv, cli := pipe(t, oneWay)
	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(cli)
		got <- b
	}()
	srv.Write([]byte("+OK bye\r\n"))
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if b := <-got; string(b) != "+OK bye\r\n" {
		t.Fatalf("peer got %q before EOF", b)
	}
}

func TestWriteErrorPropagates(t *testing.T) {
	srv, cli := pipe(t, 5*time.Millisecond)
	cli.Close()
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if _, err := srv.Write([]byte("x")); err != nil {
			if !errors.Is(err, io.ErrClosedPipe) {
				t.Fatalf("Write error = %v, want the underlying io.ErrClosedPipe", err)
			}
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("Write never reported that the peer had gone")
}

func TestNoGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 50 {
		a, b := net.Pipe()
		srv := Delay(a, 2*time.Millisecond)
		go io.Copy(io.Discard, b)
		srv.Write([]byte("data"))
		go b.Write([]byte("more"))
		srv.Read(make([]byte, 4))
		srv.Close()
		b.Close()
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		now := runtime.NumGoroutine()
		if now <= before {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("%d goroutines before, %d after Close:\n%s", before, now, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitReadBlocked waits until a goroutine is parked inside a Read, in
// waitLocked: a Read that found nothing to return and now waits for a
// change. Only then does a test of what wakes a blocked Read test that;
// a Read that starts after the change would return at once.
func waitReadBlocked(t *testing.T) {
	t.Helper()
	buf := make([]byte, 1<<20)
	for deadline := time.Now().Add(5 * time.Second); ; {
		for g := range strings.SplitSeq(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
			if strings.Contains(g, "(*delayConn).waitLocked") && strings.Contains(g, "(*delayConn).Read(") {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("no Read blocked within 5 s")
		}
		time.Sleep(time.Millisecond) // polls the goroutines' stacks, the only sign of a blocked Read
	}
}

func assertTimeout(t *testing.T, err error) {
	t.Helper()
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || !errors.Is(err, os.ErrDeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout (os.ErrDeadlineExceeded)", err)
	}
}
