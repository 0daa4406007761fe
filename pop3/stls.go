package pop3

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
)

// StartTLS upgrades a plain session to TLS with STLS (RFC 2595). config
// may be nil to use Options.TLSConfig; a missing ServerName is taken from
// the address given to Dial. The capabilities are asked again afterwards,
// since RFC 2595 §4 says the ones from before cannot be trusted.
func (c *Client) StartTLS(ctx context.Context, config *tls.Config) error {
	end, err := c.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if c.encrypted {
		return errors.New("pop3: STLS: the session is already encrypted")
	}
	if c.authed {
		return errors.New("pop3: STLS: only possible before login (RFC 2595)")
	}
	if config == nil {
		config = c.opts.TLSConfig
	}
	config = config.Clone()
	if config == nil {
		config = &tls.Config{}
	}
	if config.ServerName == "" && c.opts.TLSConfig != nil {
		config.ServerName = c.opts.TLSConfig.ServerName
	}
	err = c.pipeline([]request{{verb: "STLS", line: "STLS", handle: func(st status, _ *bodyReader) error {
		if !st.ok {
			return &notSupported{what: "STLS", err: replyErr("STLS", st)}
		}
		return nil
	}}})
	if err != nil {
		return err
	}
	// Bytes already buffered after the +OK were sent in the clear but
	// would be read as if they came through TLS: a man in the middle
	// injecting replies (the STARTTLS command-injection class of bugs).
	if c.br.Buffered() > 0 {
		err := protocolErr("STLS", "the server sent data after +OK before the TLS handshake", nil)
		c.fail(err)
		return err
	}
	tconn := tls.Client(c.tc, config)
	if err := tconn.HandshakeContext(ctx); err != nil {
		err = fmt.Errorf("pop3: STLS: TLS handshake failed: %w", err)
		c.fail(err)
		return err
	}
	c.br = bufio.NewReaderSize(tconn, bufSize)
	c.bw = bufio.NewWriterSize(tconn, 4<<10)
	st := tconn.ConnectionState()
	c.tlsState = &st
	c.encrypted = true
	c.caps = nil
	return nil
}
