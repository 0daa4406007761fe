package submission

import (
	"context"
	"crypto/tls"
	"errors"
	"io"
	"net"

	"github.com/emersion/go-sasl"
)

// Envelope is the SMTP envelope of one message: the return path and the
// recipients (To, Cc and Bcc together). Addresses are bare
// (user@example.org), without angle brackets or display names.
type Envelope struct {
	From string
	To   []string
}

// Client is one SMTP submission session.
type Client struct {
	conn net.Conn
	opts Options
	ext  Extensions
}

var errTODO = errors.New("submission: not implemented yet")

// NewClient reads the server's greeting on conn and introduces itself
// with EHLO.
func NewClient(conn net.Conn, opts *Options) (*Client, error) {
	return nil, errTODO
}

// StartTLS upgrades the session to TLS (RFC 3207).
func (c *Client) StartTLS(ctx context.Context, cfg *tls.Config) error { return errTODO }

// Auth authenticates with a go-sasl mechanism (RFC 4954).
func (c *Client) Auth(ctx context.Context, a sasl.Client) error { return errTODO }

// Extensions returns what the server's last EHLO reply offered.
func (c *Client) Extensions() Extensions { return c.ext }

// Send submits one message of size bytes.
func (c *Client) Send(ctx context.Context, env Envelope, msg io.Reader, size int64, progress func(sent int64)) error {
	return errTODO
}

// Quit ends the session politely and closes the connection.
func (c *Client) Quit() error { return errTODO }

// Close closes the connection.
func (c *Client) Close() error { return c.conn.Close() }
