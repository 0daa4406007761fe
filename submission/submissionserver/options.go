package submissionserver

import (
	"crypto/tls"
	"log/slog"
	"time"
)

// Defaults of Options.
const (
	// DefaultMaxMessageBytes is the SIZE limit (RFC 1870) when
	// Options.MaxMessageBytes is zero: 25 MiB, a common provider limit.
	DefaultMaxMessageBytes = 25 << 20
	// DefaultMaxRecipients bounds RCPT commands per message.
	DefaultMaxRecipients = 100
	// DefaultTimeout bounds waiting for a command line and writing a reply.
	DefaultTimeout = 5 * time.Minute
	// DefaultDomain is the name in the greeting and EHLO reply: a demo
	// must not tell the name of the machine it runs on.
	DefaultDomain = "localhost"
)

// Options configure a Server. A nil *Options, and every zero field, means
// the safe default documented on the field.
type Options struct {
	// Domain is the server's name in the greeting; default DefaultDomain.
	Domain string
	// TLSConfig enables STARTTLS (RFC 3207) on plain listeners and is the
	// configuration of implicit TLS (ServeTLS, StartLocalTLS). Nil means
	// neither.
	TLSConfig *tls.Config
	// AllowInsecureAuth offers AUTH before TLS. False (the default) keeps
	// credentials off plain connections; only a loopback server, such as
	// the demo's, should set it.
	AllowInsecureAuth bool

	// MaxMessageBytes is the SIZE limit; zero means DefaultMaxMessageBytes.
	// A message over it is refused with 552 5.3.4, at MAIL when its size
	// was declared, at the end of DATA otherwise.
	MaxMessageBytes int64
	// MaxRecipients bounds recipients per message; zero means
	// DefaultMaxRecipients.
	MaxRecipients int
	// Timeout bounds waiting for a command and writing a reply; zero means
	// DefaultTimeout.
	Timeout time.Duration

	// Recipient judges one RCPT TO of user's transaction from "from"; nil
	// accepts every recipient. Return a *Refusal to answer in your own
	// words (550 5.1.1, 550 5.7.1, ...), ErrHangUp to drop the
	// connection; another error is answered 451. It is called from session goroutines, concurrently.
	Recipient func(user, from, to string) error
	// Deliver takes an accepted message: the envelope (the recipients
	// that Recipient accepted) and the message as received, CRLF line
	// endings, dot-stuffing removed. Returning nil is the 250 that tells
	// the client the message is accepted; a *Refusal or another error
	// (answered 451) refuses it; ErrHangUp drops the connection before
	// any reply. Nil keeps every message for Messages.
	// It is called from session goroutines, concurrently.
	Deliver func(from string, to []string, msg []byte) error

	// Latency is a one-way delay put on every connection (see
	// pop3/pop3server/netsim.Delay), below TLS: a round trip costs
	// 2×Latency, which makes PIPELINING's gain and a slow link's cost
	// visible on loopback. Zero means none.
	Latency time.Duration

	// Logger receives session events at Debug level. Nil discards them.
	// It never receives a password or a message's content.
	Logger *slog.Logger
}

func (o *Options) withDefaults() Options {
	var c Options
	if o != nil {
		c = *o
	}
	if c.Domain == "" {
		c.Domain = DefaultDomain
	}
	if c.MaxMessageBytes <= 0 {
		c.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if c.MaxRecipients <= 0 {
		c.MaxRecipients = DefaultMaxRecipients
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}
