//go:build unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/coder/websocket"
)

// A path is one way from the client to the target: directly over TCP,
// through our bridge, or through websockify. The client is the same for
// both bridges: github.com/coder/websocket, binary messages.
type path struct {
	name string
	dial func(ctx context.Context) (endpoint, error)
	// relayCPU reads the CPU time used so far by the process(es) between
	// client and target; nil for direct TCP.
	relayCPU func() time.Duration
	// selfSink: the far end is the sink itself and answers an upload with
	// its count and CRC (the WebSocket endpoint), instead of the target
	// reporting in process.
	selfSink bool
}

// endpoint is the client's end of one connection to the target.
type endpoint interface {
	// send writes p as one write (TCP) or one binary message (WebSocket).
	send(p []byte) error
	// recv reads some bytes into p, across message boundaries.
	recv(p []byte) (int, error)
	close()
}

type tcpEndpoint struct{ c net.Conn }

func (e *tcpEndpoint) send(p []byte) error        { _, err := e.c.Write(p); return err }
func (e *tcpEndpoint) recv(p []byte) (int, error) { return e.c.Read(p) }
func (e *tcpEndpoint) close()                     { e.c.Close() }

func directPath(addr string) path {
	return path{name: "direct TCP", dial: func(ctx context.Context) (endpoint, error) {
		var d net.Dialer
		c, err := d.DialContext(ctx, "tcp", addr)
		if err != nil {
			return nil, err
		}
		return &tcpEndpoint{c}, nil
	}}
}

type wsEndpoint struct {
	c *websocket.Conn
	r io.Reader // the message being read, if any
}

func (e *wsEndpoint) send(p []byte) error {
	return e.c.Write(context.Background(), websocket.MessageBinary, p)
}

func (e *wsEndpoint) recv(p []byte) (int, error) {
	for {
		if e.r == nil {
			typ, r, err := e.c.Reader(context.Background())
			if err != nil {
				return 0, err
			}
			if typ != websocket.MessageBinary {
				return 0, errors.New("text message from the bridge")
			}
			e.r = r
		}
		n, err := e.r.Read(p)
		if err == io.EOF {
			e.r = nil
			err = nil
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

func (e *wsEndpoint) close() { e.c.CloseNow() }

func dialWS(ctx context.Context, url string) (*websocket.Conn, error) {
	return dialWSWith(ctx, url, nil)
}

// dialWSWith dials with hc (nil: http.DefaultClient), for wss:// with a
// test CA.
func dialWSWith(ctx context.Context, url string, hc *http.Client) (*websocket.Conn, error) {
	c, _, err := websocket.Dial(ctx, url, &websocket.DialOptions{
		HTTPClient: hc,
		HTTPHeader: http.Header{"Origin": {benchOrigin}},
	})
	if err != nil {
		return nil, err
	}
	// websockify sends messages of up to 64 KiB, above the default limit.
	c.SetReadLimit(-1)
	return c, nil
}

func wsPath(name, url string, relayCPU func() time.Duration) path {
	return path{name: name, relayCPU: relayCPU, dial: func(ctx context.Context) (endpoint, error) {
		c, err := dialWS(ctx, url)
		if err != nil {
			return nil, err
		}
		return &wsEndpoint{c: c}, nil
	}}
}

// readFull reads exactly len(p) bytes from e.
func readFull(e endpoint, p []byte) error {
	for got := 0; got < len(p); {
		n, err := e.recv(p[got:])
		got += n
		if err != nil {
			if got == len(p) {
				return nil
			}
			return err
		}
	}
	return nil
}

// websockify is Debian's websockify, started as
// `websockify 127.0.0.1:PORT TARGET`.
type websockify struct {
	cmd     *exec.Cmd
	addr    string
	version string
	stderr  *tailBuffer
}

func startWebsockify(target string) (*websockify, error) {
	bin, err := exec.LookPath("websockify")
	if err != nil {
		return nil, fmt.Errorf("websockify is not installed; run `.ci/install-deps websockify` (Debian package websockify): %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	w := &websockify{addr: "127.0.0.1:" + strconv.Itoa(port), stderr: &tailBuffer{max: 4096}}
	w.version = debianVersion("websockify")
	w.cmd = exec.Command(bin, w.addr, target)
	w.cmd.Stdout = w.stderr
	w.cmd.Stderr = w.stderr
	// websockify forks a process per connection: give them a process
	// group of their own, so that Close ends exactly the processes
	// started here.
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := w.cmd.Start(); err != nil {
		return nil, err
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.Dial("tcp", w.addr)
		if err == nil {
			c.Close()
			return w, nil
		}
		if time.Now().After(deadline) {
			w.Close()
			return nil, fmt.Errorf("websockify did not listen on %s: %s", w.addr, w.stderr)
		}
	}
}

func (w *websockify) url() string { return "ws://" + w.addr + "/" }

// cpu is the CPU time of websockify and of the processes it forked that
// are still running (one per open connection).
func (w *websockify) cpu() time.Duration { return procCPU(groupPIDs(w.cmd.Process.Pid)...) }

func (w *websockify) Close() {
	if w.cmd.Process != nil {
		syscall.Kill(-w.cmd.Process.Pid, syscall.SIGTERM)
		done := make(chan struct{})
		go func() { w.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func debianVersion(pkg string) string {
	out, err := exec.Command("dpkg-query", "-W", "-f=${Version}", pkg).Output()
	if err != nil {
		return "?"
	}
	return strings.TrimSpace(string(out))
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = t.b[len(t.b)-t.max:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}
