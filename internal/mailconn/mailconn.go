package mailconn

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/submission"
)

// TLSConfig returns the TLS configuration for host whose verification is
// check, which replaces Go's own (InsecureSkipVerify skips only the
// built-in one): a caller that must report the chain, or honour a
// fingerprint the person trusts, does so in check. A failing check still
// fails the handshake, so nothing is sent to an unverified server.
func TLSConfig(host string, check func(tls.ConnectionState) error) *tls.Config {
	return &tls.Config{
		ServerName:         host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true,
		VerifyConnection:   check,
	}
}

// ErrNoCertificate is matched by Verify's error for an empty chain.
var ErrNoCertificate = errors.New("mailconn: the server sent no certificate")

// Verify checks chain (the server's, leaf first) for host against roots
// (nil: the system store, which under js/wasm is whatever root store the
// program bundled). It returns crypto/x509's own error types.
func Verify(chain []*x509.Certificate, host string, roots *x509.CertPool) error {
	if len(chain) == 0 {
		return ErrNoCertificate
	}
	inter := x509.NewCertPool()
	for _, c := range chain[1:] {
		inter.AddCert(c)
	}
	_, err := chain[0].Verify(x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: inter})
	return err
}

// IsLoopback reports whether host names this machine: "localhost" in any
// letter case (DNS names are case-insensitive), or a loopback address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// Open starts a POP3 session on conn as security says: a TLS handshake
// first for SecurityTLS, STLS after the greeting for SecurityStartTLS,
// nothing for SecurityPlain. cfg secures the first two (see TLSConfig).
// The returned client has read the greeting and is not logged in. On
// error conn is closed.
func Open(ctx context.Context, conn net.Conn, security bridgeapi.Security, cfg *tls.Config, opts *pop3.Options) (*pop3.Client, error) {
	var po pop3.Options
	if opts != nil {
		po = *opts
	}
	if security == bridgeapi.SecurityStartTLS {
		po.TLSConfig = cfg
	}
	return open(ctx, conn, security, cfg, func(c net.Conn) (*pop3.Client, error) { return pop3.NewClient(c, &po) })
}

// OpenSubmission starts an SMTP submission session on conn the same way:
// RFC 8314 implicit TLS (port 465), RFC 3207 STARTTLS (port 587), or
// plain. For SecurityStartTLS a server that does not offer STARTTLS is
// refused with submission.ErrStartTLSNotOffered before anything but EHLO
// was written. The returned client has sent EHLO (again over TLS after
// STARTTLS) and is not authenticated. On error conn is closed.
func OpenSubmission(ctx context.Context, conn net.Conn, security bridgeapi.Security, cfg *tls.Config, opts *submission.Options) (*submission.Client, error) {
	var so submission.Options
	if opts != nil {
		so = *opts
	}
	return open(ctx, conn, security, cfg, func(c net.Conn) (*submission.Client, error) { return submission.NewClient(c, &so) })
}

// session is what open needs of a protocol engine's client.
type session interface {
	StartTLS(ctx context.Context, cfg *tls.Config) error
	Close() error
}

// open is the one security switch both engines go through. ctx bounds
// the whole opening, the greeting included: the engines' own greeting
// wait knows only their timeout.
func open[C session](ctx context.Context, conn net.Conn, security bridgeapi.Security, cfg *tls.Config, newClient func(net.Conn) (C, error)) (C, error) {
	var zero C
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	c, err := secure(ctx, conn, security, cfg, newClient)
	if !stop() {
		// ctx ended and conn was closed: say so, whatever broke first.
		if err == nil {
			c.Close()
			err = context.Cause(ctx)
		} else {
			err = fmt.Errorf("mailconn: %w (%w)", context.Cause(ctx), err)
		}
	}
	if err != nil {
		conn.Close()
		return zero, err
	}
	return c, nil
}

func secure[C session](ctx context.Context, conn net.Conn, security bridgeapi.Security, cfg *tls.Config, newClient func(net.Conn) (C, error)) (c C, err error) {
	switch security {
	case bridgeapi.SecurityTLS:
		tc := tls.Client(conn, cfg)
		if err = tc.HandshakeContext(ctx); err == nil {
			c, err = newClient(tc)
		}
	case bridgeapi.SecurityStartTLS:
		if c, err = newClient(conn); err == nil {
			if err = c.StartTLS(ctx, cfg); err != nil {
				c.Close()
			}
		}
	case bridgeapi.SecurityPlain:
		c, err = newClient(conn)
	default:
		err = fmt.Errorf("mailconn: unknown security %q; want tls, starttls or plain", security)
	}
	return c, err
}
