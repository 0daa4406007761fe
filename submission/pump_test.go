package submission

import (
	"net"
	"sync"
)

// pumped is the server's end of a net.Pipe that always reads: a
// goroutine drains the pipe into a buffer. Like a socket's receive
// buffer, it lets the client finish a write the server is not reading
// yet; without it a TLS client sending an alert while the server sends
// its handshake flight would block both ends forever. It holds at most
// pumpMax bytes, as a socket buffer is bounded, so a client cannot run
// far ahead of a server that stops reading.
type pumped struct {
	net.Conn
	mu   sync.Mutex
	cond *sync.Cond
	buf  []byte
	err  error
}

const pumpMax = 16 << 10

func pump(c net.Conn) *pumped {
	p := &pumped{Conn: c}
	p.cond = sync.NewCond(&p.mu)
	go func() {
		b := make([]byte, pumpMax)
		for {
			p.mu.Lock()
			for len(p.buf) >= pumpMax {
				p.cond.Wait()
			}
			p.mu.Unlock()
			n, err := c.Read(b)
			p.mu.Lock()
			p.buf = append(p.buf, b[:n]...)
			if err != nil {
				p.err = err
			}
			p.cond.Broadcast()
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return p
}

func (p *pumped) Read(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.buf) == 0 && p.err == nil {
		p.cond.Wait()
	}
	if len(p.buf) == 0 {
		return 0, p.err
	}
	n := copy(b, p.buf)
	p.buf = p.buf[n:]
	p.cond.Broadcast()
	return n, nil
}
