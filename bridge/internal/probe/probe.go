package probe

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/internal/mailconn"
	"github.com/poppymail/poppy/pop3"
)

// Options configure a probe.
type Options struct {
	// Security is tls, starttls or plain; empty means tls for port 995
	// and starttls otherwise.
	Security bridgeapi.Security
	// RootCAs verifies the server; nil means the system roots.
	RootCAs *x509.CertPool
	// ServerName overrides the name verified; default the host of the
	// address.
	ServerName string
	// User and Password log in when User is set.
	User, Password string
	// Timeout bounds the whole probe; default 30 s.
	Timeout time.Duration
}

// Run probes the POP3 server at addr (HOST:PORT). It always returns a
// report; Report.Failed says whether the probe failed.
func Run(ctx context.Context, addr string, opts *Options) *Report {
	a := start(ctx, addr, opts, 995)
	defer a.cancel()
	if a.conn == nil {
		return a.r
	}
	ctx, r, o, host := a.ctx, a.r, a.o, a.host
	popts := &pop3.Options{Timeout: o.Timeout, AllowInsecureAuth: o.Security == bridgeapi.SecurityPlain && mailconn.IsLoopback(host)}
	c, err := mailconn.Open(ctx, a.conn, o.Security, a.tls, popts)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	defer c.Close()
	r.Greeting = c.Greeting()

	caps, err := c.Capabilities(ctx)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Capabilities = caps.Raw
	if r.Capabilities == nil {
		r.Capabilities = []string{}
	}

	if o.User == "" {
		r.Login = &Login{Skipped: "no POPPY_USER given"}
		c.Quit(ctx)
		return r
	}
	r.Login = &Login{User: o.User}
	if o.Security == bridgeapi.SecurityPlain && !mailconn.IsLoopback(host) {
		r.Login.Skipped = "plain POP3 off loopback would expose the password"
		r.Error = r.Login.Skipped
		return r
	}
	if err := c.Login(ctx, o.User, o.Password); err != nil {
		r.Login.Error = err.Error()
		r.Error = "login failed"
		return r
	}
	r.Login.OK = true
	n, size, err := c.Stat(ctx)
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Count, r.Size = &n, &size
	// QUIT without DELE commits nothing; it just ends cleanly.
	if err := c.Quit(ctx); err != nil && !errors.Is(err, pop3.ErrClosed) {
		r.Error = err.Error()
	}
	return r
}

// attempt is a probe under way: its report, its options with the
// defaults filled in, and the connection when there is one.
type attempt struct {
	ctx    context.Context // bounded by Options.Timeout
	cancel context.CancelFunc
	r      *Report
	o      Options
	host   string
	conn   net.Conn // nil when r already holds the error
	tls    *tls.Config
}

// start does what every probe does first: it checks addr and the
// options, fills in the defaults (implicit TLS on tlsPort, STARTTLS
// elsewhere), prepares a TLS configuration that records the chain and its
// verification in the report, and connects. The caller must call
// a.cancel.
func start(ctx context.Context, addr string, opts *Options, tlsPort int) *attempt {
	a := &attempt{r: &Report{Address: addr}, cancel: func() {}}
	if opts != nil {
		a.o = *opts
	}
	o, r := &a.o, a.r
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		r.Error = fmt.Sprintf("address %q: want HOST:PORT", addr)
		return a
	}
	a.host = host
	if o.Security == "" {
		o.Security = bridgeapi.SecurityStartTLS
		if port == strconv.Itoa(tlsPort) {
			o.Security = bridgeapi.SecurityTLS
		}
	}
	r.Security = string(o.Security)
	if !o.Security.Valid() {
		r.Error = fmt.Sprintf("security %q: want tls, starttls or plain", o.Security)
		return a
	}
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	a.ctx, a.cancel = context.WithTimeout(ctx, o.Timeout)
	if o.ServerName == "" {
		o.ServerName = host
	}

	// Verification is done by hand so that the chain and the reason are
	// reported even when it fails; the handshake still fails then, so
	// nothing is sent to an unverified server.
	a.tls = mailconn.TLSConfig(o.ServerName, func(cs tls.ConnectionState) error {
		r.TLS = tlsInfo(cs, o.ServerName)
		if err := mailconn.Verify(cs.PeerCertificates, o.ServerName, o.RootCAs); err != nil {
			r.TLS.VerifyError = err.Error()
			return err
		}
		r.TLS.Verified = true
		return nil
	})
	var d net.Dialer
	if a.conn, err = d.DialContext(a.ctx, "tcp", addr); err != nil {
		r.Error = fmt.Sprintf("cannot connect to %s: %v", addr, err)
	}
	return a
}
