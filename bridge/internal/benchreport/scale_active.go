//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"syscall"
	"time"

	"github.com/poppymail/poppy/internal/measure"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server"
)

// An active session is one moving a message to a browser that reads it
// slower than the mail server sends: the bridge then holds a chunk buffer
// while its write to the browser waits, which is the most a session
// holds. bigUser's mailbox has one message larger than the socket buffers
// between the bridge and a client that asks for a small receive buffer.
const (
	bigUser         = "big"
	bigMessageBytes = 4 << 20
	clientRcvBuf    = 32 << 10
	activeSessions  = 100
)

func bigMessage() pop3server.Message {
	var b bytes.Buffer
	b.WriteString("From: Alice <alice@example.org>\r\nTo: Bob <bob@example.com>\r\nSubject: Scans\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\n")
	for line := 0; b.Len() < bigMessageBytes; line++ {
		fmt.Fprintf(&b, "Line %d of a long message that the browser reads slowly, so the bridge waits.\r\n", line)
	}
	return pop3server.Message{UID: "big-1", Data: b.Bytes()}
}

type activeReport struct {
	k                           int
	heapStack, heap, stack, rss float64 // per session, over the idle baseline
}

// smallRcvBufClient is an HTTP client whose connections ask for a small
// receive buffer, so that a reader that stops reading stops the bridge
// soon.
func smallRcvBufClient() *http.Client {
	d := &net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, clientRcvBuf)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

// measureActive opens k sessions to the first replica, each retrieving
// bigUser's message without reading it, waits until the replica has
// stopped working (every session blocked in a write), and compares its
// memory with the idle baseline.
func measureActive(rs *replicaSet, k int) (*activeReport, error) {
	b := rs.bridges[0]
	if err := b.waitIdle(30 * time.Second); err != nil {
		return nil, err
	}
	before, err := b.mem()
	if err != nil {
		return nil, err
	}
	dial := bridgeDialWith(b.url("pop3"), smallRcvBufClient())
	var clients []*pop3.Client
	defer func() {
		for _, c := range clients {
			c.Close()
		}
	}()
	for range k {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		conn, err := dial(context.Background())
		if err != nil {
			cancel()
			return nil, err
		}
		c, err := pop3.NewClient(conn, popOpts)
		if err != nil {
			cancel()
			conn.Close()
			return nil, err
		}
		clients = append(clients, c)
		if err := c.Login(ctx, bigUser, popPass); err != nil {
			cancel()
			return nil, err
		}
		// The reply's first line arrives; the body is left unread.
		if _, err := c.Retr(ctx, 1); err != nil {
			cancel()
			return nil, err
		}
		cancel()
	}
	// Quiet: the replica used under 1 ms of CPU in each of 3 windows of
	// 100 ms, so every session is stalled in a write to its browser.
	for quiet, deadline := 0, time.Now().Add(15*time.Second); quiet < 3; {
		c0 := procCPU(b.pid())
		time.Sleep(100 * time.Millisecond)
		if procCPU(b.pid())-c0 < time.Millisecond {
			quiet++
		} else {
			quiet = 0
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("the replica kept working for 15 s with %d stalled downloads", k)
		}
	}
	after, err := b.mem()
	if err != nil {
		return nil, err
	}
	if after.Sessions-before.Sessions != k {
		return nil, fmt.Errorf("the replica relays %d sessions, want %d", after.Sessions-before.Sessions, k)
	}
	per := func(a, b uint64) float64 { return (float64(a) - float64(b)) / float64(k) }
	rep := &activeReport{
		k:         k,
		heapStack: per(after.HeapInuse+after.StackInuse, before.HeapInuse+before.StackInuse),
		heap:      per(after.HeapInuse, before.HeapInuse),
		stack:     per(after.StackInuse, before.StackInuse),
		rss:       per(after.RSS, before.RSS),
	}
	measure.Logf("active: %d stalled downloads; heap+stacks %.1f KiB, RSS %.1f KiB per session", k, rep.heapStack/1024, rep.rss/1024)
	for _, c := range clients {
		c.Close()
	}
	clients = nil
	if err := b.waitIdle(30 * time.Second); err != nil {
		return nil, err
	}
	// The chunk buffers wait in bufPool until two collections have
	// passed; make them go before the idle baseline is read.
	for range 2 {
		if _, err := b.mem(); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
