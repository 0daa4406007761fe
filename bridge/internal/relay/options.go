package relay

import (
	"log/slog"
	"time"

	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

// Defaults for Options.
const (
	DefaultIdleTimeout      = 10 * time.Minute
	DefaultMaxSessionLength = time.Hour
	DefaultMaxMessageSize   = 64 << 10
	// MaxMessageToBrowser is the largest message sent to a browser.
	MaxMessageToBrowser = chunkSize
	// DefaultLinger is how long the bridge keeps reading from a mail
	// server after the browser left and the TCP connection was half-closed.
	DefaultLinger = 5 * time.Second
)

// Options configure a Handler. A nil *Options, and every zero field, means
// the safe default noted beside it.
type Options struct {
	// Targets are the operator's mail servers; nil means none.
	Targets *targets.Registry
	// Custom enables user-entered servers (target=custom); nil disables
	// them.
	Custom *targets.Custom
	// Dialer connects to targets; nil means a targets.Dialer with its
	// default timeout.
	Dialer *targets.Dialer

	// Origins lists the origins whose pages may open a session,
	// "https://mail.example.com", the bridge's own included: nil refuses
	// every page. Each is matched exactly (scheme, host, port;
	// case-insensitively), with no wildcards, and the request's Host header
	// counts for nothing (see Handler.AllowOrigins for origins known only
	// once the server listens).
	Origins []string

	// Limiter admits sessions; nil means limits.New(nil), its defaults.
	Limiter *limits.Limiter
	// ClientIP tells who the client is; nil means the TCP peer, with
	// X-Forwarded-For ignored.
	ClientIP *limits.ClientIP

	// IdleTimeout ends a session in which no byte moved either way for
	// this long; default DefaultIdleTimeout. It also ends a session whose
	// browser stopped reading, since nothing then moves.
	IdleTimeout time.Duration
	// MaxSessionLength ends any session after this long; default
	// DefaultMaxSessionLength.
	MaxSessionLength time.Duration
	// MaxMessageSize bounds one message from the browser; default
	// DefaultMaxMessageSize. Messages to the browser are at most
	// MaxMessageToBrowser bytes.
	MaxMessageSize int64
	// Linger bounds the wait for a mail server to finish after the browser
	// left; default DefaultLinger.
	Linger time.Duration

	// Logger gets one Info line per session and per refusal; nil discards.
	Logger *slog.Logger
	// Metrics records counters; nil records nothing.
	Metrics *metrics.Metrics

	// clock times idle and session-length limits; nil is the real one.
	// Package tests set a fake (export_test.go).
	clock clock
}

func orDuration(v, def time.Duration) time.Duration {
	if v <= 0 {
		return def
	}
	return v
}
