package pop3

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"sync"

	"github.com/poppymail/poppy/internal/timedconn"
)

// Client is one POP3 session. See the package documentation for how its
// methods may be used concurrently.
type Client struct {
	opts Options
	raw  net.Conn        // the transport as given or dialled
	tc   *timedconn.Conn // raw (or a *tls.Conn given to NewClient) with deadlines
	br   *bufio.Reader
	bw   *bufio.Writer

	// lock is held by the running command, and by an open Retr or Top
	// body until it is closed. A channel rather than a mutex so that a
	// waiting call can give up when its context ends.
	lock chan struct{}

	// The fields below are guarded by lock.
	greeting  string
	timestamp string // APOP timestamp from the greeting, "" if none
	caps      *Capabilities
	encrypted bool
	tlsState  *tls.ConnectionState
	authed    bool
	sizes     map[int]int64 // message sizes from the last LIST

	// pipelinedBeforeLogin: the server announced PIPELINING in its last
	// CAPA before login, so the CAPA that login makes the client ask
	// again may go out with the next batch (see batch).
	pipelinedBeforeLogin bool

	// errMu guards err, which says why the session ended (nil while it
	// lives); closed is closed at the same moment. They sit outside lock
	// so that Close never waits behind a stalled command or an abandoned
	// message body.
	errMu  sync.Mutex
	err    error
	closed chan struct{}
}

// bufSize is the size of the read and write buffers. 32 KiB lets a body
// line of ordinary length always arrive in one slice, and keeps the
// number of reads (and deadline arms) per megabyte low.
const bufSize = 32 << 10

// NewClient starts a session over conn, which is already connected to a
// POP3 server, and reads the greeting. A *tls.Conn counts as encrypted
// (Login will then send passwords); any other conn counts as plain. The
// greeting must arrive within Options.Timeout.
func NewClient(conn net.Conn, opts *Options) (*Client, error) {
	_, encrypted := conn.(*tls.Conn)
	return newClient(context.Background(), conn, opts, encrypted)
}

// Dial connects to addr ("host:port", usually port 110) without TLS and
// reads the greeting. Use StartTLS before Login, unless the server is on
// loopback and Options.AllowInsecureAuth is set.
func Dial(ctx context.Context, addr string, opts *Options) (*Client, error) {
	o := opts.withDefaults()
	conn, err := o.Dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pop3: cannot connect to %s: %w", addr, err)
	}
	c, err := newClient(ctx, conn, &o, false)
	if err != nil {
		return nil, err
	}
	c.tlsDefaultsFrom(addr)
	return c, nil
}

// DialTLS connects to addr (usually port 995) with implicit TLS (RFC
// 8314), verifies the server's certificate with Options.TLSConfig, and
// reads the greeting.
func DialTLS(ctx context.Context, addr string, opts *Options) (*Client, error) {
	o := opts.withDefaults()
	conn, err := o.Dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("pop3: cannot connect to %s: %w", addr, err)
	}
	tconn := tls.Client(conn, tlsConfigFor(o.TLSConfig, addr))
	// A server that accepts and then says nothing must not hang the
	// handshake: bound it like any other wait for the server.
	hctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := tconn.HandshakeContext(hctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("pop3: TLS handshake with %s failed: %w", addr, err)
	}
	return newClient(ctx, tconn, &o, true)
}

// tlsConfigFor clones cfg and fills in ServerName from addr.
func tlsConfigFor(cfg *tls.Config, addr string) *tls.Config {
	if cfg == nil {
		cfg = &tls.Config{}
	}
	cfg = cfg.Clone()
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		cfg.ServerName = host
	}
	return cfg
}

// tlsDefaultsFrom remembers the dialled host for a later StartTLS.
func (c *Client) tlsDefaultsFrom(addr string) {
	c.opts.TLSConfig = tlsConfigFor(c.opts.TLSConfig, addr)
}

func newClient(ctx context.Context, conn net.Conn, opts *Options, encrypted bool) (*Client, error) {
	o := opts.withDefaults()
	c := &Client{opts: o, raw: conn, lock: make(chan struct{}, 1), closed: make(chan struct{}), encrypted: encrypted}
	c.setTransport(conn)
	if tc, ok := conn.(*tls.Conn); ok {
		st := tc.ConnectionState()
		c.tlsState = &st
	}
	end, err := c.begin(ctx)
	if err != nil {
		conn.Close()
		return nil, err
	}
	defer end()
	st, err := c.readStatus("greeting")
	if err != nil {
		c.fail(err)
		return nil, err
	}
	if !st.ok {
		err := replyErr("greeting", st)
		c.fail(err)
		return nil, err
	}
	c.greeting = st.text
	c.timestamp = apopTimestamp.FindString(st.text)
	return c, nil
}

