//go:build !js

package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"

	"github.com/poppymail/poppy/internal/measure"
	"github.com/poppymail/poppy/internal/oidctest"
	"github.com/poppymail/poppy/pop3"
	"github.com/poppymail/poppy/pop3/pop3test/dovecottest"
)

// oauthReport is the round trips of one sign-in to a real Dovecot over
// implicit TLS, counted after the handshake up to the server's +OK to
// the login: with a password (the engine's Login), and with an access
// token from a real OpenID provider (Ory Hydra) over each OAuth
// mechanism, as app/ui signs in (CAPA, then AUTH).
type oauthReport struct {
	password, oauthBearer, xoauth2 int
}

// oauthExtraTarget is issue 12's: OAuth costs at most one POP3 round
// trip more than a password.
var oauthExtraTarget = measure.Target{Text: "≤ 1 extra round trip", Op: measure.AtMost, Bound: 1}

// measureOAuth starts Hydra and a Dovecot whose oauth2 passdb asks it
// about each token. The harnesses take a testing.TB: testing.Benchmark
// lends one (a *testing.B), and the work runs once however often it
// calls.
func measureOAuth() (*oauthReport, error) {
	var (
		once sync.Once
		rep  *oauthReport
		err  error
	)
	// The harnesses read testing's flags (-short); the report's own
	// flags are parsed already, so these keep their defaults.
	testing.Init()
	testing.Benchmark(func(b *testing.B) {
		once.Do(func() { rep, err = countOAuthTrips(b) })
	})
	if rep == nil && err == nil {
		err = fmt.Errorf("the OAuth sign-in needs Dovecot and Hydra, as make test does: run make deps-test, as root")
	}
	return rep, err
}

func countOAuthTrips(b testing.TB) (*oauthReport, error) {
	p := oidctest.Start(b, &oidctest.Options{Users: map[string]string{benchUser: oidctest.DefaultPassword}})
	d := dovecottest.Start(b, &dovecottest.Config{
		Users:  map[string]string{benchUser: benchPass},
		OAuth2: &dovecottest.OAuth2{IntrospectionURL: p.IntrospectionURL()},
	})
	tok := p.Token(p.RegisterClient(nil), benchUser).AccessToken
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	signIns := []struct {
		trips *int
		login func(*pop3.Client) error
	}{
		{nil, func(c *pop3.Client) error { return c.Login(ctx, benchUser, benchPass) }},
		{nil, func(c *pop3.Client) error {
			if _, err := c.Capabilities(ctx); err != nil {
				return err
			}
			return c.Authenticate(ctx, sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{Username: benchUser, Token: tok}))
		}},
		{nil, func(c *pop3.Client) error {
			if _, err := c.Capabilities(ctx); err != nil {
				return err
			}
			return c.Authenticate(ctx, pop3.NewXOAuth2Client(benchUser, tok))
		}},
	}
	rep := &oauthReport{}
	signIns[0].trips, signIns[1].trips, signIns[2].trips = &rep.password, &rep.oauthBearer, &rep.xoauth2
	for _, s := range signIns {
		raw, err := net.Dial("tcp", d.TLSAddr)
		if err != nil {
			return nil, err
		}
		// Counted under TLS, whose records carry one burst each way as
		// the commands do: the engine must see a *tls.Conn to send
		// credentials at all.
		cc := &tripConn{Conn: raw}
		tc := tls.Client(cc, d.TLSConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		c, err := pop3.NewClient(tc, nil)
		if err != nil {
			return nil, err
		}
		cc.reset() // the greeting is no round trip of the sign-in
		err = s.login(c)
		*s.trips = cc.trips
		c.Close()
		if err != nil {
			return nil, fmt.Errorf("sign-in to Dovecot: %w", err)
		}
	}
	return rep, nil
}

// tripConn counts round trips: a write after the server spoke (or the
// first write) starts one; writes in a row are one pipelined burst.
type tripConn struct {
	net.Conn
	mu       sync.Mutex
	trips    int
	answered bool
}

func (c *tripConn) reset() { c.mu.Lock(); c.trips, c.answered = 0, true; c.mu.Unlock() }

func (c *tripConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if c.answered {
		c.trips++
		c.answered = false
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *tripConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		c.answered = true
		c.mu.Unlock()
	}
	return n, err
}
