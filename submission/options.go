package submission

import (
	"crypto/tls"
	"time"
)

// Options configure a Client. Nil means safe defaults.
type Options struct {
	// LocalName is the name the client gives in EHLO; default "localhost",
	// which reveals nothing about the device.
	LocalName string
	// TLSConfig secures StartTLS when it is called with a nil config.
	TLSConfig *tls.Config
	// AllowInsecureAuth lets Auth send credentials, and Send a message,
	// without TLS: only for a trusted loopback server or the demo.
	AllowInsecureAuth bool
	// Timeout bounds the wait for each reply; default 5 minutes for
	// commands (RFC 5321 §4.5.3.2) and twice that for the reply to the
	// final dot, which a server may spend scanning the message.
	Timeout time.Duration
	// MaxLineLength bounds a reply line; default 2000 octets, twice RFC
	// 5321's limit, so that a hostile server cannot exhaust memory.
	MaxLineLength int
}

const (
	defaultTimeout   = 5 * time.Minute
	defaultMaxLine   = 2000
	defaultLocalName = "localhost"
	maxReplyLines    = 200
)

func (o *Options) timeout() time.Duration {
	if o == nil || o.Timeout <= 0 {
		return defaultTimeout
	}
	return o.Timeout
}

func (o *Options) maxLine() int {
	if o == nil || o.MaxLineLength <= 0 {
		return defaultMaxLine
	}
	return o.MaxLineLength
}

func (o *Options) localName() string {
	if o == nil || o.LocalName == "" {
		return defaultLocalName
	}
	return o.LocalName
}
