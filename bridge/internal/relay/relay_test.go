//go:build !js

package relay_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"net"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// randomStream is a deterministic pseudo-random byte stream: both ends can
// produce it, so only a checksum needs comparing.
func randomStream(seed uint64, n int) io.Reader {
	return io.LimitReader(&chachaReader{r: mrand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)})}, int64(n))
}

type chachaReader struct{ r *mrand.ChaCha8 }

func (c *chachaReader) Read(p []byte) (int, error) { return c.r.Read(p) }

func sum(r io.Reader) ([32]byte, int64, error) {
	h := sha256.New()
	n, err := io.Copy(h, r)
	var s [32]byte
	copy(s[:], h.Sum(nil))
	return s, n, err
}

// writeChunks writes r to w in writes of random sizes up to max, the way a
// TLS stack in the browser produces records of varying size.
func writeChunks(w io.Writer, r io.Reader, max int) error {
	buf := make([]byte, max)
	for {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(max)))
		m, err := io.ReadFull(r, buf[:n.Int64()+1])
		if m > 0 {
			if _, werr := w.Write(buf[:m]); werr != nil {
				return werr
			}
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

func TestExactUpload(t *testing.T) {
	size := bigSize()
	got := make(chan [32]byte, 1)
	gotN := make(chan int64, 1)
	srv := startTCP(t, func(c net.Conn) {
		s, n, _ := sum(c) // until EOF: the half-close after the last byte
		got <- s
		gotN <- n
	})
	b := startBridge(t, nil, srv.target("sink"))
	ws := b.dial(t, "target=sink")
	nc := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
	want, _, _ := sum(randomStream(1, size))
	if err := writeChunks(nc, randomStream(1, size), 16<<10); err != nil {
		t.Fatal(err)
	}
	nc.Close()
	select {
	case s := <-got:
		if n := <-gotN; n != int64(size) || s != want {
			t.Fatalf("server got %d bytes (sum match %v), want %d", n, s == want, size)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("server never saw EOF")
	}
}

// TestServerClosesFirst: the server writes size bytes and closes at once.
// Every byte must arrive before the close frame (websockify loses some).
func TestServerClosesFirst(t *testing.T) {
	size := bigSize()
	srv := startTCP(t, func(c net.Conn) {
		io.Copy(c, randomStream(2, size))
	})
	b := startBridge(t, nil, srv.target("source"))
	ws := b.dial(t, "target=source")
	// Read messages directly to see the close frame itself.
	h := sha256.New()
	var n int64
	ctx := context.Background()
	for {
		typ, data, err := ws.Read(ctx)
		if err != nil {
			if websocket.CloseStatus(err) != websocket.StatusNormalClosure {
				t.Fatalf("after %d bytes: %v, want normal closure", n, err)
			}
			break
		}
		if typ != websocket.MessageBinary {
			t.Fatal("text message from bridge")
		}
		if len(data) > relay.MaxMessageToBrowser {
			t.Fatalf("message of %d bytes, want chunks of at most MaxMessageToBrowser", len(data))
		}
		h.Write(data)
		n += int64(len(data))
	}
	want, _, _ := sum(randomStream(2, size))
	if n != int64(size) || !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatalf("got %d bytes, want %d, checksum match %v", n, size, bytes.Equal(h.Sum(nil), want[:]))
	}
}

// TestExactEcho sends and receives at the same time, through an echo
// server, with random write sizes.
func TestExactEcho(t *testing.T) {
	size := bigSize() / 2
	srv := startTCP(t, echo)
	b := startBridge(t, nil, srv.target("echo"))
	ws := b.dial(t, "target=echo")
	nc := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
	errc := make(chan error, 1)
	go func() { errc <- writeChunks(nc, randomStream(3, size), 40<<10) }()
	got, n, err := sum(io.LimitReader(nc, int64(size)))
	if err != nil {
		t.Fatal(err)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	want, _, _ := sum(randomStream(3, size))
	if n != int64(size) || got != want {
		t.Fatalf("echoed %d of %d bytes, checksum match %v", n, size, got == want)
	}
	nc.Close()
}

// TestQuitReachesServer: a client that sends its last bytes and closes at
// once (QUIT, then gone) must still have those bytes delivered, followed
// by EOF, not a reset.
func TestQuitReachesServer(t *testing.T) {
	got := make(chan string, 1)
	srv := startTCP(t, func(c net.Conn) {
		c.Write([]byte("+OK ready\r\n"))
		b, _ := io.ReadAll(c)
		got <- string(b)
	})
	b := startBridge(t, nil, srv.target("pop"))
	ws := b.dial(t, "target=pop")
	if _, _, err := ws.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
	ws.Write(context.Background(), websocket.MessageBinary, []byte("DELE 1\r\nQUIT\r\n"))
	ws.CloseNow() // abrupt: no close handshake
	select {
	case s := <-got:
		if s != "DELE 1\r\nQUIT\r\n" {
			t.Fatalf("server read %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server never saw EOF")
	}
}

// roundTrip sends a line through an echo target and reads it back. When it
// returns, the relay has counted the activity (it touches the session
// before passing bytes on).
func roundTrip(t *testing.T, ws *websocket.Conn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := ws.Write(ctx, websocket.MessageBinary, []byte("NOOP\r\n")); err != nil {
		t.Fatalf("write: %v", err)
	}
	if _, _, err := ws.Read(ctx); err != nil {
		t.Fatalf("read: %v", err)
	}
}

// TestIdleTimeout checks the idle bound exactly, on a fake clock: traffic
// keeps a session alive for as long as it flows, and silence ends it at
// the idle timeout, not a nanosecond before.
func TestIdleTimeout(t *testing.T) {
	const idle = 10 * time.Minute
	fc := relay.NewFakeClock()
	srv := startTCP(t, echo)
	b := startBridge(t, relay.WithClock(&relay.Options{IdleTimeout: idle, MaxSessionLength: 100 * idle}, fc), srv.target("echo"))
	ws := b.dial(t, "target=echo")
	roundTrip(t, ws) // the session runs: its timers are set

	// The session's two timers (idle, length) are armed while it runs;
	// an idle check that ends it does not re-arm its timer.
	const running = 2
	if n := fc.Armed(); n != running {
		t.Fatalf("%d timers armed in a running session, want %d", n, running)
	}
	// Traffic keeps it alive well past the timeout...
	for i := 0; i < 4; i++ {
		fc.Advance(idle * 3 / 4)
		if n := fc.Armed(); n != running {
			t.Fatalf("after %v of silence (under the timeout), %d timers armed: the session was ended", idle*3/4, n)
		}
		roundTrip(t, ws)
	}
	// ...silence just short of the timeout does not end it...
	fc.Advance(idle - time.Nanosecond)
	if n := fc.Armed(); n != running {
		t.Fatalf("after %v of silence, %d timers armed: ended before the timeout", idle-time.Nanosecond, n)
	}
	// ...and the timeout does: its timer fired and was not re-armed
	// (which shows the checks above would have seen an ending).
	fc.Advance(time.Nanosecond)
	if n := fc.Armed(); n >= running {
		t.Errorf("%d timers armed after the timeout, want fewer than %d", n, running)
	}
	wantClose(t, ws, bridgeapi.CodeIdleTimeout, "idle timeout")
}

// TestMaxSessionLength: a session ends at the length limit, busy or not,
// and not before.
func TestMaxSessionLength(t *testing.T) {
	const maxLen = time.Hour
	fc := relay.NewFakeClock()
	srv := startTCP(t, echo)
	b := startBridge(t, relay.WithClock(&relay.Options{MaxSessionLength: maxLen, IdleTimeout: 2 * maxLen}, fc), srv.target("echo"))
	ws := b.dial(t, "target=echo")
	roundTrip(t, ws)
	// Busy all along: traffic every quarter of the limit.
	for i := 0; i < 3; i++ {
		fc.Advance(maxLen / 4)
		roundTrip(t, ws)
	}
	fc.Advance(maxLen/4 - time.Nanosecond)
	roundTrip(t, ws)
	if n := fc.Armed(); n != 2 {
		t.Fatalf("%d timers armed a nanosecond before the limit: the session was ended early", n)
	}
	fc.Advance(time.Nanosecond)
	if n := fc.Armed(); n >= 2 {
		t.Errorf("%d timers armed at the limit: the length timer did not fire", n)
	}
	wantClose(t, ws, bridgeapi.CodeSessionTooLong, "session time limit")
}

func TestMessageTooBig(t *testing.T) {
	srv := startTCP(t, echo)
	b := startBridge(t, &relay.Options{MaxMessageSize: 1024}, srv.target("echo"))
	ws := b.dial(t, "target=echo")
	ctx := context.Background()
	if err := ws.Write(ctx, websocket.MessageBinary, make([]byte, 1024)); err != nil {
		t.Fatal(err)
	}
	if _, data, err := ws.Read(ctx); err != nil || len(data) == 0 {
		t.Fatalf("1024-byte message: %v", err)
	}
	ws.Write(ctx, websocket.MessageBinary, make([]byte, 1025))
	ce, ok := closeOf(t, ws)
	if !ok || ce.Code != websocket.StatusMessageTooBig {
		t.Fatalf("close = %v, want 1009", ce)
	}
}

func TestTextMessageRefused(t *testing.T) {
	srv := startTCP(t, echo)
	b := startBridge(t, nil, srv.target("echo"))
	ws := b.dial(t, "target=echo")
	ws.Write(context.Background(), websocket.MessageText, []byte("USER x\r\n"))
	wantClose(t, ws, bridgeapi.CodeBinaryOnly, "binary messages only")
}

func TestTargetErrorEndsSession(t *testing.T) {
	srv := startTCP(t, func(c net.Conn) {
		c.Write([]byte("+OK\r\n"))
		c.Read(make([]byte, 64))
		c.(*net.TCPConn).SetLinger(0) // close with a reset
	})
	b := startBridge(t, nil, srv.target("rst"))
	ws := b.dial(t, "target=rst")
	if _, _, err := ws.Read(context.Background()); err != nil {
		t.Fatal(err)
	}
	ws.Write(context.Background(), websocket.MessageBinary, []byte("STAT\r\n"))
	ce, ok := closeOf(t, ws)
	// Depending on timing the reset is seen as an error or as EOF; either
	// way the session ends with a close frame.
	if !ok || (ce.Code != websocketCode(bridgeapi.CodeTargetError) && ce.Code != websocket.StatusNormalClosure) {
		t.Fatalf("close = %v %v", ce, ok)
	}
}

func TestLimits(t *testing.T) {
	srv := startTCP(t, echo)
	t.Run("per client", func(t *testing.T) {
		b := startBridge(t, &relay.Options{Limiter: limits.New(&limits.Options{MaxSessionsPerClient: 2})}, srv.target("echo"))
		b.dial(t, "target=echo")
		b.dial(t, "target=echo")
		waitFor(t, 5*time.Second, "2 sessions", func() bool { return b.h.ActiveSessions() == 2 })
		wantClose(t, b.dial(t, "target=echo"), bridgeapi.CodeLimitReached, "limit reached: sessions per client")
	})
	t.Run("total", func(t *testing.T) {
		b := startBridge(t, &relay.Options{Limiter: limits.New(&limits.Options{MaxSessions: 1})}, srv.target("echo"))
		b.dial(t, "target=echo")
		waitFor(t, 5*time.Second, "1 session", func() bool { return b.h.ActiveSessions() == 1 })
		wantClose(t, b.dial(t, "target=echo"), bridgeapi.CodeLimitReached, "limit reached: sessions")
	})
	t.Run("rate", func(t *testing.T) {
		b := startBridge(t, &relay.Options{Limiter: limits.New(&limits.Options{SessionsPerMinute: 3})}, srv.target("echo"))
		for i := 0; i < 3; i++ {
			b.dial(t, "target=echo").CloseNow()
		}
		wantClose(t, b.dial(t, "target=echo"), bridgeapi.CodeLimitReached, "limit reached: new sessions per minute")
	})
	t.Run("forwarded client behind trusted proxy", func(t *testing.T) {
		trusted, _ := limits.ParsePrefixes("127.0.0.1")
		b := startBridge(t, &relay.Options{
			Limiter:  limits.New(&limits.Options{MaxSessionsPerClient: 1}),
			ClientIP: &limits.ClientIP{Trusted: trusted},
		}, srv.target("echo"))
		dialAs := func(ip string) *websocket.Conn {
			h := map[string][]string{"Origin": {b.srv.URL}, "X-Forwarded-For": {ip}}
			c, _, err := websocket.Dial(context.Background(), b.url("target=echo"), &websocket.DialOptions{HTTPHeader: h})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { c.CloseNow() })
			return c
		}
		dialAs("198.51.100.1")
		dialAs("198.51.100.2") // another client: admitted
		waitFor(t, 5*time.Second, "2 sessions", func() bool { return b.h.ActiveSessions() == 2 })
		wantClose(t, dialAs("198.51.100.1"), bridgeapi.CodeLimitReached, "limit reached")
	})
}
