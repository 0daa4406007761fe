package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/poppymail/poppy/bridge/bridgeapi"
	"github.com/poppymail/poppy/bridge/internal/autoconfig"
	"github.com/poppymail/poppy/bridge/internal/demo"
	"github.com/poppymail/poppy/bridge/internal/limits"
	"github.com/poppymail/poppy/bridge/internal/metrics"
	"github.com/poppymail/poppy/bridge/internal/relay"
	"github.com/poppymail/poppy/bridge/internal/server"
	"github.com/poppymail/poppy/bridge/internal/targets"
)

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("-log-level %q: debug, info, warn or error", s)
	}
	return l, nil
}

func newLogger(cfg *serveConfig, w io.Writer) *slog.Logger {
	level, _ := parseLevel(cfg.logLevel)
	opts := &slog.HandlerOptions{Level: level}
	if cfg.logFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// serve runs the bridge until ctx ends.
func serve(ctx context.Context, cfg *serveConfig, stdout, stderr io.Writer, ready func(string)) error {
	log := newLogger(cfg, stderr)

	var reg targets.Registry
	var demoLogin *bridgeapi.DemoLogin
	if cfg.demo {
		mb, err := demo.Start(cfg.demoDir, log.With("component", "demo"))
		if err != nil {
			return fmt.Errorf("%w (run from the repository root, or set -demo-dir)", err)
		}
		defer mb.Close()
		if err := reg.Add(mb.Target()); err != nil {
			return err
		}
		l := mb.Login()
		demoLogin = &l
		fmt.Fprintf(stdout, "Demo mailbox: target %q, user %q, password %q (%d messages; plain POP3 on %s, submission on %s delivering only to %s)\n",
			bridgeapi.DemoTarget, l.Username, l.Password, mb.Count(), mb.Addr(), mb.SubmissionAddr(), demo.Address)
	}
	for _, t := range cfg.targets {
		if err := reg.Add(t); err != nil {
			return err
		}
	}
	var custom *targets.Custom
	if cfg.allowCustom {
		custom = &targets.Custom{
			Ports:           cfg.customPorts,
			Forbid:          cfg.forbid,
			SubmissionPorts: cfg.customSubmissionPorts,
			NoSubmission:    cfg.customSubmissionPorts == nil,
			Allow:           cfg.allowInternal,
		}
		if r := autoconfig.NetResolver(cfg.resolver); r != nil {
			custom.Resolver = r
		}
	}
	lookups := newLookuper(cfg, custom)

	relayOpts := &relay.Options{
		Targets:          &reg,
		Custom:           custom,
		Dialer:           &targets.Dialer{Timeout: cfg.dialTimeout},
		Origins:          cfg.origins,
		Limiter:          limits.New(&cfg.limits),
		ClientIP:         &limits.ClientIP{Trusted: cfg.trustedProxies},
		IdleTimeout:      cfg.idleTimeout,
		MaxSessionLength: cfg.maxSessionLength,
		MaxMessageSize:   cfg.maxMessageSize,
	}
	// The page's sign-in shell lists the same servers as /api/targets.
	listed := server.Targets(relayOpts, demoLogin, cfg.oauth)
	srv, err := server.New(&server.Options{
		Listen:          cfg.listen,
		TLSCert:         cfg.tlsCert,
		TLSKey:          cfg.tlsKey,
		MetricsListen:   cfg.metricsListen,
		PublicNames:     cfg.publicNames,
		ShutdownTimeout: cfg.shutdownTimeout,
		Logger:          log,
		Metrics:         metrics.New(),
		Demo:            demoLogin,
		OAuth:           cfg.oauth,
		Autoconfig:      lookups,
		Root:            webRoot(cfg, &listed, oauthConnect(ctx, cfg.oauth, oauthDiscoveryTimeout, log), log),
		Relay:           relayOpts,
	})
	if err != nil {
		return err
	}
	l, ml, err := srv.Listen()
	if err != nil {
		return err
	}
	url := srv.URL(l)
	names := make([]string, 0, reg.Len())
	for _, t := range reg.List() {
		name := t.String()
		if t.ProxyProtocol {
			name += " (PROXY header)"
		}
		if st, err := t.For(bridgeapi.ServiceSubmission); err == nil {
			name += fmt.Sprintf(" (sends via %s/%s", st.Addr(), st.Security)
			if st.ProxyProtocol {
				name += ", PROXY header"
			}
			name += ")"
		}
		names = append(names, name)
	}
	fmt.Fprintf(stdout, "Targets: %s; user-entered servers: %s; address lookups: %s\n", strings.Join(names, " "), custom, lookupsText(cfg, lookups))
	if ml != nil {
		fmt.Fprintf(stdout, "Metrics on http://%s/metrics\n", ml.Addr())
	}
	fmt.Fprintf(stdout, "Poppy bridge listening on %s\n", url)
	if ready != nil {
		ready(url)
	}
	return srv.Serve(ctx, l, ml)
}

// newLookuper returns the address lookups of /api/autoconfig, or nil when
// they are off: by -autoconfig=false, or because user-entered servers,
// through which found servers are reached, are not allowed.
func newLookuper(cfg *serveConfig, custom *targets.Custom) *autoconfig.Lookuper {
	if !cfg.autoconfig || custom == nil {
		return nil
	}
	return autoconfig.New(custom, &autoconfig.Options{
		Resolver:   cfg.resolver,
		Domains:    cfg.autoconfigDomains,
		AllowPlain: cfg.autoconfigAllowPlain,
	})
}

func lookupsText(cfg *serveConfig, l *autoconfig.Lookuper) string {
	switch {
	case l == nil && cfg.autoconfig:
		return "off (needs -allow-custom)"
	case l == nil:
		return "off"
	case len(cfg.autoconfigDomains) > 0:
		return "on for " + strings.Join(cfg.autoconfigDomains, ",")
	}
	return "on"
}
