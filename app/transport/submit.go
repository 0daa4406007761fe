package transport

import (
	"context"
	"errors"
	"net/url"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/submission"
)

// ErrCannotSend is returned by DialSubmission for a target without a
// submission server (bridgeapi.Target.CanSend is false).
var ErrCannotSend = errors.New("transport: this server has no mail submission server configured, so it cannot send; ask the bridge's operator to add one")

// DialSubmission opens an SMTP submission session to target's submission
// server through the bridge at wsURL (see WebSocketURL; the session asks
// for bridgeapi.ServiceSubmission whatever wsURL says): RFC 8314
// implicit TLS for "tls" (port 465), STARTTLS for "starttls" (587, and
// nothing but EHLO is sent to a server that does not offer it), plain
// for "plain" (loopback and the demo only). TLS runs here, with the same
// certificate checks and trusted-fingerprint exception as Dial. The
// returned client has sent EHLO and is not authenticated.
func DialSubmission(ctx context.Context, wsURL string, target bridgeapi.Target, opts *Options) (*submission.Client, error) {
	if !target.CanSend() {
		return nil, ErrCannotSend
	}
	if opts == nil {
		opts = &Options{}
	}
	var so submission.Options
	if opts.Submission != nil {
		so = *opts.Submission
	}
	ep := target.Submission
	so.AllowInsecureAuth = ep.Security == bridgeapi.SecurityPlain
	u, err := url.Parse(wsURL)
	if err != nil {
		return nil, err
	}
	q := u.Query()
	q.Set(bridgeapi.ParamService, string(bridgeapi.ServiceSubmission))
	u.RawQuery = q.Encode()
	roots, err := rootsFor(ctx, wsURL, ep.Security, opts.Roots)
	if err != nil {
		return nil, err
	}
	conn, err := dialBridge(ctx, u.String())
	if err != nil {
		return nil, err
	}
	c, err := mailconn.OpenSubmission(ctx, conn, ep.Security, tlsConfig(ep.Host, roots, opts.TrustedFingerprint), &so)
	if err != nil {
		return nil, explain(ep.Host, err)
	}
	return c, nil
}
