package pop3server

import (
	"bufio"
	"crypto/tls"
)

// STLS (RFC 2595 §4) upgrades the session to TLS. It is offered only in
// the AUTHORIZATION state, when Options.TLSConfig is set and the session is
// not already encrypted.
func (ss *session) cmdStls(args []string, _ string) {
	switch {
	case ss.opts.TLSConfig == nil:
		ss.bad("STLS not available")
		return
	case ss.isTLS:
		ss.err("already using TLS")
		return
	case len(args) != 0:
		ss.bad("syntax: STLS")
		return
	}
	ss.ok("begin TLS negotiation")
	if err := ss.w.Flush(); err != nil {
		ss.done = true
		return
	}
	// Anything the client sent after STLS, before the handshake, was sent
	// in the clear and must not be run as if it came over TLS (the
	// CVE-2011-0411 command-injection class).
	ss.r.Discard(ss.r.Buffered())

	tc := tls.Server(ss.conn, ss.opts.TLSConfig)
	// The idle deadline set before this command also bounds the handshake.
	if err := tc.Handshake(); err != nil {
		ss.log.Debug("pop3server: STLS handshake failed", "err", err)
		ss.done = true
		return
	}
	ss.conn = tc
	ss.r = bufio.NewReader(tc)
	ss.w = bufio.NewWriter(tc)
	ss.isTLS = true
	// RFC 2595 §4: the client forgets what it learnt before TLS, and the
	// server forgets any USER given before it.
	ss.pendingUser = ""
}
