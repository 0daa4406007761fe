package submission

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"net"
	"sync"
	"time"

	"github.com/poppymail/poppy/internal/timedconn"
)

// Envelope is the SMTP envelope of one message: the return path and the
// recipients (To, Cc and Bcc together). Addresses are bare
// (user@example.org), without angle brackets or display names.
type Envelope struct {
	From string
	To   []string
}

// Client is one SMTP submission session. Its methods may be called from
// several goroutines; they run one at a time. A context that ends in the
// middle of an exchange ends the session, since the position in the
// reply stream is then unknown; every later call returns an error
// matching ErrClosed.
type Client struct {
	opts Options
	raw  net.Conn        // the connection as given
	tc   *timedconn.Conn // what br and bw read and write, with deadlines
	br   *bufio.Reader
	bw   *bufio.Writer

	mu        sync.Mutex // held by the running call
	ext       Extensions
	encrypted bool
	authed    bool

	// errMu guards err, which says why the session ended (nil while it
	// lives). It sits outside mu so that Close never waits behind a
	// stalled call.
	errMu sync.Mutex
	err   error
}

// bufSize is the size of the read and write buffers: 32 KiB keeps the
// writes (and, in the browser, WebSocket messages and TLS records) of a
// large message few.
const bufSize = 32 << 10

// ErrTimeout is matched by errors for a server that stayed silent longer
// than Options.Timeout.
var ErrTimeout = errors.New("submission: the server did not answer in time")

// NewClient starts a session over conn, which is connected to a
// submission server: it reads the greeting and sends EHLO (HELO if the
// server does not know EHLO). A *tls.Conn counts as encrypted (RFC 8314
// implicit TLS); any other conn is plain until StartTLS. The greeting and
// each reply must arrive within Options.Timeout. On error conn is closed.
func NewClient(conn net.Conn, opts *Options) (*Client, error) {
	c := &Client{raw: conn}
	if opts != nil {
		c.opts = *opts
	}
	_, c.encrypted = conn.(*tls.Conn)
	c.setTransport(conn)
	end, err := c.begin(context.Background())
	if err != nil {
		return nil, err
	}
	defer end()
	r, err := c.read(StageGreeting)
	if err == nil && r.code != 220 {
		// 554: the server will not serve this client (RFC 5321 §3.1).
		err = r.err(StageGreeting)
	}
	if err == nil {
		err = c.hello()
	}
	if err != nil {
		c.fail(err)
		return nil, err
	}
	return c, nil
}

func (c *Client) setTransport(conn net.Conn) {
	c.tc = timedconn.New(conn, c.opts.timeout(), ErrTimeout)
	c.br = bufio.NewReaderSize(c.tc, bufSize)
	c.bw = bufio.NewWriterSize(c.tc, bufSize)
}

// hello sends EHLO and records the extensions; a server that does not
// know EHLO (500 or 502) gets HELO and is taken to offer none.
func (c *Client) hello() error {
	name := c.opts.localName()
	if !validArg(name) {
		return errors.New("submission: Options.LocalName holds a control character")
	}
	r, err := c.cmd(StageGreeting, "EHLO "+name)
	if err != nil {
		return err
	}
	if r.code == 500 || r.code == 502 {
		if r, err = c.cmd(StageGreeting, "HELO "+name); err != nil {
			return err
		}
		r.lines = r.lines[:1]
	}
	if r.code != 250 {
		return r.err(StageGreeting)
	}
	c.ext = parseEHLO(r.lines)
	return nil
}

// begin takes the session for one call, refuses an ended one, and binds
// I/O to ctx. The returned function releases the session.
func (c *Client) begin(ctx context.Context) (end func(), err error) {
	c.mu.Lock()
	if err := c.ended(); err != nil {
		c.mu.Unlock()
		return nil, err
	}
	stop := c.tc.Watch(ctx)
	return func() { stop(); c.mu.Unlock() }, nil
}

// fail ends the session because of err.
func (c *Client) fail(err error) {
	c.errMu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.errMu.Unlock()
	c.raw.Close()
}

// ended returns the error for calls on an ended session, nil while it
// lives.
func (c *Client) ended() error {
	c.errMu.Lock()
	defer c.errMu.Unlock()
	if c.err == nil {
		return nil
	}
	return &closedError{cause: c.err}
}

