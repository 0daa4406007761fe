//go:build !js

package main

import (
	"context"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3server/netsim"
	"github.com/poppymail/poppy/pop3/pop3test/fakemail"
)

// countConn counts the bytes read from a connection: the server's replies.
type countConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// countDialer dials TCP and counts what the client reads.
type countDialer struct{ n *atomic.Int64 }

func (d countDialer) DialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return &countConn{Conn: c, n: d.n}, nil
}

// inboxResult is one timed inbox listing.
type inboxResult struct {
	took       time.Duration
	replyBytes int64 // bytes the client read while timed
	topBytes   int64 // header bytes delivered by TopMany
	msgs       int
}

// listInbox logs in (untimed), then times fakemail.ListInbox: Inventory
// (UIDL + LIST) and TopMany(all, 0) with every header read to its end.
func listInbox(addr string, sequential bool) (inboxResult, error) {
	ctx := context.Background()
	var read atomic.Int64
	c, err := pop3.Dial(ctx, addr, &pop3.Options{
		AllowInsecureAuth: true,
		DisablePipelining: sequential,
		Dialer:            countDialer{&read},
		Timeout:           5 * time.Minute,
	})
	if err != nil {
		return inboxResult{}, err
	}
	defer c.Close()
	if err := c.Login(ctx, benchUser, benchPass); err != nil {
		return inboxResult{}, err
	}

	read.Store(0)
	start := time.Now()
	l, err := fakemail.ListInbox(ctx, c)
	took := time.Since(start)
	if err != nil {
		return inboxResult{}, err
	}
	return inboxResult{took: took, replyBytes: read.Load(), topBytes: l.HeaderBytes, msgs: l.Messages}, nil
}

// linkServer serves raw byte bursts over the same simulated link as the
// POP3 server: for each request byte it receives, it writes size bytes in
// one go.
type linkServer struct {
	l       net.Listener
	latency time.Duration
}

func startLinkServer(latency time.Duration, size int) (*linkServer, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = 'a' + byte(i%26)
	}
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go func() {
				d := netsim.Delay(c, latency)
				defer d.Close()
				req := make([]byte, 1)
				for {
					if _, err := io.ReadFull(d, req); err != nil {
						return
					}
					if _, err := d.Write(payload); err != nil {
						return
					}
				}
			}()
		}
	}()
	return &linkServer{l: l, latency: latency}, nil
}

// burst times one request byte and the whole burst coming back: one
// round trip plus the transfer of the bytes.
func (s *linkServer) burst(size int) (time.Duration, error) {
	c, err := net.Dial("tcp", s.l.Addr().String())
	if err != nil {
		return 0, err
	}
	defer c.Close()
	start := time.Now()
	if _, err := c.Write([]byte{1}); err != nil {
		return 0, err
	}
	if _, err := io.CopyN(io.Discard, c, int64(size)); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

func (s *linkServer) Close() { s.l.Close() }
