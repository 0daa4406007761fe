package server

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/relay"
)

// Server is the bridge's HTTP side.
type Server struct {
	opts     Options
	log      *slog.Logger
	metrics  *metrics.Metrics
	relay    *relay.Handler
	handler  http.Handler
	draining atomic.Bool
}

// New builds a Server; it does not listen yet.
func New(opts *Options) (*Server, error) {
	s := &Server{}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.Listen == "" {
		s.opts.Listen = "127.0.0.1:8080"
	}
	if s.opts.ShutdownTimeout <= 0 {
		s.opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	if (s.opts.TLSCert == "") != (s.opts.TLSKey == "") {
		return nil, errors.New("server: -tls-cert and -tls-key go together")
	}
	s.log = s.opts.Logger
	if s.log == nil {
		s.log = slog.Default()
	}
	s.metrics = s.opts.Metrics
	if s.metrics == nil {
		s.metrics = metrics.New()
	}
	ro := relay.Options{}
	if s.opts.Relay != nil {
		ro = *s.opts.Relay
	}
	if ro.Metrics == nil {
		ro.Metrics = s.metrics
	}
	if ro.Logger == nil {
		ro.Logger = s.log
	}
	servesTLS := s.opts.TLSCert != ""
	ro.Origins = slices.Clone(ro.Origins)
	for _, n := range s.opts.PublicNames {
		o, err := publicOrigin(n, servesTLS)
		if err != nil {
			return nil, err
		}
		ro.Origins = append(ro.Origins, o)
	}
	rh, err := relay.New(&ro)
	if err != nil {
		return nil, err
	}
	s.relay = rh
	body, err := targetsBody(&ro, s.opts.Demo, s.opts.OAuth)
	if err != nil {
		return nil, err
	}

	mux := http.NewServeMux()
	mux.Handle(bridgeapi.PathWebSocket, rh)
	mux.Handle(bridgeapi.PathTargets, s.withCORS(serveJSON(body)))
	mux.Handle(bridgeapi.PathAutoconfig, s.withCORS(autoconfig.Handler(s.opts.Autoconfig, s.log.With("component", "autoconfig"), ro.ClientIP)))
	mux.HandleFunc(bridgeapi.PathHealth, s.health)
	if s.opts.MetricsListen == "" {
		mux.Handle(bridgeapi.PathMetrics, s.metrics.Handler())
	} else {
		// Not left to Root, which may answer any path with the app.
		mux.Handle(bridgeapi.PathMetrics, http.NotFoundHandler())
	}
	if s.opts.Root != nil {
		mux.Handle("/", s.withCORS(s.opts.Root))
	} else {
		mux.Handle("/", http.NotFoundHandler())
	}
	s.handler = withHeaders(mux)
	return s, nil
}

// Handler returns the routes, for tests and for embedding.
func (s *Server) Handler() http.Handler { return s.handler }

// Relay returns the relay handler.
func (s *Server) Relay() *relay.Handler { return s.relay }

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if s.draining.Load() {
		// A load balancer stops sending new clients here.
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	fmt.Fprintln(w, "ok")
}

// URL returns the address a browser should open for listener l.
func (s *Server) URL(l net.Listener) string {
	scheme := "http"
	if s.opts.TLSCert != "" {
		scheme = "https"
	}
	host, port, _ := net.SplitHostPort(l.Addr().String())
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + "/"
}

// Listen opens the main listener (and the metrics one, if configured).
// Without PublicNames, it allows the pages of the listener's own origins
// (see Options.PublicNames), which need the port it got.
func (s *Server) Listen() (main, metrics net.Listener, err error) {
	main, err = net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return nil, nil, fmt.Errorf("server: %w", err)
	}
	if len(s.opts.PublicNames) == 0 {
		own := listenerOrigins(main.Addr(), s.opts.TLSCert != "")
		if err := s.relay.AllowOrigins(own...); err != nil {
			main.Close()
			return nil, nil, fmt.Errorf("server: %w", err)
		}
		if !isLocal(main.Addr()) {
			s.log.Warn("no -public-name given: the relay accepts pages only from the listener's own address and loopback names; give -public-name with the name users open", "origins", s.relay.Origins())
		}
	}
	s.log.Info("relay origins", "origins", s.relay.Origins())
	if s.opts.MetricsListen != "" {
		metrics, err = net.Listen("tcp", s.opts.MetricsListen)
		if err != nil {
			main.Close()
			return nil, nil, fmt.Errorf("server: metrics: %w", err)
		}
	}
	return main, metrics, nil
}

// Serve serves on the listeners from Listen until ctx is done, then shuts
// down gracefully: listeners close at once, /healthz turns 503, sessions
// get ShutdownTimeout to finish, and the rest are closed with "going away".
// It returns nil after a shutdown asked for through ctx.
func (s *Server) Serve(ctx context.Context, l, ml net.Listener) error {
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	if s.opts.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(s.opts.TLSCert, s.opts.TLSKey)
		if err != nil {
			l.Close()
			if ml != nil {
				ml.Close()
			}
			return fmt.Errorf("server: %w", err)
		}
		hs.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		l = tls.NewListener(l, hs.TLSConfig)
	}
	var ms *http.Server
	if ml != nil {
		mux := http.NewServeMux()
		mux.Handle(bridgeapi.PathMetrics, s.metrics.Handler())
		ms = &http.Server{Handler: withHeaders(mux), ReadHeaderTimeout: 10 * time.Second}
		go ms.Serve(ml)
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(l) }()

	select {
	case err := <-errc:
		if ms != nil {
			ms.Close()
		}
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}

	s.draining.Store(true)
	s.log.Info("shutting down", "drain", s.opts.ShutdownTimeout, "sessions", s.relay.ActiveSessions())
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	// The http.Server stops accepting and waits for ordinary requests;
	// it does not track the hijacked WebSocket connections, which the
	// relay drains itself, concurrently.
	herr := make(chan error, 1)
	go func() { herr <- hs.Shutdown(sctx) }()
	rerr := s.relay.Shutdown(sctx)
	if err := <-herr; err != nil {
		hs.Close()
	}
	if ms != nil {
		ms.Close()
	}
	<-errc
	if rerr != nil {
		s.log.Info("drain deadline reached; remaining sessions closed with going away")
	}
	s.log.Info("stopped")
	return nil
}