type closedError struct{ cause error }

func (e *closedError) Error() string {
	return "submission: session closed after an earlier error: " + e.cause.Error()
}
func (e *closedError) Is(target error) bool { return target == ErrClosed }
func (e *closedError) Unwrap() error        { return e.cause }

// cmd writes one command line and reads its reply. An I/O failure or a
// malformed reply ends the session and comes back as a *ConnError.
func (c *Client) cmd(stage Stage, line string) (reply, error) {
	c.bw.WriteString(line)
	c.bw.WriteString("\r\n")
	if err := c.bw.Flush(); err != nil {
		return reply{}, c.connErr(stage, err)
	}
	return c.read(stage)
}

// read reads one reply, ending the session if it cannot.
func (c *Client) read(stage Stage) (reply, error) {
	r, err := readReply(c.br, c.opts.maxLine())
	if err != nil {
		return reply{}, c.connErr(stage, err)
	}
	return r, nil
}

// connErr ends the session because of err at stage.
func (c *Client) connErr(stage Stage, err error) error {
	ce := &ConnError{Stage: stage, Err: err}
	c.fail(ce)
	return ce
}

// Extensions returns what the server's last EHLO reply offered. After
// StartTLS they are those of the EHLO sent over TLS: RFC 3207 §4.2 says
// the ones from before cannot be trusted.
func (c *Client) Extensions() Extensions {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ext
}

// StartTLS upgrades a plain session to TLS (RFC 3207). cfg may be nil to
// use Options.TLSConfig; it must name the server (ServerName) or verify
// it some other way. It fails with ErrStartTLSNotOffered, having sent
// nothing, when the server does not offer STARTTLS. Any failure after the
// STARTTLS command ends the session.
func (c *Client) StartTLS(ctx context.Context, cfg *tls.Config) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if c.encrypted {
		return errors.New("submission: STARTTLS: the session is already encrypted")
	}
	if !c.ext.StartTLS {
		return ErrStartTLSNotOffered
	}
	if cfg == nil {
		cfg = c.opts.TLSConfig
	}
	if cfg == nil {
		return errors.New("submission: STARTTLS needs a tls.Config that names the server")
	}
	r, err := c.cmd(StageTLS, "STARTTLS")
	if err != nil {
		return err
	}
	if r.code != 220 {
		return r.err(StageTLS)
	}
	// Bytes already buffered after the 220 were sent in the clear but
	// would be read as if they came through TLS: a man in the middle
	// injecting replies (CVE-2011-0411's class of bugs).
	if c.br.Buffered() > 0 {
		return c.connErr(StageTLS, protocolErr("the server sent data after 220 before the TLS handshake", nil))
	}
	tconn := tls.Client(c.tc, cfg)
	if err := tconn.HandshakeContext(ctx); err != nil {
		return c.connErr(StageTLS, err)
	}
	c.br = bufio.NewReaderSize(tconn, bufSize)
	c.bw = bufio.NewWriterSize(tconn, bufSize)
	c.encrypted = true
	c.ext = Extensions{}
	if err := c.hello(); err != nil {
		c.fail(err)
		return err
	}
	return nil
}

// Quit ends the session with QUIT and closes the connection. Its error
// says nothing about messages already sent: each Send returned their
// outcome.
func (c *Client) Quit() error {
	end, err := c.begin(context.Background())
	if err != nil {
		return err
	}
	defer end()
	r, err := c.cmd(StageQuit, "QUIT")
	c.fail(errors.New("submission: Quit was called"))
	if err != nil {
		return err
	}
	if r.code != 221 {
		return r.err(StageQuit)
	}
	return nil
}

// Close ends the session without QUIT. It is safe to call more than once
// and after Quit, and does not wait for a running call, which it ends.
func (c *Client) Close() error {
	c.fail(errors.New("submission: Close was called"))
	return nil
}

// afterDataTimeout is the wait for the reply to the final dot: RFC 5321
// §4.5.3.2.6 gives the server 10 minutes.
func (c *Client) afterDataTimeout() time.Duration {
	if c.opts.Timeout > 0 {
		return 2 * c.opts.Timeout
	}
	return 10 * time.Minute
}
