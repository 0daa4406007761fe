//go:build !js

package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"time"

	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/pop3"
)

// rawResponder is a trivial POP3 responder on loopback TCP: it greets,
// then answers every command line with a reply built once in advance
// ("+OK", the stuffed message, the terminator), written in one call. It
// takes the in-memory server's own cost out of the measurement.
type rawResponder struct {
	l     net.Listener
	reply []byte
	wg    sync.WaitGroup
}

func startRawResponder(reply []byte) (*rawResponder, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	r := &rawResponder{l: l, reply: reply}
	r.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			r.wg.Go(func() { r.serve(c) })
		}
	})
	return r, nil
}

func (r *rawResponder) serve(c net.Conn) {
	defer c.Close()
	if _, err := io.WriteString(c, "+OK raw responder\r\n"); err != nil {
		return
	}
	br := bufio.NewReader(c)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			return
		}
		if line == "QUIT\r\n" {
			io.WriteString(c, "+OK bye\r\n")
			return
		}
		if _, err := c.Write(r.reply); err != nil {
			return
		}
	}
}

func (r *rawResponder) Addr() string { return r.l.Addr().String() }

func (r *rawResponder) Close() {
	r.l.Close()
	r.wg.Wait()
}

// copyServer is the baseline: for every request byte it writes the same
// wire bytes as rawResponder, with nothing POP3 about either end.
type copyServer struct {
	l    net.Listener
	wire []byte
	wg   sync.WaitGroup
}

func startCopyServer(wire []byte) (*copyServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &copyServer{l: l, wire: wire}
	s.wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			s.wg.Go(func() {
				defer c.Close()
				req := make([]byte, 1)
				for {
					if _, err := io.ReadFull(c, req); err != nil {
						return
					}
					if _, err := c.Write(s.wire); err != nil {
						return
					}
				}
			})
		}
	})
	return s, nil
}

func (s *copyServer) Close() {
	s.l.Close()
	s.wg.Wait()
}

// copyClient is a connection to a copyServer.
type copyClient struct {
	c    net.Conn
	size int64
	buf  []byte
}

func dialCopy(s *copyServer) (*copyClient, error) {
	c, err := net.Dial("tcp", s.l.Addr().String())
	if err != nil {
		return nil, err
	}
	return &copyClient{c: c, size: int64(len(s.wire)), buf: make([]byte, measure.ReadSize)}, nil
}

// fetch times a request byte and a plain copy of the reply to a sink, in
// reads of measure.ReadSize: the client reads the socket in reads of that
// size too, so the ratio measures the client, not a buffer size.
func (cc *copyClient) fetch() (time.Duration, error) {
	start := time.Now()
	if _, err := cc.c.Write([]byte{1}); err != nil {
		return 0, err
	}
	n, err := measure.Copy(sink{}, io.LimitReader(cc.c, cc.size), cc.buf)
	took := time.Since(start)
	if err == nil && n != cc.size {
		err = fmt.Errorf("baseline copy: got %d bytes, want %d", n, cc.size)
	}
	return took, err
}

// sink discards what is written to it. Unlike io.Discard it has no
// ReadFrom, which would read 8 KiB at a time.
type sink struct{}

func (sink) Write(p []byte) (int, error) { return len(p), nil }

// retrBuf is the buffer retrOnce reads bodies with, allocated once so that
// retrMemory counts the client's allocations, not the harness's.
var retrBuf = make([]byte, measure.ReadSize)

// retrOnce times Retr of message 1 and the copy of its body to w, in reads
// of measure.ReadSize as the baseline makes. Calls must not overlap.
func retrOnce(c *pop3.Client, w io.Writer) (time.Duration, int64, error) {
	ctx := context.Background()
	start := time.Now()
	body, err := c.Retr(ctx, 1)
	if err != nil {
		return 0, 0, err
	}
	n, err := measure.Copy(w, body, retrBuf)
	if cerr := body.Close(); err == nil {
		err = cerr
	}
	return time.Since(start), n, err
}

// retrHash retrieves message 1 and returns the SHA-256 of its body, to
// check that what is timed is the right message.
func retrHash(c *pop3.Client) ([32]byte, error) {
	h := sha256.New()
	_, _, err := retrOnce(c, h)
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum, err
}

// memResult is what one Retr cost in memory.
type memResult struct {
	totalAlloc uint64 // runtime.MemStats.TotalAlloc delta
	peakHeap   int64  // highest HeapInuse seen, minus HeapInuse before
	bytes      int64
}

// retrMemory runs one Retr with a sampler that reads HeapInuse every
// millisecond. It is a separate, untimed run: the sampler stops the world
// for each reading.
func retrMemory(c *pop3.Client) (memResult, error) {
	runtime.GC()
	var before, after, s runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := make(chan struct{})
	peak := make(chan uint64, 1)
	go func() {
		hi := before.HeapInuse
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&s)
			hi = max(hi, s.HeapInuse)
			select {
			case <-stop:
				peak <- hi
				return
			case <-t.C:
			}
		}
	}()
	_, n, err := retrOnce(c, sink{})
	runtime.ReadMemStats(&after)
	close(stop)
	hi := max(<-peak, after.HeapInuse)
	return memResult{
		totalAlloc: after.TotalAlloc - before.TotalAlloc,
		peakHeap:   int64(hi) - int64(before.HeapInuse),
		bytes:      n,
	}, err
}
