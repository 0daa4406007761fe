package ui

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/url"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/app/transport"
	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/submission"
)

// dialSubmission opens a submission session to t's submission server
// through the bridge at page (service=submission). Interim adapter until
// transport.DialSubmission lands: plain for the operator's loopback
// targets, implicit TLS or STARTTLS verified against the bundled roots.
func dialSubmission(ctx context.Context, page string, t bridgeapi.Target) (*submission.Client, error) {
	ws, err := transport.WebSocketURL(page, t.Name)
	if err != nil {
		return nil, err
	}
	u, err := url.Parse(ws)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set(bridgeapi.ParamService, string(bridgeapi.ServiceSubmission))
	u.RawQuery = q.Encode()
	c, _, err := websocket.Dial(ctx, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", transport.ErrBridgeUnreachable, err)
	}
	conn := websocket.NetConn(context.Background(), c, websocket.MessageBinary)
	ep := t.Submission
	cfg := mailconn.TLSConfig(ep.Host, func(cs tls.ConnectionState) error {
		return mailconn.Verify(cs.PeerCertificates, ep.Host, nil)
	})
	opts := &submission.Options{AllowInsecureAuth: ep.Security == bridgeapi.SecurityPlain, TLSConfig: cfg}
	switch ep.Security {
	case bridgeapi.SecurityTLS:
		tc := tls.Client(conn, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return nil, err
		}
		return submission.NewClient(tc, opts)
	case bridgeapi.SecurityStartTLS:
		sc, err := submission.NewClient(conn, opts)
		if err != nil {
			return nil, err
		}
		if err := sc.StartTLS(ctx, cfg); err != nil {
			sc.Close()
			return nil, err
		}
		return sc, nil
	}
	return submission.NewClient(conn, opts)
}
