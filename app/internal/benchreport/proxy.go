//go:build !js

package main

import (
	"net"
	"sync"
	"sync/atomic"
)

// countingProxy relays TCP connections to a POP3 server and counts the
// bytes both ways: what the bridge exchanges with the mail server, which
// is what a revisit costs the mail server and the network.
type countingProxy struct {
	ln      net.Listener
	target  string
	toSrv   atomic.Int64
	fromSrv atomic.Int64
	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   []net.Conn
}

func startProxy(target string) (*countingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &countingProxy{ln: ln, target: target}
	p.wg.Add(1)
	go p.serve()
	return p, nil
}

func (p *countingProxy) Addr() string { return p.ln.Addr().String() }

// Bytes returns the bytes relayed since the last Reset.
func (p *countingProxy) Bytes() int64 { return p.toSrv.Load() + p.fromSrv.Load() }

func (p *countingProxy) Reset() { p.toSrv.Store(0); p.fromSrv.Store(0) }

func (p *countingProxy) serve() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		p.wg.Add(2)
		go p.copy(s, c, &p.toSrv)
		go p.copy(c, s, &p.fromSrv)
	}
}

func (p *countingProxy) copy(dst, src net.Conn, n *atomic.Int64) {
	defer p.wg.Done()
	buf := make([]byte, 32<<10)
	for {
		k, err := src.Read(buf)
		if k > 0 {
			n.Add(int64(k))
			if _, werr := dst.Write(buf[:k]); werr != nil {
				break
			}
		}
		if err != nil {
			break
		}
	}
	// Half-close would keep a POP3 session alive that neither side uses.
	dst.Close()
	src.Close()
}

func (p *countingProxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	for _, c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
}
