package pop3

import (
	"context"
	"crypto/tls"
	"net"
	"time"
)

// Options configure a Client. A nil *Options, and every zero field, means
// the safe default noted beside it.
type Options struct {
	// TLSConfig is used by DialTLS, and by StartTLS when it is given no
	// config of its own. When its ServerName is empty, the host part of
	// the address passed to Dial or DialTLS is used.
	TLSConfig *tls.Config

	// Dialer opens the TCP connection for Dial and DialTLS; default a
	// net.Dialer.
	Dialer interface {
		DialContext(ctx context.Context, network, addr string) (net.Conn, error)
	}

	// Timeout is how long the server may stay silent while a reply is
	// awaited, and how long a write may block; default 60 s. It bounds
	// each read, not a whole transfer, so a large message on a slow link
	// is fine while a stalled server is not.
	Timeout time.Duration

	// MaxLineLength bounds one line of a message body; default 1 MiB.
	// RFC 5322 allows 998 octets, but real mail breaks that often enough
	// (HTML without line breaks) that a reader must be generous.
	MaxLineLength int

	// MaxMessageSize bounds the body of one RETR or TOP reply; default
	// 512 MiB.
	MaxMessageSize int64

	// MaxListingSize bounds a CAPA, LIST or UIDL reply, which is held in
	// memory; default 64 MiB (about 700,000 UIDL lines).
	MaxListingSize int64

	// DisablePipelining sends batches one command per round trip even
	// when the server advertises PIPELINING, for servers that advertise it
	// but mishandle it.
	DisablePipelining bool

	// PipelineWindow is the most command bytes left unanswered while
	// pipelining; default 16 KiB. RFC 2449 §6.6 asks for no more than the
	// TCP window, so that neither side blocks writing while the other
	// waits for it to read.
	PipelineWindow int

	// AllowInsecureAuth lets Login and Authenticate send credentials over
	// a connection without TLS. Only for loopback and test servers.
	AllowInsecureAuth bool

	// SASLInitialResponse sends the first SASL step on the AUTH line
	// (RFC 5034 initial response). Off by default, because some servers
	// (Office 365 with XOAUTH2) refuse it.
	SASLInitialResponse bool

	// Progress, when set, is called while a RETR or TOP body is read, at
	// most about every 64 KiB and once at the end.
	Progress func(Progress)
}

// Progress reports how much of a message body has been received.
type Progress struct {
	Command string // "RETR" or "TOP"
	Msg     int    // message number
	Bytes   int64  // bytes delivered so far (after dot-unstuffing)
	// Total is the expected size: from the "+OK n octets" reply when the
	// server sends one, else from the last List. -1 when unknown. Servers
	// may round it, so Bytes can end a little above or below.
	Total int64
	Done  bool
}

const (
	defaultTimeout        = 60 * time.Second
	defaultMaxLineLength  = 1 << 20
	defaultMaxMessageSize = 512 << 20
	defaultMaxListingSize = 64 << 20
	defaultPipelineWindow = 16 << 10
	// statusLineMax bounds a status line: RFC 2449 allows 512 octets; this
	// leaves room for chatty servers without letting one exhaust memory.
	statusLineMax = 64 << 10
	progressEvery = 64 << 10
)

func (o *Options) withDefaults() Options {
	var r Options
	if o != nil {
		r = *o
	}
	if r.Timeout <= 0 {
		r.Timeout = defaultTimeout
	}
	if r.MaxLineLength <= 0 {
		r.MaxLineLength = defaultMaxLineLength
	}
	if r.MaxMessageSize <= 0 {
		r.MaxMessageSize = defaultMaxMessageSize
	}
	if r.MaxListingSize <= 0 {
		r.MaxListingSize = defaultMaxListingSize
	}
	if r.PipelineWindow <= 0 {
		r.PipelineWindow = defaultPipelineWindow
	}
	if r.Dialer == nil {
		r.Dialer = &net.Dialer{}
	}
	return r
}
