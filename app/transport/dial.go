package transport

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net/url"

	"github.com/coder/websocket"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
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
}

// WebSocketURL returns the bridge's relay URL for target, given the URL
// of the page the app was loaded from.
func WebSocketURL(page string, target string) (string, error) {
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
	u.Path = bridgeapi.PathWebSocket
	u.RawQuery = url.Values{bridgeapi.ParamTarget: {target}}.Encode()
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
	roots := opts.Roots
	if roots == nil && target.Security != bridgeapi.SecurityPlain {
		// Before the WebSocket: a store that cannot load stops here,
		// and nothing reaches the server's TLS.
		var err error
		if roots, err = Roots(ctx, wsURL); err != nil {
			return nil, err
		}
	}
	ws, _, err := websocket.Dial(ctx, wsURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBridgeUnreachable, err)
	}
	// The connection outlives ctx, which only bounds the dial; the POP3
	// client closes it.
	conn := websocket.NetConn(context.Background(), ws, websocket.MessageBinary)
	c, err := mailconn.Open(ctx, conn, target.Security, tlsConfig(target.Host, roots, opts.TrustedFingerprint), &po)
	if err != nil {
		return nil, explain(target, err)
	}
	return c, nil
}

// explain keeps what a caller matches in err: a bridge close hidden in
// the chain becomes a *BridgeError, and a server that answers a TLS
// handshake with something else (tls.RecordHeaderError) is named, since
// the target's security setting is then the likely cause.
func explain(target bridgeapi.Target, err error) error {
	if be, ok := AsBridgeError(err); ok {
		return fmt.Errorf("%w: %w", be, err)
	}
	var ce *CertificateError
	if errors.As(err, &ce) {
		return ce
	}
	var rh tls.RecordHeaderError
	if errors.As(err, &rh) {
		return fmt.Errorf("transport: %s does not speak TLS on this port; the target's security setting may be wrong: %w", target.Host, err)
	}
	return err
}