// apopTimestamp finds an RFC 1939 §7 timestamp anywhere in the greeting:
// a msg-id in angle brackets, which always holds an '@'.
var apopTimestamp = regexp.MustCompile(`<[^<>\s]*@[^<>\s]*>`)

func (c *Client) setTransport(conn net.Conn) {
	c.tc = timedconn.New(conn, c.opts.Timeout, ErrTimeout)
	c.br = bufio.NewReaderSize(c.tc, bufSize)
	c.bw = bufio.NewWriterSize(c.tc, 4<<10)
}

// begin takes the session for one command: it waits for the previous one
// to end, refuses if the session is over, and binds I/O to ctx. The
// returned function releases the session.
func (c *Client) begin(ctx context.Context) (end func(), err error) {
	select {
	case c.lock <- struct{}{}:
	case <-c.closed:
		return nil, c.ended()
	case <-ctx.Done():
		return nil, fmt.Errorf("pop3: gave up waiting for the previous command: %w", context.Cause(ctx))
	}
	if err := c.ended(); err != nil {
		<-c.lock
		return nil, err
	}
	stop := c.tc.Watch(ctx)
	return func() { stop(); <-c.lock }, nil
}

// fail ends the session because of err. Later calls report err.
func (c *Client) fail(err error) {
	c.errMu.Lock()
	if c.err == nil {
		c.err = err
		close(c.closed)
	}
	c.errMu.Unlock()
	c.raw.Close()
}

// ended returns the error for calls on an ended session, nil while the
// session lives.
func (c *Client) ended() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	if c.err == nil {
		return nil
	}
	return &sessionError{cause: c.err}
}

// fatal reports whether err leaves the session out of step with the
// server; a plain -ERR reply does not.
func fatal(err error) bool {
	var e *Error
	return err != nil && !errors.As(err, &e)
}

// Greeting returns the text of the server's greeting, after "+OK".
func (c *Client) Greeting() string { return c.greeting }

// TLSConnectionState returns the TLS state of the session, and false when
// the session is not encrypted by this client (after DialTLS or StartTLS,
// or when NewClient was given a *tls.Conn).
func (c *Client) TLSConnectionState() (tls.ConnectionState, bool) {
	if c.tlsState == nil {
		return tls.ConnectionState{}, false
	}
	return *c.tlsState, true
}

// Close ends the session without QUIT: the server deletes nothing that
// Dele marked. It is safe to call more than once, and after Quit.
func (c *Client) Close() error {
	// Closing the connection also wakes a command blocked in I/O.
	c.fail(errors.New("pop3: Close was called"))
	return nil
}

// locked runs fn while holding the session for ctx.
func (c *Client) locked(ctx context.Context, fn func() error) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	return fn()
}

// do runs requests in order, as a batch; the lock is taken for them.
func (c *Client) do(ctx context.Context, reqs ...request) error {
	return c.locked(ctx, func() error { return c.batch(reqs) })
}

// batch runs a batch of commands, learning first whether the server
// pipelines; the lock must be held.
//
// After login the capabilities are unknown until CAPA is asked again
// (servers announce more then). On a server that pipelined before login
// that CAPA opens the batch, in the same flight, so the first listing
// after login costs one round trip instead of two. Its reply is read
// before the others, so the batch's own replies are handled with the new
// capabilities (a TOP refused where TOP is not announced, say), and the
// rest of the batch goes out as the new CAPA allows (see pipeline).
func (c *Client) batch(reqs []request) error {
	switch {
	case c.caps == nil && c.authed && c.canPipeline():
		return c.pipeline(append([]request{c.capaRequest()}, reqs...))
	case len(reqs) > 1 && !c.opts.DisablePipelining:
		if err := c.loadCaps(); err != nil {
			return err
		}
	}
	return c.pipeline(reqs)
}

// joinItems joins per-message failures of a batch; nil when none.
func joinItems(errs []error) error {
	return errors.Join(errs...)
}

// simple sends one command whose reply is a status line and returns it,
// or an *Error for -ERR.
func (c *Client) simple(ctx context.Context, verb, line string) (status, error) {
	var st status
	err := c.do(ctx, request{verb: verb, line: line, handle: func(s status, _ *bodyReader) error {
		st = s
		if !s.ok {
			return replyErr(verb, s)
		}
		return nil
	}})
	return st, err
}

// isASCII reports whether s needs no UTF-8 mode.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// checkArg refuses arguments that would break the command line apart.
func checkArg(verb, s string) error {
	if strings.ContainsAny(s, "\r\n\x00") {
		return fmt.Errorf("pop3: %s: argument contains a line break or NUL, which the protocol cannot carry", verb)
	}
	return nil
}
