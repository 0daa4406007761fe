package server

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// DefaultShutdownTimeout is how long running sessions may take to finish
// on their own after SIGTERM before they are closed with "going away".
const DefaultShutdownTimeout = 10 * time.Second

// Options configure a Server. Nil or zero fields mean the defaults noted.
type Options struct {
	// Listen is the address of the HTTP(S) listener; default
	// 127.0.0.1:8080.
	Listen string
	// TLSCert and TLSKey are PEM files; when both are set the listener
	// serves HTTPS, which a PWA needs off localhost.
	TLSCert, TLSKey string

	// PublicNames are the names users open the bridge at, each
	// [scheme://]host[:port]: pages there may use the relay, as may those
	// of Relay.Origins. Without a scheme a name takes the bridge's own
	// (https when TLSCert is set, http otherwise; behind a TLS-terminating
	// proxy write https:// explicitly), and without a port the scheme's
	// default. With TLSCert set, an http:// name is an error.
	//
	// Empty means the listener's own address and, when it is loopback or
	// unspecified, localhost, 127.0.0.1 and [::1], all with its port: the
	// names of a bridge on this machine, none of which a DNS rebinding
	// attack can take over.
	PublicNames []string

	// Relay configures the relay; its Metrics and Logger default to the
	// server's own.
	Relay *relay.Options
	// Demo, when set, is the login of the demo target, published in
	// /api/targets.
	Demo *bridgeapi.DemoLogin
	// OAuth are the OAuth providers listed in /api/targets (-oauth).
	OAuth []bridgeapi.OAuthProvider

	// Autoconfig answers GET /api/autoconfig (address lookups, see
	// package autoconfig); nil answers every lookup with the "disabled"
	// refusal, so that the page can say so.
	Autoconfig *autoconfig.Lookuper

	// Root serves everything not routed here: the web app. Nil answers
	// 404, which is right for a bridge that only relays.
	Root http.Handler

	// MetricsListen, when set, serves /metrics on its own listener (for
	// example 127.0.0.1:9090) instead of the public one.
	MetricsListen string

	// ShutdownTimeout bounds the drain; default DefaultShutdownTimeout.
	ShutdownTimeout time.Duration

	// Logger; nil means slog.Default().
	Logger *slog.Logger
	// Metrics; nil means a new metrics.Metrics.
	Metrics *metrics.Metrics
}
