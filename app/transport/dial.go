package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/submission"
)

// Options configure Dial. Nil means safe defaults.
type Options struct {
	// TrustedFingerprint is the SHA-256 fingerprint (hex) of a server
	// certificate the user chose to trust for this account.
	TrustedFingerprint string
	// Roots replaces the root store, which by default Dial loads from
	// the bridge (Roots, roots.go); for tests.
	Roots *x509.CertPool
	// POP3 configures the engine. AllowInsecureAuth is set by Dial for
	// plain targets (the bridge offers those only for loopback and the
	// demo) and ignored otherwise.
	POP3 *pop3.Options
	// Submission configures the sending engine, as POP3 does the reading
	// one; AllowInsecureAuth is likewise DialSubmission's to set.
	Submission *submission.Options
}

// WebSocketURL returns the bridge's relay URL for target, given the URL
// of the page the app was loaded from. service picks the target's server
// (bridgeapi.ParamService); without it, or with ServicePOP3, the URL
// names none and the bridge takes POP3, its default, so POP3 URLs stay
// as they were.
func WebSocketURL(page string, target string, service ...bridgeapi.Service) (string, error) {
	u, err := url.Parse(page)
	if err != nil {
		return "", fmt.Errorf("transport: bad page URL %q: %w", page, err)
	}
	switch u.Scheme {
	case "https":
		u.Scheme = "wss"
	case "http":
		u.Scheme = "ws"
	default:
		return "", fmt.Errorf("transport: page URL %q is neither http nor https", page)
	}
	q := url.Values{bridgeapi.ParamTarget: {target}}
	for _, s := range service {
		if !s.Valid() {
			return "", fmt.Errorf("transport: unknown service %q", s)
		}
		if s != bridgeapi.ServicePOP3 {
			q.Set(bridgeapi.ParamService, string(s))
		}
	}
	u.Path = bridgeapi.PathWebSocket
	u.RawQuery = q.Encode()
	u.Fragment = ""
	return u.String(), nil
}

// Dial opens a POP3 session to target through the bridge at wsURL (see
// WebSocketURL): implicit TLS for "tls" targets, STLS for "starttls", and
// plain POP3 for "plain" ones. The returned client has read the greeting
// and is not logged in.
func Dial(ctx context.Context, wsURL string, target bridgeapi.Target, opts *Options) (*pop3.Client, error) {
	if opts == nil {
		opts = &Options{}
	}
	var po pop3.Options
	if opts.POP3 != nil {
		po = *opts.POP3
	}
	po.AllowInsecureAuth = target.Security == bridgeapi.SecurityPlain
	roots, err := rootsFor(ctx, wsURL, target.Security, opts.Roots)
	if err != nil {
		return nil, err
	}
	conn, err := dialBridge(ctx, wsURL)
	if err != nil {
		return nil, err
	}
	c, err := mailconn.Open(ctx, conn, target.Security, tlsConfig(target.Host, roots, opts.TrustedFingerprint), &po)
	if err != nil {
		return nil, explain(target.Host, err)
	}
	return c, nil
}

// rootsFor returns the root store a session of security verifies
// against: given (tests), none for plain sessions, else the bridge's
// roots.pem checked against the sum in app.wasm (Roots). It runs before
// the WebSocket opens, so a store that cannot load stops the session
// before anything reaches the server's TLS.
func rootsFor(ctx context.Context, wsURL string, security bridgeapi.Security, given *x509.CertPool) (*x509.CertPool, error) {
	if given != nil || security == bridgeapi.SecurityPlain {
		return given, nil
	}
	return Roots(ctx, wsURL)
}

// dialBridge opens the WebSocket to the bridge as a net.Conn.
func dialBridge(ctx context.Context, wsURL string) (net.Conn, error) {
	ws, _, err := websocket.Dial(ctx, wsURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBridgeUnreachable, err)
	}
	// The connection outlives ctx, which only bounds the dial; the
	// engine's client closes it.
	return websocket.NetConn(context.Background(), ws, websocket.MessageBinary), nil
}

// explain keeps what a caller matches in err: a bridge close hidden in
// the chain becomes a *BridgeError, and a server that answers a TLS
// handshake with something else (tls.RecordHeaderError) is named, since
// the target's security setting is then the likely cause.
func explain(host string, err error) error {
	if be, ok := AsBridgeError(err); ok {
		return fmt.Errorf("%w: %w", be, err)
	}
	var ce *CertificateError
	if errors.As(err, &ce) {
		return ce
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return fmt.Errorf("transport: %s does not speak TLS on this port; the target's security setting may be wrong: %w", host, err)
	}
	return err
}
