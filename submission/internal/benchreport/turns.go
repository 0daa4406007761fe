//go:build !js

package main

import (
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// turns counts round trips on a client's connection: a read that follows
// a write is the client waiting for the server. It counts from the first
// write, so reading the greeting is not one; what it counts is the round
// trips from the greeting on. Reads served from a client's own buffer
// never reach it, so a batch of replies read one by one is one wait.
type turns struct {
	wrote atomic.Bool
	n     atomic.Int64
}

func (t *turns) beforeRead() {
	if t.wrote.Swap(false) {
		t.n.Add(1)
	}
}

func (t *turns) afterWrite() { t.wrote.Store(true) }

func (t *turns) count() int { return int(t.n.Load()) }

// countBody counts the round trips of a stream. On the engine's path the
// stream is the WebSocket below its framing: the upgraded HTTP response
// body that github.com/coder/websocket reads frames from and writes
// frames to.
type countBody struct {
	io.ReadWriteCloser
	t *turns
}

func (b *countBody) Read(p []byte) (int, error) { b.t.beforeRead(); return b.ReadWriteCloser.Read(p) }

func (b *countBody) Write(p []byte) (int, error) {
	n, err := b.ReadWriteCloser.Write(p)
	b.t.afterWrite()
	return n, err
}

// countConn is a TCP connection counted as a countBody (go-smtp's client,
// straight to the server).
type countConn struct {
	net.Conn
	body countBody
}

func newCountConn(c net.Conn, t *turns) *countConn {
	return &countConn{Conn: c, body: countBody{ReadWriteCloser: c, t: t}}
}

func (c *countConn) Read(p []byte) (int, error)  { return c.body.Read(p) }
func (c *countConn) Write(p []byte) (int, error) { return c.body.Write(p) }

// pageTransport is the HTTP client of the WebSocket dials, installed as
// http.DefaultClient's transport, which transport.DialSubmission uses. It
// adds the Origin header that a browser adds (the bridge refuses a
// session without its page's origin), and wraps every upgraded connection
// in a countBody, leaving its counter for next.
type pageTransport struct {
	base   http.RoundTripper
	origin string

	mu   sync.Mutex
	last *turns
}

func (p *pageTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	req.Header.Set("Origin", p.origin)
	resp, err := p.base.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
		return resp, err
	}
	rwc, ok := resp.Body.(io.ReadWriteCloser)
	if !ok {
		return resp, err // the WebSocket library reports it
	}
	t := &turns{}
	resp.Body = &countBody{ReadWriteCloser: rwc, t: t}
	p.mu.Lock()
	p.last = t
	p.mu.Unlock()
	return resp, nil
}

// next returns the counter of the last WebSocket opened. Sessions are
// opened one at a time, so it is the one just dialed.
func (p *pageTransport) next() *turns {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.last
	p.last = nil
	return t
}
